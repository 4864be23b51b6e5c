using System.Numerics;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// The LAPACK-type factorizations of the managed backend, delegated to Math.NET Numerics' fully
/// managed provider (<see cref="ManagedLinearAlgebraProvider"/>, called directly so that no native
/// provider Math.NET might probe for, nor the process-wide <see cref="LinearAlgebraControl.Provider"/>,
/// is involved). Math.NET works on column-major arrays; these methods convert row-major input and output.
/// </summary>
internal static class MathNetDecompositions
{
    private static ManagedLinearAlgebraProvider Provider => ManagedLinearAlgebraProvider.Instance;

    /// <summary>Symmetric eigendecomposition; see <see cref="ILinearAlgebraBackend.SymmetricEigen"/>.</summary>
    internal static void SymmetricEigen(int n, Span<double> a, Span<double> eigenvalues)
    {
        double[] matrix = ColumnMajor.From(a, n, n);
        double[] vectors = new double[n * n];
        var values = new Complex[n];
        Provider.EigenDecomp(true, n, matrix, vectors, values, new double[n * n]);

        // Math.NET documents ascending order; sort anyway (stably) so the contract never depends on it.
        int[] order = Enumerable.Range(0, n).OrderBy(i => values[i].Real).ToArray();
        for (int j = 0; j < n; j++)
        {
            int source = order[j];
            eigenvalues[j] = values[source].Real;
            for (int i = 0; i < n; i++)
            {
                a[(i * n) + j] = vectors[(source * n) + i];
            }
        }
    }

    /// <summary>
    /// Cholesky factorization A = L·Lᵀ. On success <paramref name="a"/> holds L row-major with its strict
    /// upper triangle zeroed; on failure (not positive definite, or non-finite) it is left unchanged.
    /// </summary>
    internal static bool CholeskyFactor(int n, Span<double> a)
    {
        double[] factor = ColumnMajor.From(a, n, n);
        try
        {
            Provider.CholeskyFactor(factor, n);
        }
        catch (ArgumentException)
        {
            return false; // Math.NET signals "matrix must be positive definite" this way
        }

        for (int i = 0; i < n; i++)
        {
            double d = factor[(i * n) + i];
            if (!(d > 0) || double.IsInfinity(d))
            {
                return false; // NaN input slips through Math.NET's pivot test
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[(i * n) + j] = j <= i ? factor[(j * n) + i] : 0.0;
            }
        }

        return true;
    }

    /// <summary>
    /// Solves A·X = B from the lower factor L of <see cref="CholeskyFactor"/> (only its lower triangle,
    /// diagonal included, is read); B is n×nrhs row-major and is overwritten by X.
    /// </summary>
    internal static void CholeskySolve(int n, int nrhs, ReadOnlySpan<double> factor, Span<double> b)
    {
        double[] lower = ColumnMajor.From(factor, n, n);
        double[] rhs = ColumnMajor.From(b, n, nrhs);
        Provider.CholeskySolveFactored(lower, n, rhs, nrhs);
        ColumnMajor.CopyBack(rhs, n, nrhs, b);
    }

    /// <summary>
    /// LU with partial pivoting of the row-major n×n <paramref name="a"/>: the column-major factor (P A = L U, Math.NET's
    /// layout) is written into <paramref name="a"/> and also returned as an array; <paramref name="pivots"/> receives the
    /// 0-based interchanges (row j swapped with row pivots[j] at step j).
    /// </summary>
    internal static double[] LuFactor(int n, Span<double> a, Span<int> pivots)
    {
        double[] factor = ColumnMajor.From(a, n, n);
        int[] ipiv = new int[n];
        Provider.LUFactor(factor, n, ipiv);
        factor.AsSpan().CopyTo(a);
        ipiv.AsSpan().CopyTo(pivots);
        return factor;
    }

    /// <summary>
    /// Thin QR of the row-major m×n <paramref name="a"/> (m ≥ n): Q (m×n) and R (n×n, upper) written row-major into
    /// <paramref name="q"/> and <paramref name="r"/>; returns R column-major for the condition estimate.
    /// </summary>
    internal static double[] ThinQr(int m, int n, ReadOnlySpan<double> a, Span<double> q, Span<double> r)
    {
        double[] factor = ColumnMajor.From(a, m, n);
        double[] upper = new double[n * n];
        Provider.ThinQRFactor(factor, m, n, upper, new double[n]);
        ColumnMajor.CopyBack(factor, m, n, q);
        ColumnMajor.CopyBack(upper, n, n, r);
        return upper;
    }

    /// <summary>
    /// Thin SVD; see <see cref="ILinearAlgebraBackend.Svd"/>. Tall matrices are first reduced by a thin QR
    /// (A = Q·R, R = U_R·S·Vᵀ, U = Q·U_R) so that Math.NET never forms the full m×m U; wide matrices are
    /// handled through their transpose.
    /// </summary>
    internal static void Svd(ILinearAlgebraBackend backend, int m, int n, ReadOnlySpan<double> a, Span<double> u, Span<double> s, Span<double> vt)
    {
        if (m >= n)
        {
            SvdTall(backend, m, n, ColumnMajor.From(a, m, n), u, s, vt);
            return;
        }

        // A = (Aᵀ)ᵀ with Aᵀ = U'·S·V'ᵀ (n×m, tall) gives U = V' and Vᵀ = U'ᵀ. Row-major A read as
        // column-major is exactly Aᵀ.
        double[] uPrime = new double[n * m];
        double[] vtPrime = new double[m * m];
        SvdTall(backend, n, m, a[..(m * n)].ToArray(), uPrime, s, vtPrime);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                u[(i * m) + j] = vtPrime[(j * m) + i];
            }
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                vt[(i * n) + j] = uPrime[(j * m) + i];
            }
        }
    }

    /// <summary>Thin SVD of the column-major m×n matrix <paramref name="a"/> (m ≥ n ≥ 1), row-major output.</summary>
    private static void SvdTall(ILinearAlgebraBackend backend, int m, int n, double[] a, Span<double> u, Span<double> s, Span<double> vt)
    {
        double[] values = new double[n];
        double[] leftSquare = new double[n * n];
        double[] right = new double[n * n];
        if (m == n)
        {
            Provider.SingularValueDecomposition(true, a, n, n, values, leftSquare, right);
        }
        else
        {
            // a becomes Q (m×n, column-major); R is n×n column-major.
            double[] r = new double[n * n];
            Provider.ThinQRFactor(a, m, n, r, new double[n]);
            Provider.SingularValueDecomposition(true, r, n, n, values, leftSquare, right);
        }

        // Descending singular values, as the contract (and LAPACK) has it; permute vectors along.
        int[] order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).ToArray();
        for (int j = 0; j < n; j++)
        {
            s[j] = values[order[j]];
        }

        // Vᵀ row i = row order[i] of the column-major n×n Vᵀ.
        for (int i = 0; i < n; i++)
        {
            int source = order[i];
            for (int j = 0; j < n; j++)
            {
                vt[(i * n) + j] = right[(j * n) + source];
            }
        }

        // Permuted U_R as row-major n×n: column j = column order[j] of the column-major U_R.
        double[] leftRows = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                leftRows[(i * n) + j] = leftSquare[(order[j] * n) + i];
            }
        }

        if (m == n)
        {
            leftRows.AsSpan().CopyTo(u);
            return;
        }

        // U (m×n) = Q·U_R; column-major Q is row-major Qᵀ (n×m), hence op(A) = transposed.
        backend.Gemm(Transpose.Yes, Transpose.No, m, n, n, 1.0, a, m, leftRows, n, 0.0, u, n);
    }
}
