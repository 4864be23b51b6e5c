using KrrDistill.Data;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Features;

/// <summary>
/// ZCA whitening of d-dimensional inputs (docs/theory.md §4, "Whitening"): z = T (x − μ) with
/// T = U diag(1/√(s + ε)) Uᵀ, where μ is the training inputs' mean and C = U diag(s) Uᵀ their covariance (divided by
/// n − 1), as kornia's <c>ZCAWhitening(eps)</c> computes it (the paper's code offers it with ε = 0.1). T is symmetric
/// positive definite for ε &gt; 0, so whitening is invertible: x = T⁻¹ z + μ, solved through T's Cholesky factor.
/// Composed in front of a feature map (<see cref="WhitenedFeatureMap"/>), it keeps exact recovery.
/// </summary>
public sealed class Whitening
{
    private readonly Lazy<double[]> _factor;

    /// <summary>A whitening with mean <paramref name="mean"/> (d) and transform <paramref name="transform"/> (d×d, symmetric positive definite).</summary>
    /// <exception cref="ArgumentException">The shapes differ, a value is not finite, or ε is not positive.</exception>
    public Whitening(double[] mean, Matrix transform, double eps)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(transform);
        if (transform.Rows != mean.Length || transform.Columns != mean.Length)
        {
            throw new ArgumentException($"the transform must be {mean.Length}×{mean.Length}.", nameof(transform));
        }

        if (!(eps > 0) || !double.IsFinite(eps) || mean.Any(v => !double.IsFinite(v)) || transform.Data.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("the mean, the transform and ε must be finite, and ε positive.");
        }

        Mean = mean;
        Transform = transform;
        Eps = eps;
        _factor = new Lazy<double[]>(Factor);
    }

    /// <summary>The default ε: that of the paper's code (kornia's <c>ZCAWhitening(eps=0.1)</c>).</summary>
    public const double DefaultEps = 0.1;

    /// <summary>μ, the training inputs' mean (d).</summary>
    public double[] Mean { get; }

    /// <summary>T (d×d, symmetric).</summary>
    public Matrix Transform { get; }

    /// <summary>ε, added to every eigenvalue of the covariance before the inverse square root.</summary>
    public double Eps { get; }

    /// <summary>d.</summary>
    public int Dimension => Mean.Length;

    /// <summary>
    /// The whitening of the inputs whose moments <paramref name="moments"/> hold: the statistics of the identity map over
    /// them (G = XᵀX, B = XᵀY for one-hot Y, so that Σx = B·1), which shards and MPI ranks sum like any statistics.
    /// </summary>
    /// <exception cref="InputException">Fewer than two rows, or ε not a positive finite number.</exception>
    public static Whitening Fit(SufficientStatistics moments, double eps)
    {
        ArgumentNullException.ThrowIfNull(moments);
        RequireEps(eps);

        long n = moments.Count;
        if (n < 2)
        {
            throw new InputException(nameof(Eps), $"needs at least two training rows for a covariance (got {n}).");
        }

        int d = moments.Features;
        Matrix b = moments.CrossProduct; // d×k
        var mean = new double[d];
        for (int i = 0; i < d; i++)
        {
            double sum = 0;
            for (int c = 0; c < moments.Classes; c++)
            {
                sum += b[i, c];
            }

            mean[i] = sum / n;
        }

        Matrix covariance = moments.Gram; // C = (XᵀX − n μμᵀ)/(n − 1)
        for (int i = 0; i < d; i++)
        {
            Span<double> row = covariance.Row(i);
            for (int j = 0; j < d; j++)
            {
                row[j] = (row[j] - (n * mean[i] * mean[j])) / (n - 1);
            }
        }

        var s = new double[d];
        LinearAlgebraBackends.Current.SymmetricEigen(d, covariance.Data, s); // covariance now holds U (eigenvectors as columns)
        var scaled = new double[d * d]; // U diag(1/√(s + ε))
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                scaled[(i * d) + j] = covariance.Data[(i * d) + j] / Math.Sqrt(Math.Max(s[j], 0) + eps);
            }
        }

        var transform = new Matrix(d, d);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, d, d, d, 1.0, scaled, d, covariance.Data, d, 0.0, transform.Data, d);
        transform.Symmetrize();
        return new Whitening(mean, transform, eps);
    }

    /// <summary>Refuses an ε that is not a positive, finite number, naming <see cref="Eps"/> (the CLI's <c>--zca</c>).</summary>
    /// <exception cref="InputException">It is not.</exception>
    public static void RequireEps(double eps)
    {
        if (!(eps > 0) || !double.IsFinite(eps))
        {
            throw new InputException(nameof(Eps), $"ε must be a positive, finite number (got {eps.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}).");
        }
    }

    /// <summary>z = (x − μ) T for <paramref name="rows"/> rows of <paramref name="inputs"/> (rows×d) into <paramref name="whitened"/> (rows×d).</summary>
    public void Apply(ReadOnlySpan<double> inputs, int rows, Span<double> whitened)
    {
        int d = Dimension;
        double[] centred = Diagnostics.LargeBuffers.Rent(rows * d);
        try
        {
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<double> x = inputs.Slice(r * d, d);
                Span<double> c = centred.AsSpan(r * d, d);
                for (int i = 0; i < d; i++)
                {
                    c[i] = x[i] - Mean[i];
                }
            }

            LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, rows, d, d, 1.0, centred, d, Transform.Data, d, 0.0, whitened, d);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(centred);
        }
    }

    /// <summary>The inputs x = T⁻¹ z + μ of whitened rows <paramref name="whitened"/> (m×d), by a solve with T's Cholesky factor.</summary>
    public Matrix Unapply(Matrix whitened)
    {
        ArgumentNullException.ThrowIfNull(whitened);
        int d = Dimension;
        Matrix x = whitened.Transpose(); // d×m: T X' = Zᵀ
        LinearAlgebraBackends.Current.CholeskySolve(d, whitened.Rows, _factor.Value, x.Data);
        Matrix inputs = x.Transpose();
        for (int r = 0; r < inputs.Rows; r++)
        {
            Span<double> row = inputs.Row(r);
            for (int i = 0; i < d; i++)
            {
                row[i] += Mean[i];
            }
        }

        return inputs;
    }

    /// <summary>The artefact keys (docs/design.md "Artefacts"): <c>zca_mean</c> (d), <c>zca_transform</c> (d×d), <c>zca_eps</c> (0-d).</summary>
    public IReadOnlyList<FeatureParameter> Parameters()
        => [new("zca_mean", Mean, [Dimension]), new("zca_transform", Transform.Data, [Dimension, Dimension]), new("zca_eps", [Eps], [])];

    private double[] Factor()
    {
        double[] factor = (double[])Transform.Data.Clone();
        return LinearAlgebraBackends.Current.CholeskyFactor(Dimension, factor)
            ? factor
            : throw new DataFormatException("the ZCA transform is not positive definite, so the whitened inputs cannot be mapped back; it was not made by --zca.");
    }

}
