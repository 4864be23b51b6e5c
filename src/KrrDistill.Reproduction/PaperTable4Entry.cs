namespace KrrDistill.Reproduction;

/// <summary>One row of the paper's Table 4 (docs/theory.md §6): KIP against the closed form, FCNN features, mean ± std over 4 runs, cost in GPU seconds.</summary>
/// <param name="Dataset">Catalog name of the data set: <c>mnist</c>, <c>cifar10</c> or <c>cifar100</c>.</param>
/// <param name="ImagesPerClass">IPC of the distilled sets.</param>
/// <param name="KipAccuracyPercent">KIP test accuracy in percent; null where the paper did not run KIP (CIFAR-100, IPC 50).</param>
/// <param name="KipAccuracyStd">Its standard deviation in percentage points; null with the accuracy.</param>
/// <param name="KipSeconds">KIP cost in seconds.</param>
/// <param name="KipSecondsEstimated">True when the paper's KIP cost is an estimate, not a measurement.</param>
/// <param name="OursAccuracyPercent">The closed form's test accuracy in percent.</param>
/// <param name="OursAccuracyStd">Its standard deviation in percentage points.</param>
/// <param name="OursSeconds">The closed form's cost in seconds.</param>
/// <param name="Speedup">KIP cost / our cost as printed (×).</param>
public sealed record PaperTable4Entry(
    string Dataset,
    int ImagesPerClass,
    double? KipAccuracyPercent,
    double? KipAccuracyStd,
    double KipSeconds,
    bool KipSecondsEstimated,
    double OursAccuracyPercent,
    double OursAccuracyStd,
    double OursSeconds,
    double Speedup);
