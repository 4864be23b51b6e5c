using KrrDistill.Data;

namespace KrrDistill.Reproduction;

/// <summary>Settings of <see cref="ReproductionRunner.Run"/> (<c>krr-distill reproduce</c>).</summary>
public sealed record ReproductionOptions
{
    /// <summary>The paper's IPC values, used by both tables.</summary>
    public static IReadOnlyList<int> ImagesPerClassValues { get; } = [1, 10, 50];

    /// <summary>The feature maps of Table 3, in the paper's column order (identity is the paper's "Linear").</summary>
    public static IReadOnlyList<string> Table3Features { get; } = ["identity", "fcnn", "rff"];

    /// <summary>Which table to reproduce: 3 (original vs distilled) or 4 (closed form vs KIP).</summary>
    public int Table { get; init; } = 3;

    /// <summary>Catalog data set names (<see cref="DatasetCatalog.Names"/>), each at most once.</summary>
    public IReadOnlyList<string> Datasets { get; init; } = ["mnist", "fashion-mnist"];

    /// <summary>Directory holding the data set files (null: the catalog's standard places).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Table 4: seeds, one run each (the paper's 4 runs: 0, 1, 2, 3).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0, 1, 2, 3];

    /// <summary>Table 4: Adam steps of each KIP run (the paper ran 30000; the report extrapolates to that).</summary>
    public int KipSteps { get; init; } = 200;

    /// <summary>Table 4: KIP learning rate (the paper's 0.01).</summary>
    public double KipLearningRate { get; init; } = 0.01;

    /// <summary>Table 4: KIP target batch per step (the paper's 5000).</summary>
    public int KipBatchSize { get; init; } = 5000;

    /// <summary>The KIP step count of the paper, to which the measured seconds per step are extrapolated.</summary>
    public int PaperKipSteps { get; init; } = 30000;

    /// <summary>Throws <see cref="ArgumentException"/>, naming the command-line option, for settings that cannot run.</summary>
    public void Validate()
    {
        if (Table is not (3 or 4))
        {
            throw new InputException($"--table must be 3 or 4 (got {Table}).");
        }

        if (Datasets.Count == 0)
        {
            throw new InputException("--datasets needs at least one data set (e.g. mnist,fashion-mnist).");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in Datasets)
        {
            if (!DatasetCatalog.Names.Contains(name, StringComparer.Ordinal))
            {
                throw new InputException($"--datasets: {DatasetCatalog.UnknownName(name)} (known: {string.Join(", ", DatasetCatalog.Names)}).");
            }

            if (!seen.Add(name))
            {
                throw new InputException($"--datasets lists '{name}' twice.");
            }
        }

        if (Table == 4)
        {
            if (KipSteps < 1)
            {
                throw new InputException($"--kip-steps must be at least 1 (got {KipSteps}).");
            }

            if (Seeds.Count == 0 || Seeds.Any(s => s < 0) || Seeds.Distinct().Count() != Seeds.Count)
            {
                throw new InputException($"--seeds must be distinct non-negative integers (got {string.Join(",", Seeds)}).");
            }
        }
    }
}
