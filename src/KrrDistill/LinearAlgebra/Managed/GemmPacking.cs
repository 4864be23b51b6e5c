namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// Copies blocks of the GEMM operands into the contiguous sliver layout the micro-kernels stream
/// through, whatever the transposition and leading dimension of the source; partial slivers at the
/// edges are padded with zeros so that the kernels never need a scalar tail.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[row0 .. row0+rows, depth0 .. depth0+depth] as ⌈rows/mr⌉ slivers of depth×mr values:
    /// element (i, p) of sliver s lands at <c>dst[s·mr·depth + p·mr + i]</c>.
    /// </summary>
    internal static void PackA(Transpose transA, double* a, nint lda, int row0, int rows, int depth0, int depth, int mr, double* dst)
    {
        for (int s = 0; s * mr < rows; s++)
        {
            int first = row0 + (s * mr);
            int live = Math.Min(mr, rows - (s * mr));
            double* sliver = dst + ((nint)s * mr * depth);
            if (transA == Transpose.No)
            {
                // op(A)(i, p) = A[i, p]: each row is contiguous along the depth.
                for (int i = 0; i < live; i++)
                {
                    double* src = a + ((first + i) * lda) + depth0;
                    double* d = sliver + i;
                    for (int p = 0; p < depth; p++)
                    {
                        d[(nint)p * mr] = src[p];
                    }
                }
            }
            else
            {
                // op(A)(i, p) = A[p, i]: the mr values of one depth step are contiguous.
                for (int p = 0; p < depth; p++)
                {
                    double* src = a + ((depth0 + p) * lda) + first;
                    double* d = sliver + ((nint)p * mr);
                    for (int i = 0; i < live; i++)
                    {
                        d[i] = src[i];
                    }
                }
            }

            if (live < mr)
            {
                for (int p = 0; p < depth; p++)
                {
                    double* d = sliver + ((nint)p * mr);
                    for (int i = live; i < mr; i++)
                    {
                        d[i] = 0;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[depth0 .. depth0+depth, col0 .. col0+cols] as ⌈cols/nr⌉ slivers of depth×nr values:
    /// element (p, j) of sliver s lands at <c>dst[s·nr·depth + p·nr + j]</c>.
    /// </summary>
    internal static void PackB(Transpose transB, double* b, nint ldb, int depth0, int depth, int col0, int cols, int nr, double* dst)
    {
        for (int s = 0; s * nr < cols; s++)
        {
            int first = col0 + (s * nr);
            int live = Math.Min(nr, cols - (s * nr));
            double* sliver = dst + ((nint)s * nr * depth);
            if (transB == Transpose.No)
            {
                // op(B)(p, j) = B[p, j]: the nr values of one depth step are contiguous.
                for (int p = 0; p < depth; p++)
                {
                    double* src = b + ((depth0 + p) * ldb) + first;
                    double* d = sliver + ((nint)p * nr);
                    for (int j = 0; j < live; j++)
                    {
                        d[j] = src[j];
                    }
                }
            }
            else
            {
                // op(B)(p, j) = B[j, p]: each row of B is contiguous along the depth.
                for (int j = 0; j < live; j++)
                {
                    double* src = b + ((first + j) * ldb) + depth0;
                    double* d = sliver + j;
                    for (int p = 0; p < depth; p++)
                    {
                        d[(nint)p * nr] = src[p];
                    }
                }
            }

            if (live < nr)
            {
                for (int p = 0; p < depth; p++)
                {
                    double* d = sliver + ((nint)p * nr);
                    for (int j = live; j < nr; j++)
                    {
                        d[j] = 0;
                    }
                }
            }
        }
    }
}
