using KrrDistill.LinearAlgebra;

namespace KrrDistill.Benchmarks;

/// <summary>
/// A backend whose <see cref="SyrkTransposed"/> does nothing, so that timing
/// <see cref="Ridge.SufficientStatistics.Add(ReadOnlySpan{double}, int, ReadOnlySpan{int})"/> with it isolates the accumulator's own work (argument checks
/// and the label scatter-add). Every other operation throws.
/// </summary>
internal sealed class NoSyrkBackend : ILinearAlgebraBackend
{
    /// <inheritdoc/>
    public string Name => "no-syrk";

    /// <inheritdoc/>
    public string Details => "OpenBLAS with a no-op SYRK (overhead benchmarks)";

    /// <inheritdoc/>
    public int Threads => 1;

    /// <inheritdoc/>
    public void SyrkTransposed(int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc)
    {
    }

    /// <inheritdoc/>
    public void SyrkTransposedSingle(int n, int k, ReadOnlySpan<float> a, int lda, Span<float> c, int ldc)
    {
    }

    /// <inheritdoc/>
    public void GemmSingle(Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc) =>
        throw new NotSupportedException();

    /// <inheritdoc/>
    public void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) =>
        throw new NotSupportedException();

    /// <inheritdoc/>
    public void SymmetricEigen(int n, Span<double> a, Span<double> eigenvalues) => throw new NotSupportedException();

    /// <inheritdoc/>
    public void TridiagonalReduce(int n, Span<double> a, Span<double> diagonal, Span<double> offDiagonal, Span<double> tau) =>
        throw new NotSupportedException();

    /// <inheritdoc/>
    public void TridiagonalApplyQ(Transpose transQ, int n, int columns, ReadOnlySpan<double> reflectors, ReadOnlySpan<double> tau, Span<double> b) =>
        throw new NotSupportedException();

    /// <inheritdoc/>
    public bool CholeskyFactor(int n, Span<double> a) => throw new NotSupportedException();

    /// <inheritdoc/>
    public void CholeskySolve(int n, int nrhs, ReadOnlySpan<double> factor, Span<double> b) => throw new NotSupportedException();

    /// <inheritdoc/>
    public double LuFactor(int n, Span<double> a, Span<int> pivots) => throw new NotSupportedException();

    /// <inheritdoc/>
    public void LuSolveRows(int n, int rows, ReadOnlySpan<double> factor, ReadOnlySpan<int> pivots, Span<double> b) =>
        throw new NotSupportedException();

    /// <inheritdoc/>
    public double ThinQr(int m, int n, ReadOnlySpan<double> a, Span<double> q, Span<double> r) => throw new NotSupportedException();

    /// <inheritdoc/>
    public void TriangularSolveRight(Transpose transU, int n, int rows, ReadOnlySpan<double> upper, Span<double> b) =>
        throw new NotSupportedException();

    /// <inheritdoc/>
    public void Svd(int m, int n, ReadOnlySpan<double> a, Span<double> u, Span<double> s, Span<double> vt) =>
        throw new NotSupportedException();
}
