namespace KrrDistill.Reproduction;

/// <summary>A private distillation setting compared on the privacy curve (<see cref="PrivacyCurveRunner"/>).</summary>
public enum PrivacyCurveConfiguration
{
    /// <summary>Whole-set (ε, δ)-DP with the feature rows clipped to C = 1 (the default <see cref="Privacy.PrivacyOptions"/>).</summary>
    DpFeatureClip,

    /// <summary>Whole-set (ε, δ)-DP with the input rows clipped and the feature bound derived for the map (C = 1 by default).</summary>
    DpInputClip,

    /// <summary>PAPER.md Theorem 6.2: each distilled row (ε, δ)-DP while y_s stays secret; needs ε &lt; 1 and λ = 0.</summary>
    RowDp,
}
