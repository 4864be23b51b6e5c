using System.Numerics;
using System.Numerics.Tensors;

namespace KrrDistill.Data;

/// <summary>
/// Raw sample values as model inputs, one row at a time, for every store of a <see cref="Dataset"/> (its own arrays,
/// NPY shards on disk, a caller's memory): bytes through the per-feature table of exact doubles, floats through the
/// normalization, and the one check that floats are finite.
/// </summary>
internal static class RowValues
{
    /// <summary>
    /// <paramref name="normalization"/>, or null when it is the identity (÷ 1, mean 0, std 1), whose arithmetic returns
    /// every finite value unchanged: such rows are widened, not recomputed, with the same bits.
    /// </summary>
    public static InputNormalization? Effective(InputNormalization normalization)
        => normalization.RawDivisor == 1 && !normalization.Mean.AsSpan().ContainsAnyExcept(0.0) && !normalization.Std.AsSpan().ContainsAnyExcept(1.0)
            ? null
            : normalization;

    /// <summary>destination[j] = table[j·256 + source[j]]: 8-bit values through the data set's byte table.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void FromBytes(ReadOnlySpan<byte> source, ReadOnlySpan<double> table, Span<double> destination)
    {
        for (int j = 0; j < source.Length; j++)
        {
            destination[j] = table[(j << 8) + source[j]];
        }
    }

    /// <summary>destination[j] = (source[j] / divisor − mean[j]) / std[j], or source[j] widened when <paramref name="z"/> is null (<see cref="Effective"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void FromValues<T>(ReadOnlySpan<T> source, InputNormalization? z, Span<double> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (z is null)
        {
            TensorPrimitives.ConvertChecked(source, destination[..source.Length]);
            return;
        }

        for (int j = 0; j < source.Length; j++)
        {
            destination[j] = ((double.CreateChecked(source[j]) / z.RawDivisor) - z.Mean[j]) / z.Std[j];
        }
    }

    /// <summary>
    /// Throws <see cref="DataFormatException"/> naming <paramref name="name"/>, the sample (counted from
    /// <paramref name="firstRow"/>) and the feature of the first NaN or ±Inf in <paramref name="values"/> (rows of
    /// <paramref name="d"/>).
    /// </summary>
    public static void RequireFinite<T>(string name, ReadOnlySpan<T> values, int d, long firstRow = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (TensorPrimitives.IsFiniteAll(values))
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new DataFormatException($"{name}: sample {firstRow + (i / d)}, feature {i % d} is {values[i]} (NaN or infinite values are not allowed).");
            }
        }
    }
}
