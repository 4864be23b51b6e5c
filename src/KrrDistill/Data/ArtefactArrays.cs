using System.Globalization;
using System.Numerics.Tensors;

namespace KrrDistill.Data;

/// <summary>
/// Strict reading of artefact keys (docs/design.md "Artefacts"): every failure is a one-line
/// <see cref="DataFormatException"/> that names the archive and the key, e.g.
/// <c>distilled.npz: key 'fcnn_weight_1' has shape (10, 5), expected (?, 784).</c> Any numeric dtype is
/// accepted and converted to double exactly (float64 is what the artefacts hold; a float32 array written
/// by hand loads too).
/// </summary>
internal static class ArtefactArrays
{
    /// <summary>Marks a dimension that may have any length in an expected shape (shown as <c>?</c>).</summary>
    public const int Any = -1;

    /// <summary>The array under <paramref name="key"/>, which must be present.</summary>
    public static NpyArray Require(NpzArchive archive, string key)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (archive.TryGetValue(key, out NpyArray? array))
        {
            return array;
        }

        string present = archive.Count == 0 ? "the archive holds no arrays" : $"keys present: {string.Join(", ", archive.Keys)}";
        throw new DataFormatException($"{archive.Source}: required key '{key}' is missing ({present}).");
    }

    /// <summary>
    /// The numeric array under <paramref name="key"/>, checked against <paramref name="shape"/> (<see cref="Any"/>
    /// matches any length; an empty shape means 0-d), as doubles in C order.
    /// </summary>
    public static double[] Numeric(NpzArchive archive, string key, params int[] shape)
        => Checked(archive, key, Require(archive, key), shape);

    /// <summary>As <see cref="Numeric"/>, also returning the actual shape (to learn the <see cref="Any"/> lengths).</summary>
    public static (double[] Values, int[] Shape) NumericWithShape(NpzArchive archive, string key, params int[] shape)
    {
        NpyArray array = Require(archive, key);
        return (Checked(archive, key, array, shape), array.Shape);
    }

    /// <summary>The 0-d number under <paramref name="key"/>.</summary>
    public static double Scalar(NpzArchive archive, string key) => Numeric(archive, key)[0];

    /// <summary>The single string under <paramref name="key"/> (a 0-d unicode array, as <c>np.array("text")</c> gives).</summary>
    public static string Text(NpzArchive archive, string key)
    {
        NpyArray array = Require(archive, key);
        if (array is not { IsString: true, Count: 1 })
        {
            throw new DataFormatException($"{archive.Source}: key '{key}' is {array.DType} of shape {NpyHeader.FormatShape(array.Shape)}, expected a single unicode string.");
        }

        return array.AsString();
    }

    /// <summary>Throws unless every value is finite; the message names the key and the first bad element's index.</summary>
    public static void RequireFinite(NpzArchive archive, string key, double[] values, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(values);
        if (TensorPrimitives.IsFiniteAll<double>(values))
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new DataFormatException($"{archive.Source}: key '{key}' holds {Describe(values[i])} at {FormatIndex(i, shape)}; every value must be finite.");
            }
        }
    }

    /// <summary>A shape as numpy prints it, with <see cref="Any"/> shown as <c>?</c>: <c>(?, 784)</c>, <c>(3,)</c>, <c>()</c>.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({Dimension(shape[0])},)",
        _ => $"({string.Join(", ", shape.Select(Dimension))})",
    };

    private static double[] Checked(NpzArchive archive, string key, NpyArray array, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!array.IsNumeric)
        {
            throw new DataFormatException($"{archive.Source}: key '{key}' holds text ({array.DType}), expected numbers of shape {FormatShape(shape)}.");
        }

        bool fits = array.Rank == shape.Length;
        for (int i = 0; fits && i < shape.Length; i++)
        {
            fits = shape[i] == Any || shape[i] == array.Shape[i];
        }

        if (!fits)
        {
            throw new DataFormatException($"{archive.Source}: key '{key}' has shape {FormatShape(array.Shape)}, expected {FormatShape(shape)}.");
        }

        return array.ToDoubles();
    }

    private static string Dimension(int length) => length == Any ? "?" : length.ToString(CultureInfo.InvariantCulture);

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";

    /// <summary>The C-order multi-index of flat element <paramref name="flat"/>, e.g. <c>[3, 17]</c>.</summary>
    private static string FormatIndex(int flat, IReadOnlyList<int> shape)
    {
        if (shape.Count == 0)
        {
            return "the scalar";
        }

        var index = new int[shape.Count];
        for (int axis = shape.Count - 1; axis >= 0; axis--)
        {
            int length = Math.Max(1, shape[axis]);
            index[axis] = flat % length;
            flat /= length;
        }

        return $"index [{string.Join(", ", index.Select(i => i.ToString(CultureInfo.InvariantCulture)))}]";
    }
}
