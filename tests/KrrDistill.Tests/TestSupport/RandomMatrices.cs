using KrrDistill.LinearAlgebra;
using KrrDistill.Randomness;

namespace KrrDistill.Tests.TestSupport;

/// <summary>Seeded random test matrices and naive reference operations.</summary>
public static class RandomMatrices
{
    public static Matrix Gaussian(int rows, int columns, int seed)
    {
        var m = new Matrix(rows, columns);
        new SeededRandom(seed).FillGaussian(m.Data, 1.0);
        return m;
    }

    public static Matrix Multiply(Matrix a, Matrix b)
    {
        var c = new Matrix(a.Rows, b.Columns);
        for (int i = 0; i < a.Rows; i++)
        {
            for (int k = 0; k < a.Columns; k++)
            {
                double aik = a[i, k];
                for (int j = 0; j < b.Columns; j++)
                {
                    c[i, j] += aik * b[k, j];
                }
            }
        }

        return c;
    }

    public static Matrix OneHot(int[] labels, int classes)
    {
        var y = new Matrix(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++)
        {
            y[i, labels[i]] = 1.0;
        }

        return y;
    }

    /// <summary>Solves the SPD system A X = B by naive Gaussian elimination with partial pivoting (reference only).</summary>
    public static Matrix Solve(Matrix a, Matrix b)
    {
        int n = a.Rows, m = b.Columns;
        var aa = a.Clone();
        var x = b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(aa[r, col]) > Math.Abs(aa[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (int j = 0; j < n; j++)
            {
                (aa[col, j], aa[pivot, j]) = (aa[pivot, j], aa[col, j]);
            }

            for (int j = 0; j < m; j++)
            {
                (x[col, j], x[pivot, j]) = (x[pivot, j], x[col, j]);
            }

            for (int r = 0; r < n; r++)
            {
                if (r == col)
                {
                    continue;
                }

                double f = aa[r, col] / aa[col, col];
                for (int j = col; j < n; j++)
                {
                    aa[r, j] -= f * aa[col, j];
                }

                for (int j = 0; j < m; j++)
                {
                    x[r, j] -= f * x[col, j];
                }
            }
        }

        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < m; j++)
            {
                x[r, j] /= aa[r, r];
            }
        }

        return x;
    }
}
