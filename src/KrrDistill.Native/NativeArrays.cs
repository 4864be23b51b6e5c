using KrrDistill.Data;

namespace KrrDistill.Native;

/// <summary>Caller memory (numpy arrays, C order) as the library's data sets: uint8 scaled by 1/255, floats as they are.</summary>
internal static unsafe class NativeArrays
{
    /// <summary>dtype codes of the ABI.</summary>
    public const int Float64 = 0, Float32 = 1, UInt8 = 2;

    /// <summary>
    /// The n×d inputs at <paramref name="x"/> with labels <paramref name="y"/> (int64, 0…k−1) as a data set of
    /// <paramref name="classes"/> classes (or largest label + 1 when below 1), normalized as the npz loader does.
    /// </summary>
    public static Dataset ToDataset(string name, void* x, int dtype, long n, int d, long* y, int classes)
    {
        if (x == null || y == null || n < 1 || d < 1 || (long)n * d > Array.MaxLength)
        {
            throw new InputException($"{name}: need n ≥ 1 samples of d ≥ 1 values (got {n}×{d}), at most {Array.MaxLength} values in all.");
        }

        int count = (int)n;
        var labels = new int[count];
        long largest = -1;
        for (int i = 0; i < count; i++)
        {
            if (y[i] < 0 || y[i] > CsvReader.MaxLabel)
            {
                throw new InputException($"{name}: label {i} is {y[i]}, not a class index in 0..{CsvReader.MaxLabel}.");
            }

            labels[i] = (int)y[i];
            largest = Math.Max(largest, y[i]);
        }

        int k = classes >= 1 ? classes : (int)largest + 1;
        int size = count * d;
        try
        {
            switch (dtype)
            {
                case UInt8:
                    return Dataset.FromBytes(name, new ReadOnlySpan<byte>(x, size).ToArray(), count, d, labels, k, InputNormalization.Uniform(d, 0, 1, 255), null);
                case Float32:
                    {
                        var values = new double[size];
                        ReadOnlySpan<float> source = new(x, size);
                        for (int i = 0; i < size; i++)
                        {
                            values[i] = source[i];
                        }

                        return Dataset.FromValues(name, values, count, d, labels, k, InputNormalization.None(d), null);
                    }

                case Float64:
                    return Dataset.FromValues(name, new ReadOnlySpan<double>(x, size).ToArray(), count, d, labels, k, InputNormalization.None(d), null);
                default:
                    throw new InputException($"{name}: dtype code {dtype} is not float64 (0), float32 (1) or uint8 (2).");
            }
        }
        catch (DataFormatException e)
        {
            throw new InputException(e.Message, e);
        }
    }
}
