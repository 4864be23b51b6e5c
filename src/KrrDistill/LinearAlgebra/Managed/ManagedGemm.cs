using System.Buffers;
using System.Numerics.Tensors;

namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// Cache-blocked, multithreaded GEMM in the GotoBLAS/BLIS style: op(B) is packed a
/// <see cref="DepthBlock"/>×<see cref="ColumnBlock"/> block at a time, each task packs a
/// <see cref="RowBlock"/>×<see cref="DepthBlock"/> block of op(A), and a register-tiled micro-kernel
/// sweeps the packed slivers. Packing absorbs transposition and leading dimensions, so all four
/// transpose combinations run the same inner loop along contiguous memory. The same driver computes
/// the upper triangle of a symmetric rank-k update by skipping tiles below the diagonal.
/// </summary>
internal static unsafe class ManagedGemm
{
    /// <summary>Depth (k) of a packed block: a kernel's B sliver (16×256 doubles, 32 KiB) stays in L1.</summary>
    internal const int DepthBlock = 256;

    /// <summary>Columns of a packed op(B) block (at most 8 MiB of packed B, kept in L2/L3).</summary>
    internal const int ColumnBlock = 4096;

    /// <summary>Rows of a packed op(A) block (192×256 doubles, 384 KiB, kept in L2); a multiple of every kernel's Mr.</summary>
    internal const int RowBlock = 192;

    /// <summary>Multiply-adds (m·n·k) above which the work is spread over threads.</summary>
    internal const double ParallelWork = 1e6;

    /// <summary>Spare doubles rented so that packed buffers can start on a 64-byte boundary.</summary>
    private const int AlignmentSlack = 8;

    /// <summary>
    /// C = α·op(A)·op(B) + β·C on raw row-major storage; with <paramref name="upperOnly"/> (m = n) only
    /// entries with column ≥ row are computed and written. β = 0 overwrites C without reading it.
    /// </summary>
    internal static void Multiply(GemmKernelKind kind, int threads, Transpose transA, Transpose transB,
        int m, int n, int k, double alpha, double* a, nint lda, double* b, nint ldb, double beta, double* c, nint ldc,
        bool upperOnly)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (alpha == 0 || k == 0)
        {
            Scale(m, n, beta, c, ldc, upperOnly);
            return;
        }

