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

    [LibraryImport(Library, EntryPoint = "cblas_dgemm")]
    internal static partial void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
        double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);

    [LibraryImport(Library, EntryPoint = "cblas_dsyrk")]
    internal static partial void Dsyrk(int order, int uplo, int trans, int n, int k, double alpha,
        double* a, int lda, double beta, double* c, int ldc);

    [LibraryImport(Library, EntryPoint = "dsyevd_")]
    internal static partial void Dsyevd(byte* jobz, byte* uplo, int* n, double* a, int* lda, double* w,
        double* work, int* lwork, int* iwork, int* liwork, int* info, nuint jobzLength, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dpotrf_")]
    internal static partial void Dpotrf(byte* uplo, int* n, double* a, int* lda, int* info, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dpotrs_")]
    internal static partial void Dpotrs(byte* uplo, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb,
        int* info, nuint uploLength);

    [LibraryImport(Library, EntryPoint = "dgesdd_")]
    internal static partial void Dgesdd(byte* jobz, int* m, int* n, double* a, int* lda, double* s, double* u,
        int* ldu, double* vt, int* ldvt, double* work, int* lwork, int* iwork, int* info, nuint jobzLength);

    [LibraryImport(Library, EntryPoint = "openblas_get_num_threads")]
    internal static partial int GetNumThreads();

    [LibraryImport(Library, EntryPoint = "openblas_get_corename")]
    internal static partial nint GetCoreName();

    [LibraryImport(Library, EntryPoint = "openblas_get_config")]
    internal static partial nint GetConfig();
}
