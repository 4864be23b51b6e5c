using KrrDistill.Privacy;

namespace KrrDistill.Reproduction;

/// <summary>One configuration of the privacy curve for one feature map: its prepared data and a cell per ε.</summary>
public sealed record PrivacyCurveColumn
{
    /// <summary>Feature map kind.</summary>
    public required string Features { get; init; }

    /// <summary>The privacy setting.</summary>
    public required PrivacyCurveConfiguration Configuration { get; init; }

    /// <summary>Input clip B and feature bound C (null when the preparation itself failed).</summary>
    public required FeatureNormBound? Bound { get; init; }

    /// <summary>Private training rows n (0 when the preparation failed).</summary>
    public required long PrivateCount { get; init; }

    /// <summary>Validation rows declared public (0 for row-dp, which fixes λ = 0).</summary>
    public required int PublicValidationCount { get; init; }

    /// <summary>Wall seconds of the one preparation (clip, features, exact statistics) shared by every ε and seed.</summary>
    public required double PrepareSeconds { get; init; }

    /// <summary>One cell per ε, in increasing order (row-dp: the ε below 1 only).</summary>
    public required IReadOnlyList<PrivacyCurveCell> Cells { get; init; }

    /// <summary>"feature map: configuration", e.g. <c>fcnn: dp, input clip (derived bound)</c>.</summary>
    public string Label => $"{Features}: {ConfigurationLabel(Configuration)}";

    /// <summary>Short machine-readable name: <c>dp-feature-clip</c>, <c>dp-input-clip</c> or <c>row-dp</c>.</summary>
    public string Key => Configuration switch
    {
        PrivacyCurveConfiguration.DpFeatureClip => "dp-feature-clip",
        PrivacyCurveConfiguration.DpInputClip => "dp-input-clip",
        _ => "row-dp",
    };

    /// <summary>The configuration in words.</summary>
    public static string ConfigurationLabel(PrivacyCurveConfiguration configuration) => configuration switch
    {
        PrivacyCurveConfiguration.DpFeatureClip => "dp, feature clip",
        PrivacyCurveConfiguration.DpInputClip => "dp, input clip (derived bound)",
        _ => "row-dp (Thm 6.2; per row, y_s secret)",
    };
}

/// <summary>A private distillation setting compared on the privacy curve (<see cref="PrivacyCurveRunner"/>).</summary>
public enum PrivacyCurveConfiguration
{
    /// <summary>Whole-set (ε, δ)-DP with the feature rows clipped to C = 1 (the default <see cref="Privacy.PrivacyOptions"/>).</summary>
    DpFeatureClip,

    /// <summary>Whole-set (ε, δ)-DP with the input rows clipped and the feature bound derived for the map (C = 1 by default).</summary>
    DpInputClip,

    /// <summary>Theorem 6.2 (docs/theory.md §5): each distilled row (ε, δ)-DP while y_s stays secret; needs ε &lt; 1 and λ = 0.</summary>
    RowDp,
}
