namespace KrrDistill.Data;

/// <summary>
/// Writes chosen rows into a row-major destination (|rows|×d) through a per-row copy, split over the cores in runs of
/// <see cref="RowsPerTask"/> rows when the request is large enough to pay for it.
/// </summary>
internal static unsafe class ParallelRows
{
    /// <summary>Rows one task copies.</summary>
    public const int RowsPerTask = 256;

    /// <summary>Writes the model inputs of <paramref name="row"/> into <paramref name="destination"/> (d values).</summary>
    public delegate void RowCopy(int row, Span<double> destination);

    /// <summary>Runs <paramref name="copy"/> for every row, row r into destination[r·d … r·d + d).</summary>
    public static void Copy(ReadOnlySpan<int> rows, Span<double> destination, int d, RowCopy copy)
    {
        if (rows.Length < 2 * RowsPerTask || Environment.ProcessorCount == 1)
        {
            for (int r = 0; r < rows.Length; r++)
            {
                copy(rows[r], destination.Slice(r * d, d));
            }

            return;
        }

        fixed (int* pr = rows)
        fixed (double* pd = destination)
        {
            int* rowPointer = pr;
            double* destinationPointer = pd;
            int count = rows.Length;
            Parallel.For(0, (count + RowsPerTask - 1) / RowsPerTask, task =>
            {
                int end = Math.Min(count, (task + 1) * RowsPerTask);
                for (int r = task * RowsPerTask; r < end; r++)
                {
                    copy(rowPointer[r], new Span<double>(destinationPointer + ((long)r * d), d));
                }
            });
        }
    }
}
