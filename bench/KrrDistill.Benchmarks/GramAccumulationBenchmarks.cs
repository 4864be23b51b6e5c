using BenchmarkDotNet.Attributes;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.OpenBlas;
using KrrDistill.Ridge;

namespace KrrDistill.Benchmarks;

/// <summary>
/// The Gram accumulation of the real job (p = 784 features, chunks of 2048 rows, n = 16384 rows) against
/// plain OpenBLAS dsyrk over the same chunks in the same run. Requirement: the accumulator reaches
/// ≥ 70% of dsyrk's throughput, i.e. Throughput/Baseline ≥ 0.70 (BenchmarkDotNet Ratio ≤ 1.43).
/// </summary>
[Config(typeof(ThroughputConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public unsafe class GramAccumulationBenchmarks
{
    /// <summary>Feature dimension p.</summary>
    public const int Features = 784;

    /// <summary>Rows per chunk.</summary>
    public const int ChunkRows = 2048;

    /// <summary>Chunks per invocation (n = 8 · 2048 = 16384 rows).</summary>
    public const int Chunks = 8;

    /// <summary>Classes of the one-hot labels.</summary>
    public const int Classes = 10;

    /// <summary>SYRK flops for n rows: n·p·(p+1) (upper triangle incl. diagonal, multiply + add).</summary>
    public const double SyrkFlops = (double)Chunks * ChunkRows * Features * (Features + 1);

    private const int Seed = 20_240_611;

    private double[][] _chunks = [];
    private int[][] _labels = [];
    private double[] _gram = [];
    private OpenBlasBackend? _backend;

    /// <summary>Loads OpenBLAS and draws the seeded chunks (uniform in [−1, 1)) and labels.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // TryCreate loads OpenBLAS after choosing its kernel (OpenBlasCoreSelection), which OpenBLAS reads
        // once at load: creating the backend before the first direct OpenBlasNative call gives the plain
        // dsyrk baseline the same kernel as the accumulator.
        _backend = OpenBlasBackend.TryCreate()
            ?? throw new InvalidOperationException("libopenblas.so.0 could not be loaded (apt-get install libopenblas0-pthread).");
        Console.WriteLine($"// OpenBLAS core {_backend.CoreName}, {_backend.Threads} threads, OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}");
        var random = new Random(Seed);
        _chunks = new double[Chunks][];
        _labels = new int[Chunks][];
        for (int c = 0; c < Chunks; c++)
        {
            _chunks[c] = new double[ChunkRows * Features];
            for (int i = 0; i < _chunks[c].Length; i++)
            {
                _chunks[c][i] = (2 * random.NextDouble()) - 1;
            }

            _labels[c] = new int[ChunkRows];
            for (int r = 0; r < ChunkRows; r++)
            {
                _labels[c][r] = random.Next(Classes);
            }
        }

        _gram = new double[Features * Features];
    }

    /// <summary>Raw cblas_dsyrk over the chunks into one p×p buffer (β = 0 for the first chunk): nothing else.</summary>
    [Benchmark(Baseline = true)]
    [FlopsPerInvocation(SyrkFlops)]
    public double PlainDsyrk()
    {
        fixed (double* c = _gram)
        {
            for (int i = 0; i < Chunks; i++)
            {
                fixed (double* a = _chunks[i])
                {
                    OpenBlasNative.Dsyrk(OpenBlasNative.RowMajor, OpenBlasNative.Upper, OpenBlasNative.Trans,
                        Features, ChunkRows, 1.0, a, Features, i == 0 ? 0.0 : 1.0, c, Features);
                }
            }
        }

        return _gram[Features - 1];
    }

    /// <summary>What the trainer does: a fresh accumulator, Add per chunk (SYRK + label scatter), ToStatistics.</summary>
    [Benchmark]
    [FlopsPerInvocation(SyrkFlops)]
    public SufficientStatistics GramAccumulator()
    {
        using IDisposable scope = LinearAlgebraBackends.Use(_backend!);
        var accumulator = new SufficientStatistics(Features, Classes);
        for (int i = 0; i < Chunks; i++)
        {
            accumulator.Add(_chunks[i], ChunkRows, _labels[i]);
        }

        _ = accumulator.Gram;
        return accumulator;
    }
}
