using BenchmarkDotNet.Attributes;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Benchmarks;

/// <summary>
/// The one symmetric eigendecomposition of the λ path: ΦᵀΦ (784×784, from 4096 random feature rows),
/// on the native (dsyevd) and the managed (Math.NET) backend.
/// </summary>
[Config(typeof(ThroughputConfig))]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EigendecompositionBenchmarks
{
    private const int P = 784;
    private double[] _gram = [];
    private double[] _work = [];
    private double[] _values = [];
    private ILinearAlgebraBackend? _backend;

    /// <summary>Backend: <c>openblas</c> or <c>managed</c>.</summary>
    [Params("openblas", "managed")]
    public string Backend { get; set; } = "openblas";

    /// <summary>Builds a seeded Gram matrix.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _backend = LinearAlgebraBackends.Create(Backend);
        var random = new Random(7);
        double[] phi = new double[4096 * P];
        for (int i = 0; i < phi.Length; i++)
        {
            phi[i] = random.NextDouble() - 0.3;
        }

        _gram = new double[P * P];
        _backend.Gemm(Transpose.Yes, Transpose.No, P, P, 4096, 1.0, phi, P, phi, P, 0.0, _gram, P);
        _work = new double[P * P];
        _values = new double[P];
    }

    /// <summary>Q diag(μ) Qᵀ of the Gram matrix.</summary>
    [Benchmark]
    public double SymmetricEigen()
    {
        _gram.CopyTo(_work, 0);
        _backend!.SymmetricEigen(P, _work, _values);
        return _values[^1];
    }
}
