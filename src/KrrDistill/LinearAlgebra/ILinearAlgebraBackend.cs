namespace KrrDistill.LinearAlgebra;

/// <summary>
/// Dense BLAS/LAPACK operations on row-major double storage. Two implementations exist: native
/// OpenBLAS (<see cref="OpenBlas.OpenBlasBackend"/>) and a managed fallback (<see cref="Managed.ManagedBackend"/>);
/// both must give the same results to rounding.
/// </summary>
public interface ILinearAlgebraBackend
{
    /// <summary>Short name shown by <c>krr-distill info</c> (<c>openblas</c> or <c>managed</c>).</summary>
    string Name { get; }

    /// <summary>Number of threads the backend computes with.</summary>
    int Threads { get; }

    /// <summary>
    /// C (m×n) = α·op(A)·op(B) + β·C, all row-major with leading dimensions (row strides)
    /// <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>; op(A) is m×k, op(B) is k×n.
    /// </summary>
    void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);

    /// <summary>
    /// C (n×n) = α·AᵀA + β·C for A (k×n, row-major, rows = samples): the Gram update of a chunk of k
    /// feature rows. Only the upper triangle of C (column ≥ row) is referenced and updated.
    /// </summary>
    void SyrkTransposed(int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc);

    /// <summary>
    /// Symmetric eigendecomposition A = Q diag(w) Qᵀ of the n×n symmetric matrix in <paramref name="a"/>
    /// (both triangles must hold it). On return <paramref name="a"/> holds Q with eigenvectors as
    /// columns (row-major) and <paramref name="eigenvalues"/> holds w in ascending order.
    /// </summary>
    void SymmetricEigen(int n, Span<double> a, Span<double> eigenvalues);

    /// <summary>
    /// Cholesky factorization in place of the symmetric n×n matrix <paramref name="a"/> (both triangles
    /// must hold it). Returns false when the matrix is not numerically positive definite.
    /// </summary>
    bool CholeskyFactor(int n, Span<double> a);

    /// <summary>Solves A X = B in place of <paramref name="b"/> (n×nrhs, row-major) from the factor of <see cref="CholeskyFactor"/>.</summary>
    void CholeskySolve(int n, int nrhs, ReadOnlySpan<double> factor, Span<double> b);

    /// <summary>
    /// Thin SVD A = U diag(s) Vᵀ of A (m×n, row-major), r = min(m, n): <paramref name="u"/> receives U (m×r),
    /// <paramref name="s"/> the r singular values in descending order, <paramref name="vt"/> Vᵀ (r×n).
    /// </summary>
    void Svd(int m, int n, ReadOnlySpan<double> a, Span<double> u, Span<double> s, Span<double> vt);
}

/// <summary>Whether a GEMM operand is used as stored or transposed.</summary>
public enum Transpose
{
    /// <summary>Use the operand as stored.</summary>
    No,

    /// <summary>Use the transpose of the operand.</summary>
    Yes,
}
