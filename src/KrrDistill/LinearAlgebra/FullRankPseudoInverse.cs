namespace KrrDistill.LinearAlgebra;

/// <summary>
/// The pseudo-inverse of a matrix of full rank from one thin QR factorization, in the transposed form (A⁺)ᵀ (m×n) that
/// rows of points use: A = Q R when m ≥ n gives A⁺ = R⁻¹Qᵀ, so (A⁺)ᵀ = Q R⁻ᵀ; Aᵀ = Q R when m &lt; n gives
/// A⁺ = Q R⁻ᵀ, so (A⁺)ᵀ = R⁻¹Qᵀ. It costs about a third of a thin SVD (no bidiagonalization) and is as accurate
/// (cond(A)·ε), but needs full rank: when R's reciprocal condition estimate is at or below
/// <see cref="MinimumNormSolver.Threshold"/> there is no answer, and the SVD's rank tolerance decides.
/// </summary>
internal static class FullRankPseudoInverse
{
    /// <summary>(A⁺)ᵀ (m×n) for <paramref name="a"/> (m×n, not modified), or null when A may be rank-deficient.</summary>
    public static Matrix? Transposed(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.Rows, n = a.Columns;
        if (m == 0 || n == 0)
        {
            return null;
        }

        bool tall = m >= n;
        Matrix factored = tall ? a : a.Transpose();
        int rows = factored.Rows, rank = factored.Columns;
        var q = new Matrix(rows, rank);
        double[] r = new double[rank * rank];
        if (!(LinearAlgebraBackends.Current.ThinQr(rows, rank, factored.Data, q.Data, r) > MinimumNormSolver.Threshold(m, n)))
        {
            return null;
        }

        // Q R⁻ᵀ: the answer when A is tall, its transpose when A is wide.
        LinearAlgebraBackends.Current.TriangularSolveRight(Transpose.Yes, rank, rows, r, q.Data);
        return tall ? q : q.Transpose();
    }
}
