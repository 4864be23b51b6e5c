using BenchmarkDotNet.Attributes;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Benchmarks;

/// <summary>
/// Constructing inputs from target features (PAPER.md §5.1) for 500 distilled points (MNIST, IPC 50):
/// the fcnn inverse (LeakyReLU⁻¹ and the least-squares layer solve) and the rff inverse (arccos and A⁺),
/// on the OpenBLAS backend.
/// </summary>
[Config(typeof(ThroughputConfig))]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class InversionBenchmarks
{
    private const int D = 784;
    private const int M = 500;
    private Matrix _fcnnTargets = new(1, 1);
    private Matrix _rffTargets = new(1, 1);
    private LeakyReluNetwork? _fcnn;
    private RandomFourierFeatures? _rff;

    /// <summary>Draws the maps and targets that real inputs would give.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ILinearAlgebraBackend backend = LinearAlgebraBackends.Create("openblas");
        _fcnn = LeakyReluNetwork.CreateRandom(D, D, 1, 0.1, 1, backend);
        _rff = RandomFourierFeatures.CreateRandom(D, D, 1000, 1, backend);
        var random = new Random(3);
        var x = new Matrix(M, D);
        for (int i = 0; i < x.Data.Length; i++)
        {
            x.Data[i] = random.NextDouble() - 0.4;
        }

        _fcnnTargets = new Matrix(M, D);
        _fcnn.Map(x.Data, M, _fcnnTargets.Data);
        _rffTargets = new Matrix(M, D);
        _rff.Map(x.Data, M, _rffTargets.Data);
    }

    /// <summary>fcnn: X from φ(X) for 500 rows.</summary>
    [Benchmark]
    public double InvertFcnn() => _fcnn!.Invert(_fcnnTargets).Inputs.Data[0];

    /// <summary>rff: X from φ(X) for 500 rows.</summary>
    [Benchmark]
    public double InvertRff() => _rff!.Invert(_rffTargets).Inputs.Data[0];
}
