namespace KrrDistill.LinearAlgebra;

/// <summary>Argument checks shared by the backends, so both reject the same bad calls the same way.</summary>
internal static class GemmChecks
{
    /// <summary>Checks GEMM shapes against buffer lengths (row-major, op(A) m×k, op(B) k×n, C m×n).</summary>
    internal static void Validate(Transpose transA, Transpose transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"negative GEMM dimension ({m}, {n}, {k}).");
        }

        (int aRows, int aCols) = transA == Transpose.No ? (m, k) : (k, m);
        (int bRows, int bCols) = transB == Transpose.No ? (k, n) : (n, k);
        CheckOperand("A", aRows, aCols, aLength, lda);
        CheckOperand("B", bRows, bCols, bLength, ldb);
        CheckOperand("C", m, n, cLength, ldc);
    }

    /// <summary>Checks SYRK shapes: A is k×n, C is n×n.</summary>
    internal static void ValidateSyrk(int n, int k, int aLength, int lda, int cLength, int ldc)
    {
        if (n < 0 || k < 0)
        {
            throw new ArgumentException($"negative SYRK dimension ({n}, {k}).");
        }

        CheckOperand("A", k, n, aLength, lda);
        CheckOperand("C", n, n, cLength, ldc);
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int ld)
    {
        if (rows == 0 || cols == 0)
        {
            return;
        }

        if (ld < cols)
        {
            throw new ArgumentException($"leading dimension of {name} ({ld}) is smaller than its {cols} columns.");
        }

        if ((long)(rows - 1) * ld + cols > length)
        {
            throw new ArgumentException($"{name} ({rows}×{cols}, ld {ld}) does not fit in {length} elements.");
        }
    }
}
