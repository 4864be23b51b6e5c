using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using KrrDistill.Features;

namespace KrrDistill.LinearAlgebra;

/// <summary>
/// C = S·B + 1·biasᵀ for S sparse (CSR, rows×d) and B dense (d×p, row-major): the first layer of a
/// feature map on sparse inputs. No BLAS offers a sparse×dense product, so this kernel is our own:
/// column panels of 64 doubles are held in eight 512-bit registers while the row's nonzeros stream
/// past (one broadcast, eight loads and eight FMAs per nonzero), panels outermost so each 64-column
/// slice of B (d·64·8 bytes) stays in L2 across a block of rows; row blocks run in parallel.
/// </summary>
internal static unsafe class SparseDenseProduct
{
    private const int Panel = 64;
    private const int RowBlock = 128;

    /// <summary>Computes <paramref name="output"/> (rows×p) = S·B + 1·biasᵀ.</summary>
    internal static void Multiply(SparseInputChunk s, ReadOnlySpan<double> b, int p, ReadOnlySpan<double> bias, Span<double> output)
    {
        int rows = s.Rows, d = s.Dimension;
        if (b.Length < d * p || bias.Length < p || output.Length < rows * p)
        {
            throw new ArgumentException("buffers too small for the sparse product.");
        }

        fixed (double* pb = b)
        fixed (double* pbias = bias)
        fixed (double* pout = output)
        fixed (int* rowStart = s.RowStart)
        fixed (int* columns = s.Columns)
        fixed (double* values = s.Values)
        {
            var args = new Args(pb, p, pbias, pout, rowStart, columns, values);
            int blocks = (rows + RowBlock - 1) / RowBlock;
            if (blocks > 1 && (long)s.NonZeros * p > 2_000_000)
            {
                Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                    block => Block(args, block * RowBlock, Math.Min(rows, (block + 1) * RowBlock)));
            }
            else
            {
                Block(args, 0, rows);
            }
        }
    }

    private static void Block(Args a, int rowFrom, int rowTo)
    {
        int p = a.P;
        int c0 = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c0 + Panel <= p; c0 += Panel)
            {
                for (int r = rowFrom; r < rowTo; r++)
                {
                    Panel512(a, r, c0);
                }
            }
        }

        if (c0 < p)
        {
            for (int r = rowFrom; r < rowTo; r++)
            {
                Tail(a, r, c0);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel512(Args a, int r, int c0)
    {
        double* bias = a.Bias + c0;
        Vector512<double> s0 = Vector512.Load(bias), s1 = Vector512.Load(bias + 8), s2 = Vector512.Load(bias + 16), s3 = Vector512.Load(bias + 24);
        Vector512<double> s4 = Vector512.Load(bias + 32), s5 = Vector512.Load(bias + 40), s6 = Vector512.Load(bias + 48), s7 = Vector512.Load(bias + 56);
        int end = a.RowStart[r + 1];
        for (int e = a.RowStart[r]; e < end; e++)
        {
            var v = Vector512.Create(a.Values[e]);
            double* row = a.B + ((long)a.Columns[e] * a.P) + c0;
            s0 = Vector512.FusedMultiplyAdd(v, Vector512.Load(row), s0);
            s1 = Vector512.FusedMultiplyAdd(v, Vector512.Load(row + 8), s1);
            s2 = Vector512.FusedMultiplyAdd(v, Vector512.Load(row + 16), s2);
            s3 = Vector512.FusedMultiplyAdd(v, Vector512.Load(row + 24), s3);
            s4 = Vector512.FusedMultiplyAdd(v, Vector512.Load(row + 32), s4);
            s5 = Vector512.FusedMultiplyAdd(v, Vector512.Load(row + 40), s5);
            s6 = Vector512.FusedMultiplyAdd(v, Vector512.Load(row + 48), s6);
            s7 = Vector512.FusedMultiplyAdd(v, Vector512.Load(row + 56), s7);
        }

        double* o = a.Output + ((long)r * a.P) + c0;
        s0.Store(o);
        s1.Store(o + 8);
        s2.Store(o + 16);
        s3.Store(o + 24);
        s4.Store(o + 32);
        s5.Store(o + 40);
        s6.Store(o + 48);
        s7.Store(o + 56);
    }

    private static void Tail(Args a, int r, int c0)
    {
        int p = a.P;
        double* o = a.Output + ((long)r * p);
        for (int c = c0; c < p; c++)
        {
            o[c] = a.Bias[c];
        }

        int end = a.RowStart[r + 1];
        for (int e = a.RowStart[r]; e < end; e++)
        {
            double v = a.Values[e];
            double* row = a.B + ((long)a.Columns[e] * p);
            int c = c0;
            for (; c + Vector256<double>.Count <= p; c += Vector256<double>.Count)
            {
                Vector256.FusedMultiplyAdd(Vector256.Create(v), Vector256.Load(row + c), Vector256.Load(o + c)).Store(o + c);
            }

            for (; c < p; c++)
            {
                o[c] = Math.FusedMultiplyAdd(v, row[c], o[c]);
            }
        }
    }

    private readonly struct Args(double* b, int p, double* bias, double* output, int* rowStart, int* columns, double* values)
    {
        public readonly double* B = b;
        public readonly int P = p;
        public readonly double* Bias = bias;
        public readonly double* Output = output;
        public readonly int* RowStart = rowStart;
        public readonly int* Columns = columns;
        public readonly double* Values = values;
    }
}
