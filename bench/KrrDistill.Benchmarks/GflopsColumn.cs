using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace KrrDistill.Benchmarks;

/// <summary>GFLOP/s = <see cref="FlopsPerInvocationAttribute.Flops"/> / mean time of one invocation.</summary>
public sealed class GflopsColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(GflopsColumn);

    /// <inheritdoc/>
    public string ColumnName => "GFLOP/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Nominal floating-point operations per invocation divided by the mean time, in 10⁹/s";

    /// <summary>GFLOP/s of <paramref name="benchmarkCase"/>, or null when it has no flop count or no result.</summary>
    public static double? Gflops(Summary summary, BenchmarkCase benchmarkCase)
    {
        double? flops = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<FlopsPerInvocationAttribute>()?.Flops;
        double? meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return flops is { } f && meanNanoseconds is { } ns && ns > 0 ? f / ns : null;
    }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Gflops(summary, benchmarkCase) is { } g ? g.ToString("F1", CultureInfo.InvariantCulture) : "-";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <summary>Shown only when some benchmark of the summary declares its flops.</summary>
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.IsDefined(typeof(FlopsPerInvocationAttribute), false));

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
