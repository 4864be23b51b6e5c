namespace KrrDistill.LinearAlgebra;

/// <summary>
/// Conversions between this library's row-major storage and the column-major storage of LAPACK and Math.NET, for
/// the few places where a transposed view will not do.
/// </summary>
internal static class ColumnMajor
{
    /// <summary>Column-major copy of the row-major rows×cols matrix in <paramref name="source"/>.</summary>
    public static double[] From(ReadOnlySpan<double> source, int rows, int cols)
    {
        double[] result = new double[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = source.Slice(i * cols, cols);
            for (int j = 0; j < cols; j++)
            {
                result[(j * rows) + i] = row[j];
            }
        }

        return result;
    }

    /// <summary>Writes the column-major rows×cols <paramref name="source"/> row-major into <paramref name="destination"/>.</summary>
    public static void CopyBack(double[] source, int rows, int cols, Span<double> destination)
    {
        for (int i = 0; i < rows; i++)
        {
            Span<double> row = destination.Slice(i * cols, cols);
            for (int j = 0; j < cols; j++)
            {
                row[j] = source[(j * rows) + i];
            }
        }
    }
}
