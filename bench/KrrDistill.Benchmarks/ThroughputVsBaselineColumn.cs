using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace KrrDistill.Benchmarks;

/// <summary>
/// Throughput relative to the baseline of the same group: baseline mean / this mean (the reciprocal
/// of BenchmarkDotNet's Ratio column). The Gram requirement reads directly off it: ≥ 0.70 of dsyrk.
/// </summary>
public sealed class ThroughputVsBaselineColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(ThroughputVsBaselineColumn);

    /// <inheritdoc/>
    public string ColumnName => "Throughput/Baseline";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 1;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Baseline mean / this mean: the fraction of the baseline's throughput (1 / Ratio)";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkCase? baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        double? baselineMean = baseline is null ? null : summary[baseline]?.ResultStatistics?.Mean;
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return baselineMean is { } b && mean is { } m && m > 0
            ? (b / m).ToString("F3", CultureInfo.InvariantCulture)
            : "?";
    }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <summary>Shown only when the summary has a baseline.</summary>
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(summary.IsBaseline);

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
