using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace KrrDistill.Benchmarks;

/// <summary>
/// Adds Median and Min (robust on a shared 2-core machine), the GFLOP/s and throughput-vs-baseline
/// columns and the memory diagnoser to the default columns (Mean, Error, StdDev, and Ratio/RatioSD
/// wherever a benchmark is marked Baseline).
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public ThroughputConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, new GflopsColumn(), new ThroughputVsBaselineColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
