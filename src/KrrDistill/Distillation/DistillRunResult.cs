using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>Everything a distillation run measured (the table of <c>krr-distill distill</c>).</summary>
public sealed class DistillRunResult
{
    /// <summary>The original model's fit.</summary>
    public required KrrFitResult Fit { get; init; }

    /// <summary>The distilled set (inputs, labels, λ_S, feature map, normalization).</summary>
    public required DistilledSet Set { get; init; }

    /// <summary>"analytic" (Algorithm 1) or "labels" (Theorem 4.2 only).</summary>
    public required string Method { get; init; }

    /// <summary>Labels used: "onehot", "model" or "fit".</summary>
    public required string LabelKind { get; init; }

    /// <summary>λ_S requested (before the cap).</summary>
    public required double RequestedLambdaS { get; init; }

    /// <summary>True when λ_S was lowered to the Theorem 4.1 cap.</summary>
    public required bool LambdaCapped { get; init; }

    /// <summary>‖W_S − W‖_F/‖W‖_F with W_S from the target features (before constructing inputs).</summary>
    public required double ErrorBeforeInversion { get; init; }

    /// <summary>‖c·W_S − W‖_F/‖W‖_F with W_S refit on φ(X_S) recomputed from the constructed inputs (c = <see cref="FeatureScale"/>).</summary>
    public required double ErrorAfterInversion { get; init; }

    /// <summary>Cosine between W_S (refit) and W.</summary>
    public required double Cosine { get; init; }

    /// <summary>‖φ(X_S) − c·Φ*‖_F/‖c·Φ*‖_F: how well the inputs reproduce the target features.</summary>
    public required double FeatureReconstructionError { get; init; }

    /// <summary>c with φ(X_S) = c·Φ* (1 except for rescaled rff targets).</summary>
    public required double FeatureScale { get; init; }

    /// <summary>Test accuracy of the original model W.</summary>
    public required double OriginalTestAccuracy { get; init; }

    /// <summary>Test accuracy of W_S (refit on the distilled set).</summary>
    public required double DistilledTestAccuracy { get; init; }

    /// <summary>Test accuracy of KRR on a random class-balanced real subset of the same size, one-hot labels, same λ_S.</summary>
    public required double RandomSubsetTestAccuracy { get; init; }

    /// <summary>Test accuracy of label distillation (Theorem 4.2) on that same real subset.</summary>
    public required double LabelDistilledTestAccuracy { get; init; }

    /// <summary>‖W_L − W‖/‖W‖ of that label-distilled model (exact only for m ≥ p).</summary>
    public required double LabelDistilledError { get; init; }

    /// <summary>Seconds per phase, in order.</summary>
    public required IReadOnlyList<(string Phase, double Seconds)> Timings { get; init; }
}
