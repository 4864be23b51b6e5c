using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace KrrDistill.LinearAlgebra.OpenBlas;

/// <summary>
/// Native backend over OpenBLAS/LAPACK. Row-major data are handed to column-major LAPACK as their
/// transposes: a symmetric matrix is its own transpose, and the SVD of Aᵀ yields that of A with U and
/// Vᵀ swapped, so no copies are needed except for Cholesky right-hand sides. BLAS calls here, LAPACK's
/// factorizations in <c>OpenBlasBackend.Lapack.cs</c>.
/// </summary>
internal sealed unsafe partial class OpenBlasBackend : ILinearAlgebraBackend
{
    private OpenBlasBackend()
    {
    }

    /// <inheritdoc/>
    public string Name => "openblas";

    /// <inheritdoc/>
    public int Threads => OpenBlasNative.GetNumThreads();

    /// <inheritdoc/>
    public string Details => $"{CoreName} kernels ({CoreSelection}); {Config}";

    /// <summary>OpenBLAS's name for the compute kernel it selected (e.g. <c>SkylakeX</c>, <c>Haswell</c>).</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance-only on purpose: an instance exists only once TryCreate has loaded OpenBLAS, so the native call cannot run before the library is there.")]
    public string CoreName => Marshal.PtrToStringAnsi(OpenBlasNative.GetCoreName()) ?? "?";

    /// <summary>How the kernel was chosen (see <see cref="OpenBlasCoreSelection"/>).</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Describes the loaded library, like CoreName and Config: only an instance from TryCreate can report it.")]
    public string CoreSelection => OpenBlasCoreSelection.Decision;

    /// <summary>OpenBLAS's build configuration string.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance-only on purpose: an instance exists only once TryCreate has loaded OpenBLAS, so the native call cannot run before the library is there.")]
    public string Config => Marshal.PtrToStringAnsi(OpenBlasNative.GetConfig()) ?? "?";

    /// <summary>Loads OpenBLAS; returns null when <c>libopenblas.so.0</c> cannot be loaded or lacks a needed symbol.</summary>
    public static OpenBlasBackend? TryCreate()
    {
        OpenBlasCoreSelection.Apply();
        if (!NativeLibrary.TryLoad(OpenBlasNative.Library, typeof(OpenBlasBackend).Assembly, null, out nint handle))
        {
            return null;
        }

        foreach (string symbol in new[] { "cblas_dgemm", "cblas_dsyrk", "dsyevd_", "dsytrd_", "dormtr_", "dpotrf_", "dpotrs_", "dgesdd_", "dgetrf_", "dgetrs_", "dgecon_", "dgeqrf_", "dorgqr_", "dtrcon_", "cblas_dtrsm", "openblas_get_num_threads" })
        {
            if (!NativeLibrary.TryGetExport(handle, symbol, out _))
            {
                return null;
            }
        }

        return new OpenBlasBackend();
    }

    /// <inheritdoc/>
    public void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        GemmChecks.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (alpha == 0 || k == 0)
        {
            // BLAS semantics: C = β·C, with β = 0 clearing NaN garbage. OpenBLAS 0.3.21 leaves NaN in C for
            // α = β = 0 (found by the conformance tests), so this case never reaches it.
            for (int i = 0; i < m; i++)
            {
                Span<double> row = c.Slice(i * ldc, n);
                if (beta == 0)
                {
                    row.Clear();
                }
                else
                {
                    TensorPrimitives.Multiply(row, beta, row);
                }
            }

            return;
        }

        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            OpenBlasNative.Dgemm(OpenBlasNative.RowMajor,
                transA == Transpose.Yes ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                transB == Transpose.Yes ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                m, n, k, alpha, pa, Math.Max(1, lda), pb, Math.Max(1, ldb), beta, pc, Math.Max(1, ldc));
        }
    }

    /// <inheritdoc/>
    public void SyrkTransposed(int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc)
    {
        GemmChecks.ValidateSyrk(n, k, a.Length, lda, c.Length, ldc);
        if (n == 0)
        {
            return;
        }

        fixed (double* pa = a)
        fixed (double* pc = c)
        {
            OpenBlasNative.Dsyrk(OpenBlasNative.RowMajor, OpenBlasNative.Upper, OpenBlasNative.Trans,
                n, k, alpha, pa, Math.Max(1, lda), beta, pc, Math.Max(1, ldc));
        }
    }

    /// <inheritdoc/>
    public void GemmSingle(Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        GemmChecks.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            for (int i = 0; i < m; i++)
            {
                c.Slice(i * ldc, n).Clear();
            }

            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            OpenBlasNative.Sgemm(OpenBlasNative.RowMajor, transA == Transpose.Yes ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                transB == Transpose.Yes ? OpenBlasNative.Trans : OpenBlasNative.NoTrans, m, n, k, 1f, pa, Math.Max(1, lda), pb, Math.Max(1, ldb), 0f, pc, Math.Max(1, ldc));
        }
    }

    /// <inheritdoc/>
    public void SyrkTransposedSingle(int n, int k, ReadOnlySpan<float> a, int lda, Span<float> c, int ldc)
    {
        GemmChecks.ValidateSyrk(n, k, a.Length, lda, c.Length, ldc);
        if (n == 0)
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pc = c)
        {
            OpenBlasNative.Ssyrk(OpenBlasNative.RowMajor, OpenBlasNative.Upper, OpenBlasNative.Trans, n, k, 1f, pa, Math.Max(1, lda), 0f, pc, Math.Max(1, ldc));
        }
    }
}
