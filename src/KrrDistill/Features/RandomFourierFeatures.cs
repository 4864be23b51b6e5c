using KrrDistill.LinearAlgebra;
using KrrDistill.Randomness;

namespace KrrDistill.Features;

/// <summary>
/// Random Fourier features of a Gaussian kernel (PAPER.md Example 5.4): φ(x) = √(2/p)·cos(A x + b),
/// A (p×d) with i.i.d. N(0, 1/σ²) entries, b ~ U[0, 2π). On row-major chunks: Φ = √(2/p)·cos(X Aᵀ + 1bᵀ).
/// </summary>
public sealed class RandomFourierFeatures : IFeatureMap
{
    private readonly ILinearAlgebraBackend _backend;

    /// <summary>Creates the map from explicit A (p×d) and b (p).</summary>
    public RandomFourierFeatures(Matrix a, double[] b, ILinearAlgebraBackend backend)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(backend);
        if (b.Length != a.Rows)
        {
            throw new ArgumentException($"b has {b.Length} entries but A has {a.Rows} rows.");
        }

        A = a;
        B = b;
        _backend = backend;
    }

    /// <summary>Frequencies A (p×d).</summary>
    public Matrix A { get; }

    /// <summary>Phases b (p).</summary>
    public double[] B { get; }

    /// <inheritdoc/>
    public string Kind => "rff";

    /// <inheritdoc/>
    public int InputDimension => A.Columns;

    /// <inheritdoc/>
    public int OutputDimension => A.Rows;

    /// <inheritdoc/>
    public bool IsSurjective => A.Rows <= A.Columns;

    /// <summary>
    /// Draws A with entries N(0, 1/<paramref name="sigma2"/>) and then b ~ U[0, 2π) from <paramref name="seed"/>.
    /// </summary>
    public static RandomFourierFeatures CreateRandom(int inputDimension, int width, double sigma2, int seed, ILinearAlgebraBackend backend)
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

        return new RandomFourierFeatures(a, b, backend);
    }

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<double> inputs, int rows, Span<double> features)
    {
        int p = OutputDimension;
        _backend.Gemm(Transpose.No, Transpose.Yes, rows, p, InputDimension, 1.0, inputs, InputDimension, A.Data, InputDimension, 0.0, features, p);
        double scale = Math.Sqrt(2.0 / p);
        double[] b = B;
        unsafe
        {
            fixed (double* pf = features)
            {
                double* f = pf;
                Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, r =>
                {
                    double* row = f + ((long)r * p);
                    for (int j = 0; j < p; j++)
                    {
                        row[j] = scale * Math.Cos(row[j] + b[j]);
                    }
                });
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<FeatureParameter> Parameters() =>
    [
        new FeatureParameter("rff_a", A.Data, [A.Rows, A.Columns]),
        new FeatureParameter("rff_b", B, [B.Length]),
    ];
}
