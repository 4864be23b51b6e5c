using System.Numerics.Tensors;

namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// The float32 operations of <see cref="ManagedBackend"/>. There is no float32 kernel here: the operands are widened to
/// float64, multiplied by the double kernel and rounded once to float32, which is at least as accurate as a float32
/// product and no faster than the double pass. Single precision pays off with OpenBLAS (<c>sgemm</c>/<c>ssyrk</c>).
/// </summary>
internal sealed partial class ManagedBackend
{
    /// <inheritdoc/>
    public void GemmSingle(Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        GemmChecks.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        double[] wideA = Widen(a), wideB = Widen(b), wideC = new double[c.Length];
        Gemm(transA, transB, m, n, k, 1.0, wideA, lda, wideB, ldb, 0.0, wideC, ldc);
        for (int i = 0; i < m; i++)
        {
            TensorPrimitives.ConvertTruncating<double, float>(wideC.AsSpan(i * ldc, n), c.Slice(i * ldc, n));
        }
    }

    /// <inheritdoc/>
    public void SyrkTransposedSingle(int n, int k, ReadOnlySpan<float> a, int lda, Span<float> c, int ldc)
    {
        GemmChecks.ValidateSyrk(n, k, a.Length, lda, c.Length, ldc);
        double[] wideA = Widen(a), wideC = new double[c.Length];
        SyrkTransposed(n, k, 1.0, wideA, lda, 0.0, wideC, ldc);
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.ConvertTruncating<double, float>(wideC.AsSpan((i * ldc) + i, n - i), c.Slice((i * ldc) + i, n - i));
        }
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        double[] wide = new double[values.Length];
        TensorPrimitives.ConvertTruncating<float, double>(values, wide);
        return wide;
    }
}
