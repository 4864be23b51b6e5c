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

    private MemoryRows(void* data, MemoryElement element, int count, int d)
    {
        _data = data;
        Element = element;
        Count = count;
        _d = d;
    }

    /// <summary>The element type of the caller's array.</summary>
    public MemoryElement Element { get; }

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

        long size = (long)count * d;
        long bad = element switch
        {
            MemoryElement.Float64 => FirstNonFinite(new ReadOnlySpan<double>(data, checked((int)size))),
            MemoryElement.Float32 => FirstNonFinite(new ReadOnlySpan<float>(data, checked((int)size))),
            _ => -1,
        };
        if (bad >= 0)
        {
            double value = element == MemoryElement.Float64 ? ((double*)data)[bad] : ((float*)data)[bad];
            throw new DataFormatException($"{name}: sample {bad / d}, feature {bad % d} is {value} (NaN or infinite values are not allowed).");
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

        // (v / 1 − 0) / 1 is v itself: floats the caller normalized already are widened, not recomputed.
        InputNormalization? z = normalization.RawDivisor == 1 && !normalization.Mean.AsSpan().ContainsAnyExcept(0.0) && !normalization.Std.AsSpan().ContainsAnyExcept(1.0)
            ? null
            : normalization;
        ParallelRows.Copy(rows, destination, d, (row, target) => CopyRow(row, target, byteTable, z));
    }

    // The same arithmetic as Dataset's own arrays, so a wrapped array gives the bits a copied one gives; z null: the
    // identity normalization, whose arithmetic returns every finite value unchanged.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void CopyRow(int row, Span<double> destination, double[]? byteTable, InputNormalization? z)
    {
        int d = _d;
        long start = (long)row * d;
        switch (Element)
        {
            case MemoryElement.UInt8:
                {
                    var src = new ReadOnlySpan<byte>((byte*)_data + start, d);
                    ReadOnlySpan<double> table = byteTable ?? throw new InvalidOperationException("uint8 rows need the byte table.");
                    for (int j = 0; j < d; j++)
                    {
                        destination[j] = table[(j << 8) + src[j]];
                    }

                    break;
                }

            case MemoryElement.Float32:
                {
                    var src = new ReadOnlySpan<float>((float*)_data + start, d);
                    if (z is null)
                    {
                        System.Numerics.Tensors.TensorPrimitives.ConvertChecked(src, destination[..d]);
                        break;
                    }

                    for (int j = 0; j < d; j++)
                    {
                        destination[j] = ((src[j] / z.RawDivisor) - z.Mean[j]) / z.Std[j];
                    }

                    break;
                }

            default:
                {
                    var src = new ReadOnlySpan<double>((double*)_data + start, d);
                    if (z is null)
                    {
                        src.CopyTo(destination);
                        break;
                    }

                    for (int j = 0; j < d; j++)
                    {
                        destination[j] = ((src[j] / z.RawDivisor) - z.Mean[j]) / z.Std[j];
                    }

                    break;
                }
        }
    }

    private static long FirstNonFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Sum·0 is 0 when every value is finite (and the sum does not overflow): one vectorized pass; the exact index otherwise.
        if (T.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<T>(values) * T.Zero))
        {
            return -1;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>Element types of <see cref="MemoryRows"/>.</summary>
internal enum MemoryElement
{
    /// <summary>IEEE double.</summary>
    Float64,

    /// <summary>IEEE single, widened exactly to double.</summary>
    Float32,

    /// <summary>Bytes, through the data set's normalization table (images: v / 255).</summary>
    UInt8,
}