        var problem = new Problem(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, upperOnly);
        if (GemmKernelSelection.UsesVector512(kind))
        {
            Run<Vector512MicroKernel>(problem, threads);
        }
        else
        {
            Run<PortableMicroKernel>(problem, threads);
        }
    }

    /// <summary>C = β·C over the m×n block (or its upper triangle); β = 0 writes zeros, β = 1 does nothing.</summary>
    internal static void Scale(int m, int n, double beta, double* c, nint ldc, bool upperOnly)
    {
        if (beta == 1)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            int first = upperOnly ? i : 0;
            if (first >= n)
            {
                break;
            }

            var row = new Span<double>(c + (i * ldc) + first, n - first);
            if (beta == 0)
            {
                row.Clear();
            }
            else
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private static void Run<TKernel>(in Problem problem, int threads)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int m = problem.M, n = problem.N, k = problem.K;
        bool parallel = threads > 1 && (double)m * n * k > ParallelWork;

        // Row blocks: as large as the L2 budget allows, but small enough that every thread gets one.
        int mc = parallel ? Math.Min(RowBlock, RoundUp(CeilDiv(m, threads), mr)) : RowBlock;
        int rowBlocks = CeilDiv(m, mc);
        int kcMax = CeilDiv(k, CeilDiv(k, DepthBlock)); // equal depth blocks, no thin remainder block
        int aLength = (mc * kcMax) + AlignmentSlack;
        double[] bBuffer = ArrayPool<double>.Shared.Rent((kcMax * RoundUp(Math.Min(n, ColumnBlock), nr)) + AlignmentSlack);
        try
        {
            fixed (double* bBase = bBuffer)
            {
                double* bPack = Align(bBase);
                for (int jc = 0; jc < n; jc += ColumnBlock)
                {
                    int ncb = Math.Min(ColumnBlock, n - jc);
                    int panels = CeilDiv(ncb, nr);

                    // Too few row blocks to keep every thread busy (short, wide C): also split the columns.
                    int chunks = parallel && rowBlocks < 4 * threads ? Math.Min(panels, CeilDiv(4 * threads, rowBlocks)) : 1;
                    int panelsPerChunk = CeilDiv(panels, chunks);
                    chunks = CeilDiv(panels, panelsPerChunk);
                    for (int pc = 0; pc < k; pc += kcMax)
                    {
                        int kcb = Math.Min(kcMax, k - pc);
                        GemmPacking.PackB(problem.TransB, problem.B, problem.Ldb, pc, kcb, jc, ncb, nr, bPack);
                        var step = new BlockStep(jc, ncb, pc, kcb, mc, chunks, panelsPerChunk, panels,
                            pc == 0 ? problem.Beta : 1.0, bPack);
                        int tasks = rowBlocks * chunks;
                        if (parallel && tasks > 1)
                        {
                            Problem p = problem;
                            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = threads },
                                () => ArrayPool<double>.Shared.Rent(aLength),
                                (task, _, aBuffer) =>
                                {
                                    RunTask<TKernel>(p, step, task, aBuffer);
                                    return aBuffer;
                                },
                                aBuffer => ArrayPool<double>.Shared.Return(aBuffer));
                        }
                        else
                        {
                            double[] aBuffer = ArrayPool<double>.Shared.Rent(aLength);
                            try
                            {
                                for (int task = 0; task < tasks; task++)
                                {
                                    RunTask<TKernel>(problem, step, task, aBuffer);
                                }
                            }
                            finally
                            {
                                ArrayPool<double>.Shared.Return(aBuffer);
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(bBuffer);
        }
    }

    /// <summary>One task: a row block of C against a run of packed B slivers, at one depth block.</summary>
    private static void RunTask<TKernel>(in Problem problem, in BlockStep step, int task, double[] aBuffer)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int row0 = task / step.Chunks * step.RowBlock;
        int rows = Math.Min(step.RowBlock, problem.M - row0);
        int panelFirst = task % step.Chunks * step.PanelsPerChunk;
        int panelEnd = Math.Min(step.Panels, panelFirst + step.PanelsPerChunk);
        int columnEnd = Math.Min(step.Column0 + step.Columns, step.Column0 + (panelEnd * nr));
        bool upper = problem.UpperOnly;
        if (upper && columnEnd - 1 < row0)
        {
            return; // every tile of the task lies strictly below the diagonal
        }

        double alpha = problem.Alpha, beta = step.Beta;
        nint ldc = problem.Ldc;
        double* tile = stackalloc double[mr * nr];
        fixed (double* aBase = aBuffer)
        {
            double* aPack = Align(aBase);
            GemmPacking.PackA(problem.TransA, problem.A, problem.Lda, row0, rows, step.Depth0, step.Depth, mr, aPack);
            for (int panel = panelFirst; panel < panelEnd; panel++)
            {
                int column = step.Column0 + (panel * nr);
                int columns = Math.Min(nr, step.Column0 + step.Columns - column);
                double* bSliver = step.PackedB + ((nint)panel * nr * step.Depth);
                for (int i = 0; i < rows; i += mr)
                {
                    int row = row0 + i;
                    if (upper && column + columns - 1 < row)
                    {
                        break; // this tile and the ones below it are strictly lower
                    }

                    int liveRows = Math.Min(mr, rows - i);
                    double* aSliver = aPack + ((nint)i * step.Depth);
                    double* cTile = problem.C + (row * ldc) + column;
                    if (liveRows == mr && columns == nr && (!upper || column >= row + mr - 1))
                    {
                        TKernel.Compute(step.Depth, aSliver, bSliver, cTile, ldc, alpha, beta);
                    }
                    else
                    {
                        TKernel.Compute(step.Depth, aSliver, bSliver, tile, nr, 1.0, 0.0);
                        MergeTile(tile, nr, cTile, ldc, liveRows, columns, alpha, beta, upper ? column - row : int.MinValue);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Merges the live part of a partial tile into C. Entry (r, j) is written when
    /// j − r ≥ −<paramref name="diagonalOffset"/> (column − row of the tile's corner), i.e. on or above
    /// the diagonal; <see cref="int.MinValue"/> writes every entry.
    /// </summary>
    private static void MergeTile(double* tile, int nr, double* c, nint ldc, int rows, int columns,
        double alpha, double beta, int diagonalOffset)
    {
        for (int r = 0; r < rows; r++)
        {
            int first = diagonalOffset == int.MinValue ? 0 : Math.Max(0, r - diagonalOffset);
            double* src = tile + (r * nr);
            double* dst = c + (r * ldc);
            for (int j = first; j < columns; j++)
            {
                double product = alpha * src[j];
                dst[j] = beta == 0 ? product : beta == 1 ? dst[j] + product : (beta * dst[j]) + product;
            }
        }
    }

    private static int CeilDiv(int x, int y) => (x + y - 1) / y;

    private static int RoundUp(int x, int multiple) => CeilDiv(x, multiple) * multiple;

    private static double* Align(double* p) => (double*)(((nuint)p + 63) & ~(nuint)63);

    /// <summary>The operands of one GEMM call.</summary>
    private readonly struct Problem(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        double* a, nint lda, double* b, nint ldb, double beta, double* c, nint ldc, bool upperOnly)
    {
        public Transpose TransA { get; } = transA;

        public Transpose TransB { get; } = transB;

        public int M { get; } = m;

        public int N { get; } = n;

        public int K { get; } = k;

        public double Alpha { get; } = alpha;

        public double* A { get; } = a;

        public nint Lda { get; } = lda;

        public double* B { get; } = b;

        public nint Ldb { get; } = ldb;

        public double Beta { get; } = beta;

        public double* C { get; } = c;

        public nint Ldc { get; } = ldc;

        public bool UpperOnly { get; } = upperOnly;
    }

    /// <summary>One (column block, depth block) step of the outer loops, shared by its tasks.</summary>
    private readonly struct BlockStep(int column0, int columns, int depth0, int depth, int rowBlock, int chunks,
        int panelsPerChunk, int panels, double beta, double* packedB)
    {
        public int Column0 { get; } = column0;

        public int Columns { get; } = columns;

        public int Depth0 { get; } = depth0;

        public int Depth { get; } = depth;

        public int RowBlock { get; } = rowBlock;

        public int Chunks { get; } = chunks;

        public int PanelsPerChunk { get; } = panelsPerChunk;

        public int Panels { get; } = panels;

        /// <summary>β for this depth block: the caller's β for the first, 1 (accumulate) afterwards.</summary>
        public double Beta { get; } = beta;

        public double* PackedB { get; } = packedB;
    }
}
