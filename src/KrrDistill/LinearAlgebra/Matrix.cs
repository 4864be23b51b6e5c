using System.Numerics.Tensors;

namespace KrrDistill.LinearAlgebra;

/// <summary>
/// Dense row-major matrix of doubles. Rows are samples wherever a matrix holds data (n×d),
/// as in numpy and in the IDX files; element (r, c) lives at <c>Data[r * Columns + c]</c>.
/// </summary>
public sealed class Matrix
{
    /// <summary>Creates a zero matrix of the given shape.</summary>
    public Matrix(int rows, int columns)
        : this(rows, columns, Diagnostics.LargeBuffers.Doubles(checked(rows * columns)))
    {
    }

    /// <summary>Wraps <paramref name="data"/> (row-major, length rows·columns) without copying.</summary>
    public Matrix(int rows, int columns, double[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)rows * columns)
        {
            throw new ArgumentException($"data has {data.Length} elements, expected {rows}×{columns}.", nameof(data));
        }

        Rows = rows;
        Columns = columns;
        Data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>The row-major storage.</summary>
    public double[] Data { get; }

    /// <summary>Element at row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public double this[int row, int column]
    {
        get => Data[(row * Columns) + column];
        set => Data[(row * Columns) + column] = value;
    }

    /// <summary>The storage of one row.</summary>
    public Span<double> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>The n×n identity.</summary>
    public static Matrix Identity(int n)
    {
        var m = new Matrix(n, n);
        for (int i = 0; i < n; i++)
        {
            m.Data[(i * n) + i] = 1.0;
        }

        return m;
    }

    /// <summary>A deep copy.</summary>
    public Matrix Clone()
    {
        double[] copy = Diagnostics.LargeBuffers.Doubles(Data.Length);
        Data.CopyTo(copy, 0);
        return new Matrix(Rows, Columns, copy);
    }

    /// <summary>factor·A, a new matrix (A itself when the factor is 1).</summary>
    internal Matrix Scaled(double factor)
    {
        if (factor == 1.0)
        {
            return this;
        }

        var scaled = Clone();
        TensorPrimitives.Multiply(scaled.Data, factor, scaled.Data);
        return scaled;
    }

    /// <summary>The transpose as a new matrix.</summary>
    public Matrix Transpose()
    {
        var t = new Matrix(Columns, Rows);
        const int block = 32;
        for (int i0 = 0; i0 < Rows; i0 += block)
        {
            int i1 = Math.Min(Rows, i0 + block);
            for (int j0 = 0; j0 < Columns; j0 += block)
            {
                int j1 = Math.Min(Columns, j0 + block);
                for (int i = i0; i < i1; i++)
                {
                    for (int j = j0; j < j1; j++)
                    {
                        t.Data[(j * Rows) + i] = Data[(i * Columns) + j];
                    }
                }
            }
        }

        return t;
    }

    /// <summary>Makes a square matrix exactly symmetric in place: each pair (i, j), (j, i) becomes their mean.</summary>
    internal void Symmetrize()
    {
        int n = Rows;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double v = 0.5 * (Data[(i * n) + j] + Data[(j * n) + i]);
                Data[(i * n) + j] = v;
                Data[(j * n) + i] = v;
            }
        }
    }

    /// <summary>Copies the upper triangle of the row-major n×n <paramref name="square"/> onto its lower one (after a SYRK, which writes the upper one only).</summary>
    internal static void CopyUpperToLower(Span<double> square, int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                square[(j * n) + i] = square[(i * n) + j];
            }
        }
    }

    /// <summary>Frobenius norm ‖A‖_F.</summary>
    public double FrobeniusNorm()
    {
        var norm = new ScaledNorm();
        foreach (double v in Data)
        {
            norm.Add(v);
        }

        return norm.Value;
    }

    /// <summary>
    /// A Euclidean norm accumulated without overflow or underflow (LAPACK's dnrm2 scheme): the largest magnitude so far
    /// and the sum of squares relative to it.
    /// </summary>
    private struct ScaledNorm
    {
        private double _scale;
        private double _sum;

        public void Add(double v)
        {
            if (v == 0)
            {
                return;
            }

            double a = Math.Abs(v);
            if (a > _scale)
            {
                _sum = 1 + ((_scale == 0 ? 0 : _sum) * (_scale / a) * (_scale / a));
                _scale = a;
            }
            else
            {
                _sum += (a / _scale) * (a / _scale);
            }
        }

        public readonly double Value => _scale * Math.Sqrt(_scale == 0 ? 1 : _sum);
    }

    /// <summary>Relative Frobenius distance ‖A − B‖_F / ‖B‖_F (0 when both are zero).</summary>
    public static double RelativeError(Matrix a, Matrix b) => RelativeError(a, b, 1.0);

    /// <summary>
    /// ‖A − c·B‖_F/‖c·B‖_F (‖A − c·B‖_F when B = 0) for c = <paramref name="bScale"/>, element by element: no
    /// matrix-sized temporary (at m = 5,000, p = 3,072 one would be 123 MB).
    /// </summary>
    public static double RelativeError(Matrix a, Matrix b, double bScale)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows != b.Rows || a.Columns != b.Columns)
        {
            throw new ArgumentException($"Shapes differ: {a.Rows}×{a.Columns} vs {b.Rows}×{b.Columns}.");
        }

        // Element by element in storage order, as FrobeniusNorm of the difference would be: for c = 1 the same result.
        ScaledNorm numerator = default, denominator = default;
        for (int i = 0; i < a.Data.Length; i++)
        {
            double scaled = bScale * b.Data[i];
            denominator.Add(scaled);
            numerator.Add(a.Data[i] - scaled);
        }

        return denominator.Value == 0 ? numerator.Value : numerator.Value / denominator.Value;
    }
}
