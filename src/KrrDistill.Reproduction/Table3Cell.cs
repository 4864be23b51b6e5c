namespace KrrDistill.Reproduction;

/// <summary>One cell of our Table 3: a data set, a feature map and an IPC, distilled once (noise init, λ_S = 0, seed 0).</summary>
public sealed record Table3Cell
{
    /// <summary>Catalog data set name.</summary>
    public required string Dataset { get; init; }

    /// <summary><c>identity</c> (the paper's "Linear"), <c>fcnn</c> or <c>rff</c>.</summary>
    public required string Features { get; init; }

    /// <summary>Distilled images per class.</summary>
    public required int ImagesPerClass { get; init; }

    /// <summary>λ of the original model (chosen on the validation split).</summary>
    public required double Lambda { get; init; }

    /// <summary>Test accuracy of the original model W (fraction).</summary>
    public required double OriginalAccuracy { get; init; }

    /// <summary>Test accuracy of W_S refit on the distilled set (fraction).</summary>
    public required double DistilledAccuracy { get; init; }

    /// <summary>Test accuracy of KRR on a class-balanced real subset of the same size (fraction): the baseline.</summary>
    public required double RandomSubsetAccuracy { get; init; }

    /// <summary>‖W_S − W‖_F/‖W‖_F with W_S from the target features.</summary>
    public required double ErrorBeforeInversion { get; init; }

    /// <summary>‖W_S − W‖_F/‖W‖_F with W_S refit on φ(X_S) recomputed from the constructed inputs.</summary>
    public required double ErrorAfterInversion { get; init; }

    /// <summary>Wall seconds of the run: fit of the original model (λ sweep included), distillation, inversion, refit, test accuracies.</summary>
    public required double Seconds { get; init; }

    /// <summary>Peak resident memory during the run, MB.</summary>
    public required double PeakMemoryMegabytes { get; init; }

    /// <summary>The paper's original-model accuracy (percent), null where the paper has none.</summary>
    public double? PaperOriginalPercent => PaperTables.Table3Accuracy(Dataset, Features, null);

    /// <summary>The paper's distilled accuracy (percent), null where the paper has none.</summary>
    public double? PaperDistilledPercent => PaperTables.Table3Accuracy(Dataset, Features, ImagesPerClass);
}
