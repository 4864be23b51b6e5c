namespace KrrDistill.Data;

/// <summary>
/// The inputs of a data set in memory that another runtime owns (a numpy array behind the C ABI): n×d values in C order,
/// uint8, float32 or float64, read in place, never copied whole. The owner keeps the memory alive and unchanged while
/// the data set is in use (for the C ABI: during the call). Float values are checked finite once, when wrapped.
/// </summary>
internal sealed unsafe class MemoryRows : IRowSource
{
    private readonly void* _data;
    private readonly int _d;
    private readonly MemoryElement _element;

    private MemoryRows(void* data, MemoryElement element, int count, int d)
    {
        _data = data;
        _element = element;
        Count = count;
        _d = d;
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <summary>
    /// Wraps <paramref name="count"/>×<paramref name="d"/> values at <paramref name="data"/>; floats must be finite
    /// (<see cref="DataFormatException"/> naming <paramref name="name"/>, the sample and the feature).
    /// </summary>
    public static MemoryRows Wrap(string name, void* data, MemoryElement element, int count, int d)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        if (data == null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        // Checked in runs of whole rows, each within one span: the memory may hold more than 2³¹ values.
        int rowsPerRun = Math.Max(1, (1 << 26) / d);
        for (long first = 0; first < count; first += rowsPerRun)
        {
            int rows = (int)Math.Min(rowsPerRun, count - first);
            long start = first * d;
            switch (element)
            {
                case MemoryElement.Float64:
                    RowValues.RequireFinite(name, new ReadOnlySpan<double>((double*)data + start, rows * d), d, first);
                    break;
                case MemoryElement.Float32:
                    RowValues.RequireFinite(name, new ReadOnlySpan<float>((float*)data + start, rows * d), d, first);
                    break;
            }
        }

        return new MemoryRows(data, element, count, d);
    }

    /// <inheritdoc/>
    public void Copy(ReadOnlySpan<int> rows, Span<double> destination, int d, double[]? byteTable, InputNormalization normalization)
    {
        if (d != _d || destination.Length < (long)rows.Length * d)
        {
            throw new ArgumentException("destination is shorter than rows·d, or d is not the rows' width.", nameof(destination));
        }

        foreach (int row in rows)
        {
            if ((uint)row >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"row {row} is outside 0..{Count - 1}.");
            }
        }

        InputNormalization? z = RowValues.Effective(normalization);
        ParallelRows.Copy(rows, destination, d, (row, target) => CopyRow(row, target, byteTable, z));
    }

    /// <inheritdoc/>
    public void AddFingerprint(System.IO.Hashing.NonCryptographicHashAlgorithm hash)
    {
        long size = (long)Count * _d * _element switch { MemoryElement.UInt8 => 1, MemoryElement.Float32 => 4, _ => 8 };
        for (long offset = 0; offset < size; offset += int.MaxValue)
        {
            hash.Append(new ReadOnlySpan<byte>((byte*)_data + offset, (int)Math.Min(int.MaxValue, size - offset)));
        }
    }

    private void CopyRow(int row, Span<double> destination, double[]? byteTable, InputNormalization? z)
    {
        long start = (long)row * _d;
        switch (_element)
        {
            case MemoryElement.UInt8:
                RowValues.FromBytes(new ReadOnlySpan<byte>((byte*)_data + start, _d), byteTable ?? throw new InvalidOperationException("uint8 rows need the byte table."), destination);
                break;
            case MemoryElement.Float32:
                RowValues.FromValues(new ReadOnlySpan<float>((float*)_data + start, _d), z, destination);
                break;
            default:
                RowValues.FromValues(new ReadOnlySpan<double>((double*)_data + start, _d), z, destination);
                break;
        }
    }
}

/// <summary>Element types of inputs read in place from a caller's memory (<see cref="Dataset.FromMemory"/>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "numpy's dtype names, as the C ABI and Python spell them.")]
public enum MemoryElement
{
    /// <summary>IEEE double.</summary>
    Float64,

    /// <summary>IEEE single, widened exactly to double.</summary>
    Float32,

    /// <summary>Bytes, through the data set's normalization table (images: v / 255).</summary>
    UInt8,
}
