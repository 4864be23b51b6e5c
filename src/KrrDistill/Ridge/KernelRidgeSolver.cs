using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// KRR on features held in memory (docs/theory.md §1): W = Y φ_λ(X)^+, with samples as rows Φ (n×p),
/// Y (n×k) and W (k×p). Dual (n×n kernel) when n ≤ p, primal (p×p Gram) otherwise; λ = 0 is the
/// pseudo-inverse with the rank tolerance of <see cref="SpectralRidgePath"/>.
/// </summary>
internal static class KernelRidgeSolver
{
    /// <summary>Solves for W (k×p).</summary>
    public static Matrix Solve(Matrix features, Matrix targets, double lambda)
        => (lambda == 0 && features.Rows > features.Columns ? LeastSquares(features, targets) : null) ?? Path(features, targets).Weights(lambda);

    /// <summary>
    /// λ = 0 with n &gt; p: the least-squares W (Φ Wᵀ ≈ Y) from a thin QR Φ = Q R, Wᵀ = R⁻¹ Qᵀ Y, which costs O(n·p²) like
    /// the Gram route but no p×p eigendecomposition, and is accurate to cond(Φ)·ε where the Gram's is cond(Φ)²·ε. Null
    /// when R's reciprocal condition estimate is below 10⁻¹⁰: Φ may then be rank-deficient, and the spectral route's
    /// pseudo-inverse with its rank tolerance is the answer. For a Φ of full rank the two are the same W.
    /// </summary>
    private static Matrix? LeastSquares(Matrix features, Matrix targets)
    {
        int n = features.Rows, p = features.Columns, k = targets.Columns;
        if (features.Rows != targets.Rows)
        {
            return null; // Path reports it
        }

        var q = new double[(long)n * p];
        var r = new double[p * p];
        if (!(LinearAlgebraBackends.Current.ThinQr(n, p, features.Data, q, r) >= 1e-10))
        {
            return null;
        }

        var w = new Matrix(k, p); // Wᵀ = R⁻¹ Qᵀ Y  ⇔  W = (Yᵀ Q) R⁻ᵀ
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, k, p, n, 1.0, targets.Data, k, q, p, 0.0, w.Data, p);
        LinearAlgebraBackends.Current.TriangularSolveRight(Transpose.Yes, p, k, r, w.Data);
        return w;
    }

    /// <summary>The λ path of (Φ, Y): dual when n ≤ p, primal otherwise.</summary>
    private static SpectralRidgePath Path(Matrix features, Matrix targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rows != targets.Rows)
        {
            throw new ArgumentException($"Φ has {features.Rows} rows but Y has {targets.Rows}.");
        }

        if (features.Rows <= features.Columns)
        {
            return SpectralRidgePath.FromFeatures(features, targets);
        }

        int n = features.Rows, p = features.Columns, k = targets.Columns;
        var gram = new Matrix(p, p);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, p, n, 1.0, features.Data, p, features.Data, p, 0.0, gram.Data, p);
        var cross = new Matrix(p, k);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, k, n, 1.0, features.Data, p, targets.Data, k, 0.0, cross.Data, k);
        return SpectralRidgePath.FromStatistics(new SufficientStatistics(gram, cross, n));
    }
}
