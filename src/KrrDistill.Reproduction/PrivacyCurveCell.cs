using static KrrDistill.Reproduction.SeedStatistics;

namespace KrrDistill.Reproduction;

/// <summary>
/// One point of the privacy curve: one configuration at one ε over every noise seed (mean ± population std,
/// as numpy's default), or the reason the configuration does not apply.
/// </summary>
public sealed record PrivacyCurveCell
{
    /// <summary>The privacy budget ε.</summary>
    public required double Epsilon { get; init; }

    /// <summary>One release per noise seed, in seed order (empty when <see cref="Failure"/> is set).</summary>
    public required IReadOnlyList<PrivacyCurveRun> Runs { get; init; }

    /// <summary>Why the configuration could not run at this ε (the library's reason), or null when it ran.</summary>
    public string? Failure { get; init; }

    /// <summary>True when every noise seed was released.</summary>
    public bool Ran => Failure is null && Runs.Count > 0;

    /// <summary>Mean test accuracy of W_S refit on the distilled set (fraction; NaN when it did not run).</summary>
    public double DistilledAccuracyMean => Mean(Runs.Select(r => r.DistilledTestAccuracy));

    /// <summary>Population std of the distilled test accuracy over the noise seeds.</summary>
    public double DistilledAccuracyStd => Std(Runs.Select(r => r.DistilledTestAccuracy));

    /// <summary>Mean test accuracy of the private model W̃ itself.</summary>
    public double ModelAccuracyMean => Mean(Runs.Select(r => r.ModelTestAccuracy));

    /// <summary>Population std of the private model's test accuracy.</summary>
    public double ModelAccuracyStd => Std(Runs.Select(r => r.ModelTestAccuracy));

    /// <summary>max over seeds of |acc(W_S) − acc(W̃)|: 0 when distillation preserved every prediction.</summary>
    public double MaxAccuracyGap => Runs.Count == 0 ? double.NaN : Runs.Max(r => Math.Abs(r.DistilledTestAccuracy - r.ModelTestAccuracy));

    /// <summary>Mean noise σ over the seeds (identical across seeds: it depends on ε, δ and Δ only).</summary>
    public double Sigma => Mean(Runs.Select(r => r.Sigma));

    /// <summary>Sensitivity Δ (identical across seeds).</summary>
    public double Sensitivity => Mean(Runs.Select(r => r.Sensitivity));

    /// <summary>max over seeds of ‖W_S − W̃‖/‖W̃‖.</summary>
    public double MaxRelativeError => Runs.Count == 0 ? double.NaN : Runs.Max(r => r.RelativeError);

    /// <summary>Wall seconds of all releases of this cell.</summary>
    public double Seconds => Runs.Sum(r => r.Seconds);
}
