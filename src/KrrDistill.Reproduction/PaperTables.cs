namespace KrrDistill.Reproduction;

/// <summary>
/// The numbers of the paper's Table 3 (original vs distilled test accuracy) and Table 4 (KIP vs the closed
/// form), transcribed from the paper (also in docs/theory.md §6), for printing beside our own. The paper has no Fashion-MNIST numbers.
/// </summary>
public static class PaperTables
{
    /// <summary>The paper's Table 3, every number: data set × feature map × (original, IPC 1, 10, 50).</summary>
    public static IReadOnlyList<PaperTable3Entry> Table3 { get; } = BuildTable3();

    /// <summary>The paper's Table 4, every row: data set × IPC.</summary>
    public static IReadOnlyList<PaperTable4Entry> Table4 { get; } =
    [
        new("mnist", 1, 93.44, 0.17, 159, false, 93.72, 0.14, 16, 9.9),
        new("mnist", 10, 93.75, 0.10, 554, false, 93.69, 0.17, 16, 34.6),
        new("mnist", 50, 93.72, 0.11, 3114, false, 93.62, 0.24, 16, 194.6),
        new("cifar10", 1, 45.83, 0.29, 225, false, 47.85, 0.10, 21, 10.7),
        new("cifar10", 10, 47.50, 0.29, 594, false, 47.76, 0.12, 20, 29.7),
        new("cifar10", 50, 47.48, 0.20, 3510, false, 47.77, 0.06, 20, 175.5),
        new("cifar100", 1, 20.08, 0.20, 616, false, 21.58, 0.15, 20, 30.8),
        new("cifar100", 10, 21.56, 0.16, 9323, false, 21.59, 0.15, 20, 466.1),
        new("cifar100", 50, null, null, 396000, true, 21.58, 0.13, 25, 15840),
    ];

    /// <summary>The paper's name for a catalog data set (<c>MNIST</c>, <c>CIFAR-10</c>, ...), or the name itself.</summary>
    public static string DisplayName(string dataset) => dataset switch
    {
        "mnist" => "MNIST",
        "fashion-mnist" => "Fashion-MNIST",
        "fashion-mnist-sample" => "Fashion-MNIST (sample)",
        "cifar10" => "CIFAR-10",
        "cifar100" => "CIFAR-100",
        _ => dataset,
    };

    /// <summary>The paper's name for a feature map (<c>Linear</c>, <c>FCNN</c>, <c>RFF</c>).</summary>
    public static string FeatureDisplayName(string features) => features switch
    {
        "identity" => "Linear",
        "fcnn" => "FCNN",
        "rff" => "RFF",
        _ => features,
    };

    /// <summary>The paper's Table 3 accuracy (percent) for the cell, or null when the paper has none (e.g. Fashion-MNIST).</summary>
    /// <param name="dataset">Catalog data set name.</param>
    /// <param name="features"><c>identity</c>, <c>fcnn</c> or <c>rff</c>.</param>
    /// <param name="imagesPerClass">IPC, or null for the original model.</param>
    public static double? Table3Accuracy(string dataset, string features, int? imagesPerClass)
        => Table3.FirstOrDefault(e => e.Dataset == dataset && e.Features == features && e.ImagesPerClass == imagesPerClass)?.AccuracyPercent;

    /// <summary>The paper's Table 4 row for the data set and IPC, or null when the paper has none.</summary>
    public static PaperTable4Entry? Table4Row(string dataset, int imagesPerClass)
        => Table4.FirstOrDefault(e => e.Dataset == dataset && e.ImagesPerClass == imagesPerClass);

    private static List<PaperTable3Entry> BuildTable3()
    {
        // Rows as in the paper's Table 3: original, IPC 1, 10, 50; columns Linear (identity), FCNN, RFF.
        (string Dataset, double[][] Rows)[] table =
        [
            ("mnist", [[86.41, 93.89, 93.82], [86.41, 93.89, 93.82], [86.41, 93.89, 93.82], [86.41, 93.85, 93.82]]),
            ("cifar10", [[39.48, 47.86, 42.84], [39.48, 47.87, 42.84], [39.48, 47.84, 42.87], [39.48, 47.81, 42.73]]),
            ("cifar100", [[14.37, 21.42, 18.71], [14.37, 21.41, 18.70], [14.37, 21.52, 18.69], [14.37, 21.49, 18.57]]),
        ];
        string[] features = ["identity", "fcnn", "rff"];
        int?[] ipcs = [null, 1, 10, 50];
        var entries = new List<PaperTable3Entry>();
        foreach ((string dataset, double[][] rows) in table)
        {
            for (int r = 0; r < ipcs.Length; r++)
            {
                for (int c = 0; c < features.Length; c++)
                {
                    entries.Add(new PaperTable3Entry(dataset, features[c], ipcs[r], rows[r][c]));
                }
            }
        }

        return entries;
    }
}

/// <summary>One number of the paper's Table 3 (docs/theory.md §6): test accuracy in percent.</summary>
/// <param name="Dataset">Catalog name of the data set: <c>mnist</c>, <c>cifar10</c> or <c>cifar100</c>.</param>
/// <param name="Features">Feature map: <c>identity</c> (the paper's "Linear"), <c>fcnn</c> or <c>rff</c>.</param>
/// <param name="ImagesPerClass">IPC of the distilled set, or null for the original model.</param>
/// <param name="AccuracyPercent">Test accuracy in percent, as printed in the paper.</param>
public sealed record PaperTable3Entry(string Dataset, string Features, int? ImagesPerClass, double AccuracyPercent);
