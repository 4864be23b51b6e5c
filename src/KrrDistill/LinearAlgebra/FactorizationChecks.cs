namespace KrrDistill.LinearAlgebra;

/// <summary>
/// Argument checks of the factorizations and solves shared by the backends (as <see cref="GemmChecks"/> is for
/// GEMM), so both reject the same bad calls with the same message.
/// </summary>
internal static class FactorizationChecks
{
    /// <summary>An n×n matrix in <paramref name="length"/> elements and a companion vector of at least n.</summary>
    internal static void Square(int n, int length, int vectorLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (length < (long)n * n || vectorLength < n)
        {
            throw new ArgumentException($"buffers too small for a {n}×{n} matrix.");
        }
    }

    /// <summary><paramref name="rows"/> right-hand sides of length n, row-major, in <paramref name="length"/> elements.</summary>
    internal static void RightHandSides(int n, int rows, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (length < (long)n * rows)
        {
            throw new ArgumentException($"the right-hand sides need {rows}·{n} elements, got {length}.");
        }
    }

    /// <summary>A tall m×n matrix (m ≥ n ≥ 0) and buffers for Q (m×n) and R (n×n).</summary>
    internal static void ThinQr(int m, int n, int aLength, int qLength, int rLength)
    {
        if (m < n || n < 0 || aLength < (long)m * n || qLength < (long)m * n || rLength < (long)n * n)
        {
            throw new ArgumentException($"ThinQr needs a tall m×n matrix (m ≥ n) and buffers of m·n, m·n and n·n; got {m}×{n}.");
        }
    }

    /// <summary>Buffers of a tridiagonal reduction of order n: the matrix, its diagonal, off-diagonal and reflector scales.</summary>
    internal static void Tridiagonal(int n, int aLength, int diagonalLength, int offDiagonalLength, int tauLength)
    {
        Square(n, aLength, diagonalLength);
        if (offDiagonalLength < n - 1 || tauLength < n - 1)
        {
            throw new ArgumentException($"off-diagonal and tau need n − 1 = {n - 1} entries.");
        }
    }

    /// <summary>Buffers for applying the Q of a tridiagonal reduction of order n to n×<paramref name="columns"/>.</summary>
    internal static void ApplyTridiagonalQ(int n, int columns, int reflectorsLength, int tauLength, int bLength)
    {
        Square(n, reflectorsLength, n);
        RightHandSides(n, columns, bLength);
        if (tauLength < n - 1)
        {
            throw new ArgumentException($"tau needs n − 1 = {n - 1} entries.");
        }
    }
}
