using BenchmarkDotNet.Attributes;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Benchmarks;

/// <summary>
/// Constructing inputs from target features (docs/theory.md §4) for m = 100 distilled points (IPC 10), through one square
/// fcnn layer of p = d = 784 (MNIST) and 3,072 (CIFAR), on the OpenBLAS backend, with the factorization included (a
/// fresh map per call, as a run has): the SVD pseudo-inverse that inverted every layer before (baseline), the LU route
/// now taken (<c>dgetrf</c> + <c>dgecon</c>, one solve and one step of refinement), and the QR route that a narrowing
/// layer takes, timed on the same square matrix for scale.
/// </summary>
[Config(typeof(ThroughputConfig))]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class InversionBenchmarks
{
    private const int M = 100;
    private ILinearAlgebraBackend _backend = LinearAlgebraBackends.Create("managed");
    private Matrix _weights = new(1, 1);
    private Matrix _targets = new(1, 1);

    /// <summary>p = d, the layer's order.</summary>
    [Params(784, 3072)]
    public int P { get; set; }

    /// <summary>Draws the layer and targets that real inputs would give.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _backend = LinearAlgebraBackends.Create("openblas");
        _weights = LeakyReluNetwork.CreateRandom(P, P, 1, 0.1, 1).Weights[0];
        var random = new Random(3);
        var x = new Matrix(M, P);
        for (int i = 0; i < x.Data.Length; i++)
        {
            x.Data[i] = random.NextDouble() - 0.4;
        }

        _targets = new Matrix(M, P);
        _backend.Gemm(Transpose.No, Transpose.Yes, M, P, P, 1.0, x.Data, P, _weights.Data, P, 0.0, _targets.Data, P);
    }

    /// <summary>The former route: thin SVD of W, (W⁺)ᵀ, one GEMM.</summary>
    [Benchmark(Baseline = true)]
    public double SvdPseudoInverse()
    {
        Matrix pinvT = ThinSvd.Compute(_weights).PseudoInverseTransposed();
        var x = new Matrix(M, P);
        _backend.Gemm(Transpose.No, Transpose.No, M, P, P, 1.0, _targets.Data, P, pinvT.Data, P, 0.0, x.Data, P);
        return x.Data[0];
    }

    /// <summary>The route taken now: LU with a condition estimate, solve, one refinement step.</summary>
    [Benchmark]
    public double LuSolve() => MinimumNormSolver.Factor(_weights).SolveRows(_targets).Data[0];

    /// <summary>LU factorization and condition estimate alone.</summary>
    [Benchmark]
    public double LuFactorOnly()
    {
        double[] lu = (double[])_weights.Data.Clone();
        return _backend.LuFactor(P, lu, new int[P]);
    }

    /// <summary>Thin QR (as a narrowing layer would take), on the same square matrix.</summary>
    [Benchmark]
    public double ThinQr()
    {
        var q = new Matrix(P, P);
        double[] r = new double[P * P];
        return _backend.ThinQr(P, P, _weights.Data, q.Data, r);
    }
}
