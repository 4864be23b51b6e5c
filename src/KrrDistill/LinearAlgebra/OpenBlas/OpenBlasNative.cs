using System.Runtime.InteropServices;

namespace KrrDistill.LinearAlgebra.OpenBlas;

/// <summary>
/// P/Invoke declarations for <c>libopenblas.so.0</c> (Debian <c>libopenblas0-pthread</c>): CBLAS for
/// dgemm/dsyrk and the Fortran LAPACK entry points (column-major, every argument by reference, the
/// hidden string lengths passed explicitly as gfortran expects).
/// </summary>
internal static unsafe partial class OpenBlasNative
{
    internal const string Library = "libopenblas.so.0";

    internal const int RowMajor = 101;
    internal const int NoTrans = 111;
    internal const int Trans = 112;
    internal const int Upper = 121;
    internal const int Right = 142;
    internal const int NonUnit = 131;

    [LibraryImport(Library, EntryPoint = "cblas_dgemm")]
    internal static partial void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
        double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);

    [LibraryImport(Library, EntryPoint = "cblas_dsyrk")]
    internal static partial void Dsyrk(int order, int uplo, int trans, int n, int k, double alpha,
        double* a, int lda, double beta, double* c, int ldc);

    [LibraryImport(Library, EntryPoint = "cblas_sgemm")]
    internal static partial void Sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "cblas_ssyrk")]
    internal static partial void Ssyrk(int order, int uplo, int trans, int n, int k, float alpha,
        float* a, int lda, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "dsyevd_")]
    internal static partial void Dsyevd(byte* jobz, byte* uplo, int* n, double* a, int* lda, double* w,
        double* work, int* lwork, int* iwork, int* liwork, int* info, nuint jobzLength, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dsyevr_")]
    internal static partial void Dsyevr(byte* jobz, byte* range, byte* uplo, int* n, double* a, int* lda, double* vl, double* vu,
        int* il, int* iu, double* abstol, int* m, double* w, double* z, int* ldz, int* isuppz, double* work, int* lwork,
        int* iwork, int* liwork, int* info, nuint jobzLength, nuint rangeLength, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dsytrd_")]
    internal static partial void Dsytrd(byte* uplo, int* n, double* a, int* lda, double* d, double* e, double* tau,
        double* work, int* lwork, int* info, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dormtr_")]
    internal static partial void Dormtr(byte* side, byte* uplo, byte* trans, int* m, int* n, double* a, int* lda, double* tau,
        double* c, int* ldc, double* work, int* lwork, int* info, nuint sideLength, nuint uploLength, nuint transLength);

    [LibraryImport(Library, EntryPoint = "dpotrf_")]
    internal static partial void Dpotrf(byte* uplo, int* n, double* a, int* lda, int* info, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dpotrs_")]
    internal static partial void Dpotrs(byte* uplo, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb,
        int* info, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dgesdd_")]
    internal static partial void Dgesdd(byte* jobz, int* m, int* n, double* a, int* lda, double* s, double* u,
        int* ldu, double* vt, int* ldvt, double* work, int* lwork, int* iwork, int* info, nuint jobzLength);

    [LibraryImport(Library, EntryPoint = "cblas_dtrsm")]
    internal static partial void Dtrsm(int order, int side, int uplo, int transA, int diag, int m, int n, double alpha,
        double* a, int lda, double* b, int ldb);

    [LibraryImport(Library, EntryPoint = "dgetrf_")]
    internal static partial void Dgetrf(int* m, int* n, double* a, int* lda, int* ipiv, int* info);

    [LibraryImport(Library, EntryPoint = "dgetrs_")]
    internal static partial void Dgetrs(byte* trans, int* n, int* nrhs, double* a, int* lda, int* ipiv, double* b, int* ldb,
        int* info, nuint transLength);

    [LibraryImport(Library, EntryPoint = "dgecon_")]
    internal static partial void Dgecon(byte* norm, int* n, double* a, int* lda, double* anorm, double* rcond,
        double* work, int* iwork, int* info, nuint normLength);

    [LibraryImport(Library, EntryPoint = "dgeqrf_")]
    internal static partial void Dgeqrf(int* m, int* n, double* a, int* lda, double* tau, double* work, int* lwork, int* info);

    [LibraryImport(Library, EntryPoint = "dorgqr_")]
    internal static partial void Dorgqr(int* m, int* n, int* k, double* a, int* lda, double* tau, double* work, int* lwork, int* info);

    [LibraryImport(Library, EntryPoint = "dtrcon_")]
    internal static partial void Dtrcon(byte* norm, byte* uplo, byte* diag, int* n, double* a, int* lda, double* rcond,
        double* work, int* iwork, int* info, nuint normLength, nuint uploLength, nuint diagLength);

    [LibraryImport(Library, EntryPoint = "openblas_get_num_threads")]
    internal static partial int GetNumThreads();

    [LibraryImport(Library, EntryPoint = "openblas_set_num_threads")]
    internal static partial void SetNumThreads(int threads);

    [LibraryImport(Library, EntryPoint = "openblas_get_corename")]
    internal static partial nint GetCoreName();

    [LibraryImport(Library, EntryPoint = "openblas_get_config")]
    internal static partial nint GetConfig();
}
