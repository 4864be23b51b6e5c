using System.Runtime.Intrinsics;
using KrrDistill.LinearAlgebra;
using KrrDistill.Randomness;

namespace KrrDistill.Features;

/// <summary>
/// Random Fourier features of a Gaussian kernel (Example 5.4, docs/theory.md §4): φ(x) = √(2/p)·cos(A x + b),
/// A (p×d) with i.i.d. N(0, 1/σ²) entries, b ~ U[0, 2π). On row-major chunks: Φ = √(2/p)·cos(X Aᵀ + 1bᵀ).
/// </summary>
internal sealed class RandomFourierFeatures : IInvertibleFeatureMap
{
    private readonly Lazy<MinimumNormSolver> _solver;
    private readonly Lazy<float[]> _singleA;

    /// <summary>Creates the map from explicit A (p×d) and b (p).</summary>
    public RandomFourierFeatures(Matrix a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Length != a.Rows)
        {
            throw new ArgumentException($"b has {b.Length} entries but A has {a.Rows} rows.");
        }

        A = a;
        B = b;
        _singleA = new Lazy<float[]>(() => Array.ConvertAll(a.Data, v => (float)v));
        _solver = new Lazy<MinimumNormSolver>(() => MinimumNormSolver.Factor(a));
    }

    /// <summary>Frequencies A (p×d).</summary>
    public Matrix A { get; }

    /// <summary>Phases b (p).</summary>
    public double[] B { get; }

    /// <inheritdoc/>
    public FeatureKind Kind => FeatureKind.Rff;

    /// <inheritdoc/>
    public int InputDimension => A.Columns;

    /// <inheritdoc/>
    public int OutputDimension => A.Rows;

    /// <inheritdoc/>
    public bool IsSurjective => A.Rows <= A.Columns;

    /// <summary>
    /// Draws A with entries N(0, 1/<paramref name="sigma2"/>) and then b ~ U[0, 2π) from <paramref name="seed"/>.
    /// </summary>
    public static RandomFourierFeatures CreateRandom(int inputDimension, int width, double sigma2, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (!(sigma2 > 0) || !double.IsFinite(sigma2))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma2), "σ² must be positive and finite.");
        }

        var random = new SeededRandom(seed);
        var a = new Matrix(width, inputDimension);
        random.FillGaussian(a.Data, 1.0 / Math.Sqrt(sigma2));
        double[] b = new double[width];
        for (int i = 0; i < width; i++)
        {
            b[i] = 2.0 * Math.PI * random.NextUniform();
        }

        return new RandomFourierFeatures(a, b);
    }

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<double> inputs, int rows, Span<double> features)
    {
        int p = OutputDimension;
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, rows, p, InputDimension, 1.0, inputs, InputDimension, A.Data, InputDimension, 0.0, features, p);
        ApplyCosine(features[..(rows * p)], B, Math.Sqrt(2.0 / p));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// X Aᵀ in float32 (<c>sgemm</c>); the phase and cosine in float64 per row, since a float32 phase of a few hundred
    /// radians would already be off by 10⁻⁵.
    /// </remarks>
    public unsafe void Map(ReadOnlySpan<float> inputs, int rows, Span<float> features)
    {
        int p = OutputDimension, d = InputDimension;
        float[] a = _singleA.Value;
        LinearAlgebraBackends.Current.GemmSingle(Transpose.No, Transpose.Yes, rows, p, d, inputs, d, a, d, features, p);
        double scale = Math.Sqrt(2.0 / p);
        fixed (float* pf = features)
        fixed (double* pb = B)
        {
            float* f = pf;
            double* phase = pb;
            Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, () => new double[p], (r, _, row) =>
            {
                var single = new Span<float>(f + ((long)r * p), p);
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, double>(single, row);
                fixed (double* pr = row)
                {
                    CosineRow(pr, phase, p, scale);
                }

                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(row, single);
                return row;
            }, _ => { });
        }
    }

    /// <summary>
    /// f ← scale·cos(f + b) on every row of <paramref name="features"/> (rows×p, b has p entries), with the
    /// runtime's vectorized cosine where the hardware has 512- or 256-bit vectors, else Math.Cos.
    /// </summary>
    internal static unsafe void ApplyCosine(Span<double> features, double[] b, double scale)
    {
        int p = b.Length, rows = features.Length / p;
        fixed (double* pf = features)
        fixed (double* pb = b)
        {
            double* f = pf, phase = pb;
            Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                r => CosineRow(f + ((long)r * p), phase, p, scale));
        }
    }

    // Compiled fully optimized at once: at tier 0 the vector cosine is not intrinsified and runs 10× slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CosineRow(double* row, double* phase, int p, double scale)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s512 = Vector512.Create(scale);
            for (; j + Vector512<double>.Count <= p; j += Vector512<double>.Count)
            {
                (s512 * Vector512.Cos(Vector512.Load(row + j) + Vector512.Load(phase + j))).Store(row + j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var s256 = Vector256.Create(scale);
            for (; j + Vector256<double>.Count <= p; j += Vector256<double>.Count)
            {
                (s256 * Vector256.Cos(Vector256.Load(row + j) + Vector256.Load(phase + j))).Store(row + j);
            }
        }

        for (; j < p; j++)
        {
            row[j] = scale * Math.Cos(row[j] + phase[j]);
        }
    }

    /// <summary>
    /// Example 5.4 (docs/theory.md §4): c = √(p/2)·φ*, divided by max|c| when that exceeds 1 (the scale is returned),
    /// then x = A⁺(arccos(c) − b), in rows X = (arccos(C) − 1bᵀ)·(A⁺)ᵀ, through <see cref="MinimumNormSolver"/> (LU for
    /// p = d, minimum-norm QR for p &lt; d, factored once per map). Exact for p ≤ d with rank(A) = p.
    /// </summary>
    public FeatureInversion Invert(Matrix targetFeatures)
    {
        ArgumentNullException.ThrowIfNull(targetFeatures);
        int p = OutputDimension, m = targetFeatures.Rows;
        if (targetFeatures.Columns != p)
        {
            throw new ArgumentException($"targets have {targetFeatures.Columns} features, the map gives {p}.");
        }

        double root = Math.Sqrt(p / 2.0);
        double largest = 0;
        foreach (double v in targetFeatures.Data)
        {
            largest = Math.Max(largest, Math.Abs(v * root));
        }

        double divide = largest > 1 ? largest : 1.0;
        var theta = new Matrix(m, p);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < p; j++)
            {
                double c = Math.Clamp(targetFeatures[i, j] * root / divide, -1.0, 1.0);
                theta[i, j] = Math.Acos(c) - B[j];
            }
        }

        MinimumNormSolver solver = _solver.Value;
        return new FeatureInversion(solver.SolveRows(theta), 1.0 / divide) { LayerRoutes = [solver.Route] };
    }

    /// <inheritdoc/>
    public IReadOnlyList<FeatureParameter> Parameters() =>
    [
        new FeatureParameter("rff_a", A.Data, [A.Rows, A.Columns]),
        new FeatureParameter("rff_b", B, [B.Length]),
    ];
}
