namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// Fully managed fallback for machines without OpenBLAS. GEMM and SYRK run on a hand-written,
/// cache-blocked, multithreaded SIMD kernel (AVX-512 when available, <see cref="System.Numerics.Vector{T}"/>
/// elsewhere); the eigen, Cholesky and singular value decompositions use Math.NET Numerics' managed provider.
/// </summary>
internal sealed unsafe class ManagedBackend : ILinearAlgebraBackend
{
    private readonly GemmKernelKind _kernel;

    /// <summary>Creates the backend with the fastest GEMM kernel the hardware supports.</summary>
    public ManagedBackend()
        : this(GemmKernelKind.Auto)
    {
    }

    /// <summary>Creates the backend with a given GEMM kernel (tests use it to cover the portable kernel).</summary>
    internal ManagedBackend(GemmKernelKind kernel)
    {
        _kernel = kernel;
    }

    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public int Threads => Environment.ProcessorCount;

    /// <inheritdoc/>
    public void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        GemmChecks.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            ManagedGemm.Multiply(_kernel, Threads, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, upperOnly: false);
        }
    }

    /// <inheritdoc/>
    public void SyrkTransposed(int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc)
    {
        GemmChecks.ValidateSyrk(n, k, a.Length, lda, c.Length, ldc);
        fixed (double* pa = a)
        fixed (double* pc = c)
        {
            // Upper triangle of op(A)·op(B) with op(A) = Aᵀ (n×k) and op(B) = A (k×n).
            ManagedGemm.Multiply(_kernel, Threads, Transpose.Yes, Transpose.No, n, n, k, alpha, pa, lda, pa, lda, beta, pc, ldc, upperOnly: true);
        }
    }

    /// <inheritdoc/>
    public void SymmetricEigen(int n, Span<double> a, Span<double> eigenvalues)
    {
        CheckSquare(n, a.Length, eigenvalues.Length);
        if (n > 0)
        {
            MathNetDecompositions.SymmetricEigen(n, a, eigenvalues);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// On success <paramref name="a"/> holds the lower factor L (A = L·Lᵀ, row-major) with its strict upper
    /// triangle zeroed; on failure it is left unchanged.
    /// </remarks>
    public bool CholeskyFactor(int n, Span<double> a)
    {
        CheckSquare(n, a.Length, n);
        return n == 0 || MathNetDecompositions.CholeskyFactor(n, a);
    }

    /// <inheritdoc/>
    public void CholeskySolve(int n, int nrhs, ReadOnlySpan<double> factor, Span<double> b)
    {
        CheckSquare(n, factor.Length, n);
        ArgumentOutOfRangeException.ThrowIfNegative(nrhs);
        if (b.Length < (long)n * nrhs)
        {
            throw new ArgumentException("b is shorter than n·nrhs.", nameof(b));
        }

        if (n > 0 && nrhs > 0)
        {
            MathNetDecompositions.CholeskySolve(n, nrhs, factor, b);
        }
    }

    /// <inheritdoc/>
    public void Svd(int m, int n, ReadOnlySpan<double> a, Span<double> u, Span<double> s, Span<double> vt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        int r = Math.Min(m, n);
        if (a.Length < (long)m * n || u.Length < (long)m * r || s.Length < r || vt.Length < (long)r * n)
        {
            throw new ArgumentException($"SVD buffers too small for a {m}×{n} matrix.");
        }

        if (r > 0)
        {
            MathNetDecompositions.Svd(this, m, n, a, u, s, vt);
        }
    }

    private static void CheckSquare(int n, int length, int vectorLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (length < (long)n * n || vectorLength < n)
        {
            throw new ArgumentException($"buffers too small for a {n}×{n} matrix.");
        }
    }
}
