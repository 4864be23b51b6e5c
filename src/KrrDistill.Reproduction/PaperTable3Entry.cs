namespace KrrDistill.Reproduction;

/// <summary>One number of the paper's Table 3 (PAPER.md §5 (I)): test accuracy in percent.</summary>
/// <param name="Dataset">Catalog name of the data set: <c>mnist</c>, <c>cifar10</c> or <c>cifar100</c>.</param>
/// <param name="Features">Feature map: <c>identity</c> (the paper's "Linear"), <c>fcnn</c> or <c>rff</c>.</param>
/// <param name="ImagesPerClass">IPC of the distilled set, or null for the original model.</param>
/// <param name="AccuracyPercent">Test accuracy in percent, as printed in the paper.</param>
public sealed record PaperTable3Entry(string Dataset, string Features, int? ImagesPerClass, double AccuracyPercent);
