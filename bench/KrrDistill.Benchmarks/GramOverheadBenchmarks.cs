using BenchmarkDotNet.Attributes;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Benchmarks;

/// <summary>
/// Breaks down what <see cref="GramAccumulationBenchmarks.GramAccumulator"/> spends beyond the SYRKs,
/// on the same shapes (p = 784, 8 chunks of 2048 rows, 10 classes): allocation, label scatter, ToStatistics.
/// The SYRK is replaced by a no-op (<see cref="NoSyrkBackend"/>), so the chunks are read cold by the scatter;
/// in the real Add they were just read by the SYRK, which helps little at 12.8 MB per chunk.
/// </summary>
[Config(typeof(ThroughputConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GramOverheadBenchmarks
{
    private const int Features = GramAccumulationBenchmarks.Features;
    private const int ChunkRows = GramAccumulationBenchmarks.ChunkRows;
    private const int Chunks = GramAccumulationBenchmarks.Chunks;
    private const int Classes = GramAccumulationBenchmarks.Classes;
    private const int Seed = 20_240_611;

    private readonly ILinearAlgebraBackend _noSyrk = new NoSyrkBackend();
    private double[][] _chunks = [];
    private int[][] _labels = [];
    private SufficientStatistics? _filled;

    /// <summary>Draws the same seeded chunks and labels as <see cref="GramAccumulationBenchmarks"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
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

        using IDisposable scope = LinearAlgebraBackends.Use(_noSyrk);
        _filled = new SufficientStatistics(Features, Classes);
        for (int c = 0; c < Chunks; c++)
        {
            _filled.Add(_chunks[c], ChunkRows, _labels[c]);
        }
    }

    /// <summary>A fresh accumulator: the zeroed p×p and k×p buffers.</summary>
    [Benchmark]
    public static SufficientStatistics Construct() => new(Features, Classes);

    /// <summary>Add over the 8 chunks with a no-op SYRK: argument checks + the label scatter-add (16384 rows × 784).</summary>
    [Benchmark]
    public long AddWithoutSyrk()
    {
        using IDisposable scope = LinearAlgebraBackends.Use(_noSyrk);
        var accumulator = new SufficientStatistics(Features, Classes);
        for (int i = 0; i < Chunks; i++)
        {
            accumulator.Add(_chunks[i], ChunkRows, _labels[i]);
        }

        return accumulator.Count;
    }

    /// <summary>ToStatistics on a filled accumulator: clone of G, symmetrization, ΦᵀY transpose.</summary>
    [Benchmark]
    public Matrix ToStatistics() => _filled!.Gram;

    /// <summary>All of the accumulator's non-BLAS work: construct + Add (no-op SYRK) × 8 + ToStatistics.</summary>
    [Benchmark]
    public SufficientStatistics EverythingButSyrk()
    {
        using IDisposable scope = LinearAlgebraBackends.Use(_noSyrk);
        var accumulator = new SufficientStatistics(Features, Classes);
        for (int i = 0; i < Chunks; i++)
        {
            accumulator.Add(_chunks[i], ChunkRows, _labels[i]);
        }

        _ = accumulator.Gram;
        return accumulator;
    }
}
