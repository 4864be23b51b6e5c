using static KrrDistill.Reproduction.SeedStatistics;

namespace KrrDistill.Reproduction;

/// <summary>One row of our Table 4: a data set and an IPC over several seeds (mean ± population std, as numpy's default).</summary>
public sealed record Table4Cell
{
    /// <summary>Catalog data set name.</summary>
    public required string Dataset { get; init; }

    /// <summary>Distilled images per class.</summary>
    public required int ImagesPerClass { get; init; }

    /// <summary>One entry per seed, in seed order.</summary>
    public required IReadOnlyList<Table4Run> Runs { get; init; }

    /// <summary>Mean closed-form test accuracy (fraction).</summary>
    public double OursAccuracyMean => Mean(Runs.Select(r => r.OursAccuracy));

    /// <summary>Population std of the closed-form test accuracy (fraction).</summary>
    public double OursAccuracyStd => Std(Runs.Select(r => r.OursAccuracy));

    /// <summary>Mean closed-form wall seconds.</summary>
    public double OursSecondsMean => Mean(Runs.Select(r => r.OursSeconds));

    /// <summary>Mean KIP test accuracy at its step budget (fraction).</summary>
    public double KipAccuracyMean => Mean(Runs.Select(r => r.KipAccuracy));

    /// <summary>Population std of KIP's test accuracy (fraction).</summary>
    public double KipAccuracyStd => Std(Runs.Select(r => r.KipAccuracy));

    /// <summary>Mean measured KIP wall seconds.</summary>
    public double KipSecondsMean => Mean(Runs.Select(r => r.KipSeconds));

    /// <summary>Mean KIP setup seconds.</summary>
    public double KipSetupSecondsMean => Mean(Runs.Select(r => r.KipSetupSeconds));

    /// <summary>Mean measured seconds per KIP step.</summary>
    public double KipSecondsPerStepMean => Mean(Runs.Select(r => r.KipSecondsPerStep));

    /// <summary>Mean EXTRAPOLATED cost of the paper's KIP step count.</summary>
    public double KipExtrapolatedSecondsMean => Mean(Runs.Select(r => r.KipExtrapolatedSeconds));

    /// <summary>Speed ratio KIP (extrapolated to the paper's steps) / ours, as means over the seeds (the paper's ratios are of mean costs).</summary>
    public double SpeedRatio => KipExtrapolatedSecondsMean / OursSecondsMean;

    /// <summary>The paper's row, null where the paper has none (e.g. Fashion-MNIST).</summary>
    public PaperTable4Entry? Paper => PaperTables.Table4Row(Dataset, ImagesPerClass);
}
