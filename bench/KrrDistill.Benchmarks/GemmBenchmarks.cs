using BenchmarkDotNet.Attributes;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.OpenBlas;

namespace KrrDistill.Benchmarks;

/// <summary>
/// The fcnn layer GEMM of the real job, C (2048×784) = A (2048×784) · Wᵀ (W 784×784), and the Gram
/// update SYRK of the same chunk, G (784×784, upper) += AᵀA, on the native and the managed backend, in float64 and in
/// float32 (the single-precision statistics pass: <c>sgemm</c>/<c>ssyrk</c>; the managed backend widens to float64).
/// Few iterations: the managed backend may be slow.
/// </summary>
[Config(typeof(ThroughputConfig))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class GemmBenchmarks
{
    /// <summary>Rows of a chunk (m).</summary>
    public const int Rows = 2048;

    /// <summary>Input dimension (k).</summary>
    public const int Input = 784;

    /// <summary>Layer width (n).</summary>
    public const int Width = 784;

    /// <summary>GEMM flops 2·m·n·k.</summary>
    public const double GemmFlops = 2.0 * Rows * Width * Input;

    /// <summary>SYRK flops m·n·(n+1) for the upper triangle of AᵀA.</summary>
    public const double SyrkFlops = (double)Rows * Input * (Input + 1);

    private const int Seed = 20_240_612;

    private double[] _a = [];
    private double[] _w = [];
    private double[] _c = [];
    private double[] _g = [];
    private float[] _aSingle = [];
    private float[] _wSingle = [];
    private float[] _cSingle = [];
    private float[] _gSingle = [];
    private ILinearAlgebraBackend? _backend;

    /// <summary>Backend: <c>openblas</c> or <c>managed</c>.</summary>
    [Params("openblas", "managed")]
    public string Backend { get; set; } = "openblas";

    /// <summary>Creates the backend and draws the seeded operands (uniform in [−1, 1)).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _backend = LinearAlgebraBackends.Create(Backend);
        string core = _backend is OpenBlasBackend native ? $", core {native.CoreName}" : "";
        Console.WriteLine($"// backend {_backend.Name}, {_backend.Threads} threads{core}");
        var random = new Random(Seed);
        _a = new double[Rows * Input];
        _w = new double[Width * Input];
        _c = new double[Rows * Width];
        _g = new double[Input * Input];
        for (int i = 0; i < _a.Length; i++)
        {
            _a[i] = (2 * random.NextDouble()) - 1;
        }

        for (int i = 0; i < _w.Length; i++)
        {
            _w[i] = ((2 * random.NextDouble()) - 1) / Math.Sqrt(Input);
        }

        _aSingle = Array.ConvertAll(_a, v => (float)v);
        _wSingle = Array.ConvertAll(_w, v => (float)v);
        _cSingle = new float[_c.Length];
        _gSingle = new float[_g.Length];
    }

    /// <summary>C = A·Wᵀ as <see cref="Features.LeakyReluNetwork"/> computes a layer.</summary>
    [Benchmark]
    [FlopsPerInvocation(GemmFlops)]
    public double Gemm()
    {
        _backend!.Gemm(Transpose.No, Transpose.Yes, Rows, Width, Input, 1.0, _a, Input, _w, Input, 0.0, _c, Width);
        return _c[0];
    }

    /// <summary>G += AᵀA (upper triangle), as <see cref="Ridge.SufficientStatistics"/> updates the Gram matrix.</summary>
    [Benchmark]
    [FlopsPerInvocation(SyrkFlops)]
    public double Syrk()
    {
        _backend!.SyrkTransposed(Input, Rows, 1.0, _a, Input, 0.0, _g, Input);
        return _g[0];
    }

    /// <summary>C = A·Wᵀ in float32, as the single-precision pass computes a layer.</summary>
    [Benchmark]
    [FlopsPerInvocation(GemmFlops)]
    public float GemmSingle()
    {
        _backend!.GemmSingle(Transpose.No, Transpose.Yes, Rows, Width, Input, _aSingle, Input, _wSingle, Input, _cSingle, Width);
        return _cSingle[0];
    }

    /// <summary>G = AᵀA (upper triangle) in float32, the single-precision chunk Gram.</summary>
    [Benchmark]
    [FlopsPerInvocation(SyrkFlops)]
    public float SyrkSingle()
    {
        _backend!.SyrkTransposedSingle(Input, Rows, _aSingle, Input, _gSingle, Input);
        return _gSingle[0];
    }
}
