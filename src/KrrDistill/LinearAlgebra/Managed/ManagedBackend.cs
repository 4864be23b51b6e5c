namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// Fully managed fallback for machines without OpenBLAS. GEMM and SYRK run on a hand-written,
/// cache-blocked, multithreaded SIMD kernel (AVX-512 when available, <see cref="System.Numerics.Vector{T}"/>
/// elsewhere); the eigen, Cholesky and singular value decompositions use Math.NET Numerics' managed provider.
/// </summary>
internal sealed unsafe partial class ManagedBackend : ILinearAlgebraBackend
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
    public string Details => "managed fallback (no OpenBLAS in use)";

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
        FactorizationChecks.Square(n, a.Length, eigenvalues.Length);
        if (n > 0)
        {
            MathNetDecompositions.SymmetricEigen(n, a, eigenvalues);
        }
    }

    /// <inheritdoc/>
    public void TridiagonalReduce(int n, Span<double> a, Span<double> diagonal, Span<double> offDiagonal, Span<double> tau)
    {
        FactorizationChecks.Tridiagonal(n, a.Length, diagonal.Length, offDiagonal.Length, tau.Length);

        ManagedTridiagonal.Reduce(n, a, diagonal, offDiagonal, tau, Threads);
    }

    /// <inheritdoc/>
    public void TridiagonalApplyQ(Transpose transQ, int n, int columns, ReadOnlySpan<double> reflectors, ReadOnlySpan<double> tau, Span<double> b)
    {
        FactorizationChecks.ApplyTridiagonalQ(n, columns, reflectors.Length, tau.Length, b.Length);

        ManagedTridiagonal.ApplyQ(transQ == Transpose.Yes, n, columns, reflectors, tau, b);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// On success <paramref name="a"/> holds the lower factor L (A = L·Lᵀ, row-major) with its strict upper
    /// triangle zeroed; on failure it is left unchanged.
    /// </remarks>
    public bool CholeskyFactor(int n, Span<double> a)
    {
        FactorizationChecks.Square(n, a.Length, n);
        return n == 0 || MathNetDecompositions.CholeskyFactor(n, a);
    }

    /// <inheritdoc/>
    public void CholeskySolve(int n, int nrhs, ReadOnlySpan<double> factor, Span<double> b)
    {
        FactorizationChecks.Square(n, factor.Length, n);
        FactorizationChecks.RightHandSides(n, nrhs, b.Length);

        if (n > 0 && nrhs > 0)
        {
            MathNetDecompositions.CholeskySolve(n, nrhs, factor, b);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Math.NET's managed LU (column-major, kept in <paramref name="a"/> as the factor); the reciprocal condition
    /// number from ‖A‖₁ and the Hager–Higham estimate of ‖A⁻¹‖₁ (<see cref="ConditionEstimate"/>), as <c>dgecon</c>.
    /// </remarks>
    public double LuFactor(int n, Span<double> a, Span<int> pivots)
    {
        FactorizationChecks.Square(n, a.Length, pivots.Length);
        if (n == 0)
        {
            return 1.0;
        }

        double norm = ConditionEstimate.OneNorm(n, n, a);
        if (!double.IsFinite(norm) || norm == 0)
        {
            return 0.0;
        }

        double[] factor = MathNetDecompositions.LuFactor(n, a, pivots);
        for (int j = 0; j < n; j++)
        {
            if (factor[(j * n) + j] == 0)
            {
                return 0.0;
            }
        }

        int[] p = pivots[..n].ToArray();
        double inverse = ConditionEstimate.InverseOneNorm(n,
            x => ManagedSolves.LuSolve(n, factor, p, x),
            x => ManagedSolves.LuSolveTransposed(n, factor, p, x));
        return ConditionEstimate.Reciprocal(norm, inverse);
    }

    /// <inheritdoc/>
    public void LuSolveRows(int n, int rows, ReadOnlySpan<double> factor, ReadOnlySpan<int> pivots, Span<double> b)
    {
        FactorizationChecks.Square(n, factor.Length, pivots.Length);
        FactorizationChecks.RightHandSides(n, rows, b.Length);

        fixed (double* pf = factor)
        fixed (int* pp = pivots)
        fixed (double* pb = b)
        {
            double* f = pf, rhs = pb;
            int* piv = pp;
            Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Threads },
                r => ManagedSolves.LuSolve(n, new ReadOnlySpan<double>(f, n * n), new ReadOnlySpan<int>(piv, n), new Span<double>(rhs + ((long)r * n), n)));
        }
    }

    /// <inheritdoc/>
    public double ThinQr(int m, int n, ReadOnlySpan<double> a, Span<double> q, Span<double> r)
    {
        FactorizationChecks.ThinQr(m, n, a.Length, q.Length, r.Length);

        if (n == 0)
        {
            return 1.0;
        }

        double[] upper = MathNetDecompositions.ThinQr(m, n, a, q, r);
        double norm = ConditionEstimate.OneNorm(n, n, r);
        for (int j = 0; j < n; j++)
        {
            if (upper[(j * n) + j] == 0)
            {
                return 0.0;
            }
        }

        double inverse = ConditionEstimate.InverseOneNorm(n,
            x => ManagedSolves.UpperSolveColumnMajor(n, upper, x),
            x => ManagedSolves.UpperTransposedSolveColumnMajor(n, upper, x));
        return ConditionEstimate.Reciprocal(norm, inverse);
    }

    /// <inheritdoc/>
    public void TriangularSolveRight(Transpose transU, int n, int rows, ReadOnlySpan<double> upper, Span<double> b)
    {
        FactorizationChecks.Square(n, upper.Length, n);
        FactorizationChecks.RightHandSides(n, rows, b.Length);

        bool transposed = transU == Transpose.Yes;
        fixed (double* pu = upper)
        fixed (double* pb = b)
        {
            double* u = pu, rhs = pb;
            Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Threads }, i =>
            {
                var row = new Span<double>(rhs + ((long)i * n), n);
                var factor = new ReadOnlySpan<double>(u, n * n);
                if (transposed)
                {
                    ManagedSolves.RowTimesUpperInverseTransposed(n, factor, row);
                }
                else
                {
                    ManagedSolves.RowTimesUpperInverse(n, factor, row);
                }
            });
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
}
