using System.Numerics.Tensors;

namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// Householder reduction of a symmetric matrix to tridiagonal form and the application of its Q, for the managed
/// backend (Math.NET keeps its tridiagonalization private). Unblocked, as LAPACK's <c>dsytd2</c>, on full row-major
/// storage: step k reflects row k right of the diagonal onto its first entry and applies the reflector from both sides
/// to the trailing block (a symmetric rank-2 update), whose rows are updated in parallel.
/// Layout: reflector k (acting on indices k+1 … n−1) is stored in row k from column k+1, with β_k in tau[k].
/// </summary>
internal static class ManagedTridiagonal
{
    /// <summary>A = Q T Qᵀ in place; see <see cref="ILinearAlgebraBackend.TridiagonalReduce"/>.</summary>
    public static void Reduce(int n, Span<double> a, Span<double> diagonal, Span<double> offDiagonal, Span<double> tau, int threads)
    {
        double[] p = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1, start = k + 1;
            Span<double> v = a.Slice((k * n) + start, m); // row k right of the diagonal = column k below it
            double x0 = v[0];
            double norm = TensorPrimitives.Norm(v);
            double alpha = x0 >= 0 ? -norm : norm;
            v[0] = x0 - alpha;
            double vv = TensorPrimitives.Dot(v, v);
            double beta = vv > 0 ? 2.0 / vv : 0.0;
            tau[k] = beta;
            offDiagonal[k] = beta == 0 ? x0 : alpha;
            if (beta == 0)
            {
                continue;
            }

            // p = β·A22·v, w = p − (β/2)(pᵀv)·v, A22 ← A22 − v wᵀ − w vᵀ.
            double[] vCopy = v.ToArray();
            Span<double> pk = p.AsSpan(0, m);
            ForRows(a, n, start, m, threads, (row, i) => p[i] = beta * TensorPrimitives.Dot(row, vCopy));
            double scale = 0.5 * beta * TensorPrimitives.Dot(pk, vCopy);
            TensorPrimitives.MultiplyAdd(vCopy, -scale, pk, pk);
            double[] w = pk.ToArray();
            ForRows(a, n, start, m, threads, (row, i) =>
            {
                TensorPrimitives.MultiplyAdd(w, -vCopy[i], row, row);
                TensorPrimitives.MultiplyAdd(vCopy, -w[i], row, row);
            });
        }

        for (int k = 0; k < n; k++)
        {
            diagonal[k] = a[(k * n) + k];
        }

        if (n >= 2)
        {
            offDiagonal[n - 2] = a[((n - 2) * n) + n - 1];
            tau[n - 2] = 0;
        }
    }

    /// <summary>B ← Q B or Qᵀ B; see <see cref="ILinearAlgebraBackend.TridiagonalApplyQ"/>.</summary>
    public static void ApplyQ(bool transposed, int n, int columns, ReadOnlySpan<double> reflectors, ReadOnlySpan<double> tau, Span<double> b)
    {
        // Q = H_0 H_1 ⋯ H_{n−3}: Qᵀ B applies H_0 first, Q B applies it last.
        double[] s = new double[columns];
        for (int step = 0; step < n - 2; step++)
        {
            int k = transposed ? step : n - 3 - step;
            double beta = tau[k];
            if (beta == 0)
            {
                continue;
            }

            int m = n - k - 1, start = k + 1;
            ReadOnlySpan<double> v = reflectors.Slice((k * n) + start, m);
            Array.Clear(s);
            for (int i = 0; i < m; i++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice((start + i) * columns, columns), v[i], s, s);
            }

            for (int i = 0; i < m; i++)
            {
                Span<double> row = b.Slice((start + i) * columns, columns);
                TensorPrimitives.MultiplyAdd(s, -beta * v[i], row, row);
            }
        }
    }

    private static unsafe void ForRows(Span<double> a, int n, int start, int m, int threads, RowAction action)
    {
        fixed (double* pa = a)
        {
            double* baseRow = pa;
            if (m < 256 || threads <= 1)
            {
                for (int i = 0; i < m; i++)
                {
                    action(new Span<double>(baseRow + ((long)(start + i) * n) + start, m), i);
                }

                return;
            }

            Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = threads },
                i => action(new Span<double>(baseRow + ((long)(start + i) * n) + start, m), i));
        }
    }

    private delegate void RowAction(Span<double> row, int index);
}
