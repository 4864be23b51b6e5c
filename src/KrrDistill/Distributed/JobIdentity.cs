using System.Globalization;
using System.IO.Hashing;
using System.Text;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Distributed;

/// <summary>
/// What the ranks of an MPI job must agree on before their statistics are summed (<see cref="MpiWorld.Agree"/>): the
/// command and its options beyond the fit, the ridge options that shape the fit, the feature map (its checksum), and the
/// training data (content fingerprint, row counts). Each part is compared by a 62-bit hash of its text; a part that
/// differs is named, with rank 0's value, in the refusal.
/// </summary>
internal sealed class JobIdentity
{
    /// <summary>Number of parts every identity has (the exchange carries a fixed number of values).</summary>
    public const int Parts = 4;

    private JobIdentity(params (string What, string Value, string Shown)[] parts)
    {
        Names = [.. parts.Select(p => p.What)];
        Shown = [.. parts.Select(p => p.Shown)];
        Hashes = [.. parts.Select(p => (long)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(p.Value)) >> 2))];
    }

    /// <summary>What each part is, for messages ("the feature map").</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Each part on this rank, as a message shows it.</summary>
    public IReadOnlyList<string> Shown { get; }

    /// <summary>Each part's hash: non-negative, so that −hash is a value too (the exchange takes minima as maxima of negatives).</summary>
    public IReadOnlyList<long> Hashes { get; }

    /// <summary>The identity of a rank that ends without a statistics pass (e.g. it printed help).</summary>
    public static JobIdentity None { get; } = new(("command", "none", "no statistics pass"), ("ridge options", "", ""), ("feature map", "", ""), ("training data", "", ""));

    /// <summary>The identity of a fit of <paramref name="split"/>'s training rows by <paramref name="ridge"/>, within <paramref name="job"/>.</summary>
    public static JobIdentity Of(KernelRidge ridge, TrainingSplit split, string? job)
    {
        KernelRidgeOptions o = ridge.Options;
        IReadOnlyList<double> grid = ridge.Grid;
        string options = FormattableString.Invariant($"seed {o.Seed}, validation fraction {o.ValidationFraction:R}, λ grid {string.Join(",", grid.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}, {o.Precision.Name()} precision");
        string shownOptions = FormattableString.Invariant($"seed {o.Seed}, validation fraction {o.ValidationFraction}, λ {(grid.Count == 1 ? $"{grid[0]:G6}" : $"from {grid.Count} values in [{grid.Min():G3}, {grid.Max():G3}]")}, {o.Precision.Name()} precision");
        IFeatureMap map = ridge.FeatureMap;
        string checksum = StatisticsArtefact.Checksum(map);
        string features = $"{map.Kind.ArtefactName()} p = {map.OutputDimension}, checksum {checksum}";
        string shownFeatures = $"{map.Kind.ArtefactName()} p = {map.OutputDimension}, checksum {checksum[..12]}";
        // The data by what they are, not by how they were named: the name is only shown.
        string data = $"{split.Train.Count} training and {split.Validation.Count} validation rows, fingerprint {split.Train.Data.Fingerprint}";
        string shownData = $"{split.Train.Data.SourceName}: {split.Train.Count} training and {split.Validation.Count} validation rows, fingerprint {split.Train.Data.Fingerprint[..12]}";
        string command = string.IsNullOrEmpty(job) ? "fit" : job;
        return new(("command", command, command), ("ridge options", options, shownOptions), ("feature map", features, shownFeatures), ("training data", data, shownData));
    }
}
