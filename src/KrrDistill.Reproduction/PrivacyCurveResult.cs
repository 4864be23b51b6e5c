namespace KrrDistill.Reproduction;

/// <summary>Everything the privacy curve measured (what <see cref="PrivacyCurveReport"/> renders).</summary>
public sealed class PrivacyCurveResult
{
    /// <summary>The settings it ran with.</summary>
    public required PrivacyCurveOptions Options { get; init; }

    /// <summary>The data set (name, sizes, load time).</summary>
    public required DatasetSummary Dataset { get; init; }

    /// <summary>The ε values in increasing order.</summary>
    public required IReadOnlyList<double> Epsilons { get; init; }

    /// <summary>Seed of the train/validation split (derived from the model seed as <c>krr-distill fit --seed</c> does).</summary>
    public required int SplitSeed { get; init; }

    /// <summary>Private training rows of the dp configurations (the training split).</summary>
    public required long PrivateCount { get; init; }

    /// <summary>Validation rows declared public, on which λ is chosen.</summary>
    public required int PublicValidationCount { get; init; }

    /// <summary>Where it ran.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>When it started (UTC).</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>Wall seconds of the whole run (data loading included).</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>Wall seconds of the non-private reference fits.</summary>
    public required double ReferenceSeconds { get; init; }

    /// <summary>Wall seconds of all preparations (clip + features + exact statistics, once per column).</summary>
    public required double PrepareSeconds { get; init; }

    /// <summary>Wall seconds of all releases (once per column, ε and noise seed).</summary>
    public required double ReleaseSeconds { get; init; }

    /// <summary>Number of releases made.</summary>
    public required int ReleaseCount { get; init; }

    /// <summary>The non-private reference per feature map, in the order of <see cref="PrivacyCurveOptions.Features"/>.</summary>
    public required IReadOnlyList<PrivacyCurveReference> References { get; init; }

    /// <summary>The configurations, per feature map in order: dp columns first, then row-dp.</summary>
    public required IReadOnlyList<PrivacyCurveColumn> Columns { get; init; }
}

/// <summary>The non-private reference of one feature map: the ordinary fit, λ chosen on the same validation split.</summary>
/// <param name="Features">Feature map kind.</param>
/// <param name="Lambda">λ chosen on the validation split.</param>
/// <param name="TestAccuracy">Test accuracy of the fitted model (fraction).</param>
/// <param name="TrainCount">Rows fitted on.</param>
/// <param name="ValidationCount">Rows λ was chosen on.</param>
/// <param name="Seconds">Wall seconds of the fit and its test accuracy.</param>
public sealed record PrivacyCurveReference(string Features, double Lambda, double TestAccuracy, int TrainCount, int ValidationCount, double Seconds);
