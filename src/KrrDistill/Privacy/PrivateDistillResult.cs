using KrrDistill.Distillation;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Privacy;

/// <summary>Everything a private distillation measured, and exactly what it guarantees.</summary>
public sealed record PrivateDistillResult
{
    /// <summary>The released distilled set.</summary>
    public required DistilledSet Set { get; init; }

    /// <summary>The guarantee provided.</summary>
    public required PrivacyMode Mode { get; init; }

    /// <summary>ε.</summary>
    public required double Epsilon { get; init; }

    /// <summary>δ.</summary>
    public required double Delta { get; init; }

    /// <summary>Input clip B and the derived feature bound C.</summary>
    public required FeatureNormBound Bound { get; init; }

    /// <summary>Number of private training rows n.</summary>
    public required long PrivateCount { get; init; }

    /// <summary>Number of validation rows declared public (0 when λ was fixed).</summary>
    public required int PublicValidationCount { get; init; }

    /// <summary>Dp: L2 sensitivity Δ of the released statistics. Row-dp: the largest row sensitivity max_i Δ_i.</summary>
    public required double Sensitivity { get; init; }

    /// <summary>Noise standard deviation used: of the statistics (dp) or of Z (row-dp).</summary>
    public required double Sigma { get; init; }

    /// <summary>Dp: the classical Dwork–Roth σ for comparison (null for ε ≥ 1). Row-dp: Theorem 6.2's printed σ.</summary>
    public required double? ReferenceSigma { get; init; }

    /// <summary>Row-dp: σ₀ used (the lower bound on σ_min(Φ)); null in dp mode.</summary>
    public required double? Sigma0 { get; init; }

    /// <summary>Row-dp: σ_min(Φ) of the clipped private features (computed; not private); null in dp mode.</summary>
    public required double? SmallestSingularValue { get; init; }

    /// <summary>λ of the model that was distilled (W̃ in dp mode, 0 in row-dp mode).</summary>
    public required double Lambda { get; init; }

    /// <summary>λ asked for (null when chosen on the public validation split).</summary>
    public required double? LambdaRequested { get; init; }

    /// <summary>
    /// Dp: |min eig(G̃)|, the scale the noise gives the spectrum (the λ grid is centred on it). The negative
    /// eigenvalues are set to 0 (projection onto the positive semi-definite cone), so any λ &gt; 0 makes the system
    /// positive definite. 0 in row-dp mode.
    /// </summary>
    public required double NoiseEigenvalueScale { get; init; }

    /// <summary>How λ was set, in words.</summary>
    public required string LambdaSource { get; init; }

    /// <summary>Dp: number of negative eigenvalues of the noisy Gram matrix G̃ (set to 0 by the projection).</summary>
    public required int NegativeEigenvalues { get; init; }

    /// <summary>Dp with a public validation split: (λ, validation accuracy) over the grid; else empty.</summary>
    public required IReadOnlyList<(double Lambda, double Accuracy)> ValidationCurve { get; init; }

    /// <summary>The model distilled: W̃ (dp) or W (row-dp), k×p.</summary>
    public required Matrix Model { get; init; }

    /// <summary>Test accuracy of <see cref="Model"/>.</summary>
    public required double ModelTestAccuracy { get; init; }

    /// <summary>Test accuracy of W_S refit on the distilled set.</summary>
    public required double DistilledTestAccuracy { get; init; }

    /// <summary>‖W_S − Model‖/‖Model‖ with W_S from the target features.</summary>
    public required double ErrorBeforeInversion { get; init; }

    /// <summary>‖c·W_S − Model‖/‖Model‖ with W_S refit on the recomputed features of the constructed inputs.</summary>
    public required double ErrorAfterInversion { get; init; }

    /// <summary>c with φ(X_S) = c·Φ* (1 except for rescaled rff targets).</summary>
    public required double FeatureScale { get; init; }

    /// <summary>True when the privacy noise was drawn from a seed (tests, experiments) instead of the OS generator.</summary>
    public required bool NoiseReproducible { get; init; }

    /// <summary>The guarantee, in one sentence.</summary>
    public required string Guarantee { get; init; }

    /// <summary>What the guarantee assumes.</summary>
    public required IReadOnlyList<string> Assumptions { get; init; }

    /// <summary>What it does not cover.</summary>
    public required IReadOnlyList<string> NotCovered { get; init; }

    /// <summary>Private rows the clip scaled down. Not private: for the data owner's eyes only.</summary>
    public required long RowsClipped { get; init; }

    /// <summary>Feature rows the second, defensive clip had to scale (0 whenever the derived bound holds).</summary>
    public required long SafetyClips { get; init; }

    /// <summary>Seconds per phase, in order.</summary>
    public required IReadOnlyList<(string Phase, double Seconds)> Timings { get; init; }
}
