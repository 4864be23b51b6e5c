namespace KrrDistill.Privacy;

/// <summary>The differential-privacy modes of distillation (docs/privacy.md).</summary>
public enum PrivacyMode
{
    /// <summary>
    /// Theorem 6.2 (docs/theory.md §5): noise initialization with σ calibrated so that each row of the distilled set is
    /// (ε, δ)-DP with respect to one training input, under the theorem's assumptions (λ = 0, m &gt; k, Y_S secret).
    /// </summary>
    RowDp,

    /// <summary>
    /// Whole-set (ε, δ)-DP: the Gaussian mechanism on the clipped sufficient statistics (ΦᵀΦ, ΦᵀY), W from the
    /// noisy statistics, then distillation as post-processing.
    /// </summary>
    Dp,
}
