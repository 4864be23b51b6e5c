using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Features;

namespace KrrDistill.Reproduction;

/// <summary>Settings of <see cref="PrivacyCurveRunner"/> (<c>krr-distill reproduce --privacy</c>).</summary>
public sealed record PrivacyCurveOptions
{
    /// <summary>Catalog data set name (<see cref="DatasetCatalog.Names"/>); one data set per curve.</summary>
    public string Dataset { get; init; } = "mnist";

    /// <summary>Directory holding the data set files (null: the catalog's standard places).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Feature maps (<see cref="FeatureKinds.Names"/>), each at most once; p = d for every map.</summary>
    public IReadOnlyList<string> Features { get; init; } = ["identity", "fcnn"];

    /// <summary>The privacy budgets ε &gt; 0 of the curve (row-dp runs at those below 1 only).</summary>
    public IReadOnlyList<double> Epsilons { get; init; } = [0.5, 1, 2, 4, 8];

    /// <summary>δ ∈ (0, 1), the same for every point.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>Distilled images per class (m = IPC·k).</summary>
    public int ImagesPerClass { get; init; } = 10;

    /// <summary>
    /// Model seed: of the random feature maps, the train/validation split (as <c>krr-distill fit --seed</c>) and
    /// the noise initialization of Algorithm 1.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>
    /// Seeds of the privacy noise, one release per seed and point. Seeded only so that this experiment can be
    /// reproduced; a real release draws the noise from the operating system's generator.
    /// </summary>
    public IReadOnlyList<int> NoiseSeeds { get; init; } = [0, 1, 2];

    /// <summary>Throws <see cref="ArgumentException"/>, naming the command-line option, for settings that cannot run.</summary>
    public void Validate()
    {
        if (!DatasetCatalog.Names.Contains(Dataset, StringComparer.Ordinal))
        {
            throw new InputException($"--datasets: {DatasetCatalog.UnknownName(Dataset)} (known: {string.Join(", ", DatasetCatalog.Names)}).");
        }

        if (Features.Count == 0)
        {
            throw new InputException("--features needs at least one feature map (e.g. identity,fcnn).");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string kind in Features)
        {
            if (!FeatureKinds.Names.Contains(kind, StringComparer.Ordinal))
            {
                throw new InputException($"--features: unknown feature map '{kind}' (known: {string.Join(", ", FeatureKinds.Names)}).");
            }

            if (!seen.Add(kind))
            {
                throw new InputException($"--features lists '{kind}' twice.");
            }
        }

        if (Epsilons.Count == 0 || Epsilons.Any(e => !(e > 0) || !double.IsFinite(e)) || Epsilons.Distinct().Count() != Epsilons.Count)
        {
            throw new InputException($"--epsilons must be distinct finite numbers > 0 (got {string.Join(",", Epsilons.Select(e => e.ToString(CultureInfo.InvariantCulture)))}).");
        }

        if (!(Delta > 0 && Delta < 1))
        {
            throw new InputException($"--delta must lie in (0, 1) (got {Delta.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (ImagesPerClass < 1)
        {
            throw new InputException($"--ipc must be at least 1 (got {ImagesPerClass}).");
        }

        if (Seed < 0)
        {
            throw new InputException($"--seed must be a non-negative integer (got {Seed}).");
        }

        if (NoiseSeeds.Count == 0 || NoiseSeeds.Any(s => s < 0) || NoiseSeeds.Distinct().Count() != NoiseSeeds.Count)
        {
            throw new InputException($"--noise-seeds must be distinct non-negative integers (got {string.Join(",", NoiseSeeds)}).");
        }
    }
}
