using System.Numerics.Tensors;

namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// The managed backend's triangular and LU solves for one right-hand side at a time, written here because Math.NET's
/// provider has no transposed LU solve nor a right-side triangular solve. Every inner loop runs over contiguous
/// memory (a column of a column-major factor, or a row of a row-major one) through <see cref="TensorPrimitives"/>.
/// </summary>
internal static class ManagedSolves
{
    /// <summary>
    /// x ← A⁻¹x from Math.NET's column-major LU (P A = L U, unit lower L below the diagonal, U on and above it) and its
    /// pivots (row j was swapped with row pivots[j] at step j).
    /// </summary>
    public static void LuSolve(int n, ReadOnlySpan<double> lu, ReadOnlySpan<int> pivots, Span<double> x)
    {
        for (int i = 0; i < n; i++)
        {
            int p = pivots[i];
            if (p != i)
            {
                (x[i], x[p]) = (x[p], x[i]);
            }
        }

        for (int j = 0; j < n - 1; j++)
        {
            int below = n - j - 1;
            TensorPrimitives.MultiplyAdd(lu.Slice((j * n) + j + 1, below), -x[j], x.Slice(j + 1, below), x.Slice(j + 1, below));
        }

        UpperSolveColumnMajor(n, lu, x);
    }

    /// <summary>x ← A⁻ᵀx from the same factor: Aᵀ = Uᵀ Lᵀ P.</summary>
    public static void LuSolveTransposed(int n, ReadOnlySpan<double> lu, ReadOnlySpan<int> pivots, Span<double> x)
    {
        UpperTransposedSolveColumnMajor(n, lu, x);
        for (int j = n - 2; j >= 0; j--)
        {
            int below = n - j - 1;
            x[j] -= TensorPrimitives.Dot(lu.Slice((j * n) + j + 1, below), x.Slice(j + 1, below));
        }

        for (int i = n - 1; i >= 0; i--)
        {
            int p = pivots[i];
            if (p != i)
            {
                (x[i], x[p]) = (x[p], x[i]);
            }
        }
    }

    /// <summary>x ← U⁻¹x for the upper triangle of a column-major n×n matrix (back substitution by columns).</summary>
    public static void UpperSolveColumnMajor(int n, ReadOnlySpan<double> u, Span<double> x)
    {
        for (int j = n - 1; j >= 0; j--)
        {
            x[j] /= u[(j * n) + j];
            if (j > 0)
            {
                TensorPrimitives.MultiplyAdd(u.Slice(j * n, j), -x[j], x[..j], x[..j]);
            }
        }
    }

    /// <summary>x ← U⁻ᵀx for the upper triangle of a column-major n×n matrix (forward substitution, dot products).</summary>
    public static void UpperTransposedSolveColumnMajor(int n, ReadOnlySpan<double> u, Span<double> x)
    {
        for (int j = 0; j < n; j++)
        {
            x[j] = (x[j] - TensorPrimitives.Dot(u.Slice(j * n, j), x[..j])) / u[(j * n) + j];
        }
    }

    /// <summary>y ← y·U⁻¹ (y U = b) for the upper triangle of a row-major n×n U: the row form of <c>dtrsm</c> side right.</summary>
    public static void RowTimesUpperInverse(int n, ReadOnlySpan<double> u, Span<double> y)
    {
        for (int j = 0; j < n; j++)
        {
            y[j] /= u[(j * n) + j];
            int after = n - j - 1;
            if (after > 0)
            {
                TensorPrimitives.MultiplyAdd(u.Slice((j * n) + j + 1, after), -y[j], y.Slice(j + 1, after), y.Slice(j + 1, after));
            }
        }
    }

    /// <summary>y ← y·U⁻ᵀ (y Uᵀ = b, i.e. U yᵀ = bᵀ) for the upper triangle of a row-major n×n U.</summary>
    public static void RowTimesUpperInverseTransposed(int n, ReadOnlySpan<double> u, Span<double> y)
    {
        for (int j = n - 1; j >= 0; j--)
        {
            int after = n - j - 1;
            y[j] = (y[j] - TensorPrimitives.Dot(u.Slice((j * n) + j + 1, after), y.Slice(j + 1, after))) / u[(j * n) + j];
        }
    }
}
