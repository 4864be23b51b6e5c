namespace KrrDistill.Data;

/// <summary>
/// An unsigned-byte IDX array (the MNIST file format): its dimensions, outermost first, and its
/// elements in row-major order.
/// </summary>
internal sealed class IdxArray
{
    /// <summary>Creates an array; <paramref name="data"/> must hold exactly the product of <paramref name="shape"/> elements.</summary>
    public IdxArray(int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Length is < 1 or > IdxReader.MaxRank)
        {
            throw new ArgumentException($"an IDX array has 1 to {IdxReader.MaxRank} dimensions, not {shape.Length}.", nameof(shape));
        }

        long size = 1;
        foreach (int dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            size *= dim;
            if (size > Array.MaxLength)
            {
                throw new ArgumentException("the shape holds more elements than an array can.", nameof(shape));
            }
        }

        if (size != data.Length)
        {
            throw new ArgumentException($"shape {IdxReader.FormatShape(shape)} holds {size} elements but data has {data.Length}.", nameof(data));
        }

        Shape = shape;
        Data = data;
        ItemSize = (int)Math.Min(int.MaxValue, shape.Skip(1).Aggregate(1L, (p, d) => Math.Min(p * d, int.MaxValue)));
    }

    /// <summary>Dimensions, outermost first (for MNIST images: count, rows, columns).</summary>
    public int[] Shape { get; }

    /// <summary>Elements in row-major order.</summary>
    public byte[] Data { get; }

    /// <summary>Number of items: the first dimension.</summary>
    public int Count => Shape[0];

    /// <summary>Number of elements in one item: the product of all dimensions but the first.</summary>
    public int ItemSize { get; }
}
