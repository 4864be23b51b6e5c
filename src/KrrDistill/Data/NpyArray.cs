using System.Text;

namespace KrrDistill.Data;

/// <summary>
/// An n-dimensional array as stored in a numpy <c>.npy</c> file: a dtype, a shape (C order) and the
/// elements. The supported dtypes are little-endian float64 <c>&lt;f8</c> (<see cref="double"/>[]), float32
/// <c>&lt;f4</c> (<see cref="float"/>[]), uint8 <c>|u1</c> (<see cref="byte"/>[]), int64 <c>&lt;i8</c>
/// (<see cref="long"/>[]) and unicode <c>&lt;U<i>n</i></c> (<see cref="string"/>[], each of at most n code
/// points), which is how artefacts store text such as <c>feature_kind</c> and <c>meta_json</c>.
/// </summary>
public sealed class NpyArray
{
    private NpyArray(string dtype, int[] shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count *= dim;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException("the shape holds more elements than an array can.", nameof(shape));
            }
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"shape {NpyHeader.FormatShape(shape)} holds {count} elements but the data have {data.Length}.", nameof(shape));
        }

        DType = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>The numpy dtype descriptor: <c>&lt;f8</c>, <c>&lt;f4</c>, <c>|u1</c>, <c>&lt;i8</c> or <c>&lt;U<i>n</i></c>.</summary>
    public string DType { get; }

    /// <summary>Dimensions in C order; empty for a 0-d (scalar) array.</summary>
    public int[] Shape { get; }

    /// <summary>Number of dimensions (0 for a scalar).</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public int Count => Data.Length;

    /// <summary>
    /// The elements in C order: a <see cref="double"/>[], <see cref="float"/>[], <see cref="byte"/>[],
    /// <see cref="long"/>[] or <see cref="string"/>[] according to <see cref="DType"/>.
    /// </summary>
    public Array Data { get; }

    /// <summary>True for the numeric dtypes (everything but unicode).</summary>
    public bool IsNumeric => Data is not string[];

    /// <summary>True for a unicode (<c>&lt;U<i>n</i></c>) array.</summary>
    public bool IsString => Data is string[];

    /// <summary>Size in bytes of one element as stored in the file.</summary>
    public int ItemSize => Data switch
    {
        double[] => 8,
        float[] => 4,
        byte[] => 1,
        long[] => 8,
        _ => 4 * int.Parse(DType.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A float64 array; with no <paramref name="shape"/> it is 1-D of length <c>data.Length</c> (use <see cref="Scalar"/> for 0-d).</summary>
    public static NpyArray FromDoubles(double[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new NpyArray("<f8", ShapeOrVector(shape, data.Length), data);
    }

    /// <summary>A float32 array; with no <paramref name="shape"/> it is 1-D.</summary>
    public static NpyArray FromSingles(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new NpyArray("<f4", ShapeOrVector(shape, data.Length), data);
    }

    /// <summary>A uint8 array; with no <paramref name="shape"/> it is 1-D.</summary>
    public static NpyArray FromBytes(byte[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new NpyArray("|u1", ShapeOrVector(shape, data.Length), data);
    }

    /// <summary>An int64 array; with no <paramref name="shape"/> it is 1-D.</summary>
    public static NpyArray FromInt64(long[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new NpyArray("<i8", ShapeOrVector(shape, data.Length), data);
    }

    /// <summary>A unicode array; with no <paramref name="shape"/> it is 1-D. The dtype is <c>&lt;U<i>n</i></c> for the longest string's n code points.</summary>
    public static NpyArray FromStrings(string[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (string value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
        }

        return new NpyArray(UnicodeDType(values), ShapeOrVector(shape, values.Length), values);
    }

    /// <summary>A 0-d unicode array holding <paramref name="value"/> (what <c>np.array("text")</c> gives).</summary>
    public static NpyArray FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string[] values = [value];
        return new NpyArray(UnicodeDType(values), [], values);
    }

    /// <summary>A 0-d float64 array (what <c>np.array(2.5)</c> gives).</summary>
    public static NpyArray Scalar(double value) => new("<f8", [], new[] { value });

    /// <summary>A 0-d int64 array.</summary>
    public static NpyArray ScalarInt64(long value) => new("<i8", [], new[] { value });

    /// <summary>
    /// The elements as doubles, converting any numeric dtype exactly (int64 beyond ±2⁵³ rounds). For a
    /// float64 array this is the stored array itself, not a copy.
    /// </summary>
    /// <exception cref="InvalidOperationException">The array is unicode.</exception>
    public double[] ToDoubles()
    {
        switch (Data)
        {
            case double[] d:
                return d;
            case float[] f:
                return Array.ConvertAll(f, v => (double)v);
            case byte[] b:
                return Array.ConvertAll(b, v => (double)v);
            case long[] l:
                return Array.ConvertAll(l, v => (double)v);
            default:
                throw new InvalidOperationException($"a {DType} array of shape {NpyHeader.FormatShape(Shape)} holds text, not numbers.");
        }
    }

    /// <summary>The text of a unicode array with exactly one element (0-d, as artefacts store text).</summary>
    /// <exception cref="InvalidOperationException">The array is numeric or holds more or fewer than one string.</exception>
    public string AsString()
    {
        if (Data is string[] { Length: 1 } values)
        {
            return values[0];
        }

        throw new InvalidOperationException($"a {DType} array of shape {NpyHeader.FormatShape(Shape)} is not a single string.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"{DType} {NpyHeader.FormatShape(Shape)}";

    /// <summary>Creates an array from a dtype and data already checked by the reader.</summary>
    internal static NpyArray FromChecked(string dtype, int[] shape, Array data) => new(dtype, shape, data);

    /// <summary>Number of code points in <paramref name="value"/> (a surrogate pair counts once, as in numpy).</summary>
    internal static int CodePoints(string value)
    {
        int count = 0;
        foreach (Rune _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static int MaxCodePoints(string[] values)
    {
        int max = 0;
        foreach (string value in values)
        {
            max = Math.Max(max, CodePoints(value));
        }

        return max;
    }

    private static string UnicodeDType(string[] values) => $"<U{Math.Max(1, MaxCodePoints(values))}";

    private static int[] ShapeOrVector(int[]? shape, int length) => shape is null || shape.Length == 0 ? [length] : (int[])shape.Clone();
}
