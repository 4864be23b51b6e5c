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

    /// <summary>One line on what computes, for <c>krr-distill info</c> (OpenBLAS: its kernels and build configuration).</summary>
    string Details { get; }

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
    /// C (m×n) = op(A)·op(B) in float32 (the single-precision statistics pass, <see cref="Ridge.Precision.Single"/>), all
    /// row-major as in <see cref="Gemm"/>; C is overwritten (β = 0).
    /// </summary>
    void GemmSingle(Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc);

    /// <summary>
    /// C (n×n) = AᵀA in float32 for A (k×n, row-major): the upper triangle of C is overwritten (β = 0), the lower one is
    /// not referenced. The single-precision Gram of one chunk.
    /// </summary>
    void SyrkTransposedSingle(int n, int k, ReadOnlySpan<float> a, int lda, Span<float> c, int ldc);

    /// <summary>
    /// Symmetric eigendecomposition A = Q diag(w) Qᵀ of the n×n symmetric matrix in <paramref name="a"/>
    /// (both triangles must hold it). On return <paramref name="a"/> holds Q with eigenvectors as
    /// columns (row-major) and <paramref name="eigenvalues"/> holds w in ascending order.
    /// </summary>
    void SymmetricEigen(int n, Span<double> a, Span<double> eigenvalues);

    /// <summary>
    /// Reduces the symmetric n×n matrix in <paramref name="a"/> (both triangles must hold it) to tridiagonal form
    /// A = Q T Qᵀ (LAPACK's <c>dsytrd</c>): <paramref name="diagonal"/> (n) and <paramref name="offDiagonal"/> (n − 1)
    /// receive T; Q stays in <paramref name="a"/> and <paramref name="tau"/> (n − 1) as Householder reflectors in the
    /// backend's own layout, for <see cref="TridiagonalApplyQ"/> only.
    /// </summary>
    void TridiagonalReduce(int n, Span<double> a, Span<double> diagonal, Span<double> offDiagonal, Span<double> tau);

    /// <summary>
    /// B ← Q B (<paramref name="transQ"/> = No) or Qᵀ B (Yes) in place, for B (n×<paramref name="columns"/>, row-major) and Q
    /// from <see cref="TridiagonalReduce"/> (LAPACK's <c>dormtr</c>, which modifies the reflectors while it works and restores
    /// them: not to be called concurrently on the same reflectors).
    /// </summary>
    void TridiagonalApplyQ(Transpose transQ, int n, int columns, ReadOnlySpan<double> reflectors, ReadOnlySpan<double> tau, Span<double> b);

    /// <summary>
    /// Cholesky factorization in place of the symmetric n×n matrix <paramref name="a"/> (both triangles
    /// must hold it). Returns false when the matrix is not numerically positive definite.
    /// </summary>
    bool CholeskyFactor(int n, Span<double> a);

    /// <summary>Solves A X = B in place of <paramref name="b"/> (n×nrhs, row-major) from the factor of <see cref="CholeskyFactor"/>.</summary>
    void CholeskySolve(int n, int nrhs, ReadOnlySpan<double> factor, Span<double> b);

    /// <summary>
    /// LU factorization with partial pivoting of the square n×n matrix A (row-major) in place of <paramref name="a"/>,
    /// pivots in <paramref name="pivots"/> (n); the layout of the factor is the backend's own and serves only
    /// <see cref="LuSolveRows"/>. Returns an estimate of the reciprocal condition number 1/(‖A‖₁‖A⁻¹‖₁) (0 when a
    /// pivot is exactly zero or A is not finite): LAPACK's <c>dgetrf</c> + <c>dgecon</c>.
    /// </summary>
    double LuFactor(int n, Span<double> a, Span<int> pivots);

    /// <summary>
    /// Solves A xᵢ = bᵢ for every row bᵢ of B (<paramref name="rows"/>×n, row-major) in place, i.e. X Aᵀ = B, from the
    /// output of <see cref="LuFactor"/> (LAPACK's <c>dgetrs</c>).
    /// </summary>
    void LuSolveRows(int n, int rows, ReadOnlySpan<double> factor, ReadOnlySpan<int> pivots, Span<double> b);

    /// <summary>
    /// Thin QR A = Q R of a tall A (m×n, m ≥ n, row-major; not modified): <paramref name="q"/> receives Q (m×n,
    /// orthonormal columns), <paramref name="r"/> R (n×n, upper triangular, zeros below the diagonal). Returns an
    /// estimate of R's reciprocal condition number in the 1-norm (0 when R is exactly singular or not finite):
    /// LAPACK's <c>dgeqrf</c> + <c>dorgqr</c> + <c>dtrcon</c>.
    /// </summary>
    double ThinQr(int m, int n, ReadOnlySpan<double> a, Span<double> q, Span<double> r);

    /// <summary>
    /// B ← B·op(U)⁻¹ in place for an upper-triangular n×n U (row-major, only its upper triangle is read) and B
    /// (<paramref name="rows"/>×n, row-major): each row of B solves yᵢ·op(U) = bᵢ (BLAS <c>dtrsm</c>, side right).
    /// </summary>
    void TriangularSolveRight(Transpose transU, int n, int rows, ReadOnlySpan<double> upper, Span<double> b);

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
