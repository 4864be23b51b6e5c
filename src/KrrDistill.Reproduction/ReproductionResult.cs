using KrrDistill.Distillation;

namespace KrrDistill.Reproduction;

/// <summary>Everything a reproduction measured (what <see cref="ReproductionReport"/> renders).</summary>
public sealed class ReproductionResult
{
    /// <summary>The settings it ran with.</summary>
    public required ReproductionOptions Options { get; init; }

    /// <summary>Where it ran.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>When it started (UTC).</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>Wall seconds of the whole reproduction (data loading included).</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>True when the peak memory could be reset before each run (Linux); else it is the process peak so far.</summary>
    public required bool PeakMemoryPerRun { get; init; }

    /// <summary>The data sets, in the order given.</summary>
    public required IReadOnlyList<DatasetSummary> Datasets { get; init; }

    /// <summary>Table 3 cells (empty for table 4): data set × feature map × IPC.</summary>
    public required IReadOnlyList<Table3Cell> Table3 { get; init; }

    /// <summary>Table 4 rows (empty for table 3): data set × IPC.</summary>
    public required IReadOnlyList<Table4Cell> Table4 { get; init; }

    /// <summary>Distilled sets to draw beside the report.</summary>
    public required IReadOnlyList<GridImage> Grids { get; init; }
}

/// <summary>A data set as loaded for a reproduction.</summary>
/// <param name="Dataset">Catalog name.</param>
/// <param name="TrainCount">Training samples.</param>
/// <param name="TestCount">Test samples.</param>
/// <param name="Dimension">Input dimension d.</param>
/// <param name="Classes">Classes k.</param>
/// <param name="LoadSeconds">Seconds to read and decode the files (once per data set, not part of any run's time).</param>
public sealed record DatasetSummary(string Dataset, int TrainCount, int TestCount, int Dimension, int Classes, double LoadSeconds);

/// <summary>A distilled set kept to be drawn as a PNG grid beside the report.</summary>
/// <param name="FileName">File name inside the output directory (e.g. <c>mnist-fcnn-ipc10.png</c>).</param>
/// <param name="Caption">What the grid shows.</param>
/// <param name="Set">The distilled set.</param>
/// <param name="ClassNames">One name per class of <paramref name="Set"/>, drawn above the columns (see <see cref="Output.Images.ClassNames"/>).</param>
public sealed record GridImage(string FileName, string Caption, DistilledSet Set, IReadOnlyList<string> ClassNames);
