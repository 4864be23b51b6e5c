namespace KrrDistill.Reproduction;

/// <summary>One private release on the privacy curve: one configuration, one ε, one noise seed.</summary>
public sealed record PrivacyCurveRun
{
    /// <summary>Seed of the privacy noise (for the reproducibility of the experiment only).</summary>
    public required int NoiseSeed { get; init; }

    /// <summary>Noise standard deviation: of the released statistics (dp) or of Z (row-dp).</summary>
    public required double Sigma { get; init; }

    /// <summary>Dp: L2 sensitivity Δ of the statistics. Row-dp: the largest row sensitivity.</summary>
    public required double Sensitivity { get; init; }

    /// <summary>Dp: the classical Dwork–Roth σ (null for ε ≥ 1). Row-dp: Theorem 6.2's printed σ.</summary>
    public required double? ReferenceSigma { get; init; }

    /// <summary>Row-dp: σ₀ used; null in dp mode.</summary>
    public required double? Sigma0 { get; init; }

    /// <summary>Row-dp: σ_min(Φ) of the clipped private features; null in dp mode.</summary>
    public required double? SmallestSingularValue { get; init; }

    /// <summary>λ of the distilled model (chosen on the public validation split in dp mode, 0 in row-dp mode).</summary>
    public required double Lambda { get; init; }

    /// <summary>λ_S of the distilled set.</summary>
    public required double LambdaS { get; init; }

    /// <summary>Dp: negative eigenvalues of the noisy Gram matrix (set to 0 by the projection); 0 in row-dp mode.</summary>
    public required int NegativeEigenvalues { get; init; }

    /// <summary>Test accuracy of the private model (W̃ in dp mode, W = YΦ⁺ in row-dp mode).</summary>
    public required double ModelTestAccuracy { get; init; }

    /// <summary>Test accuracy of W_S refit on the released distilled set.</summary>
    public required double DistilledTestAccuracy { get; init; }

    /// <summary>‖c·W_S − W̃‖/‖W̃‖ with W_S refit on the recomputed features of the constructed inputs.</summary>
    public required double RelativeError { get; init; }

    /// <summary>Wall seconds of the release (noise, model, Algorithm 1, inversion, refit, test accuracy).</summary>
    public required double Seconds { get; init; }
}
