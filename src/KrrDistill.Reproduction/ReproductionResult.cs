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
