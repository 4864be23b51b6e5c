using KrrDistill.Data;

namespace KrrDistill.Native;

/// <summary>
/// Caller memory (numpy arrays, C order) as the library's data sets, read in place (<see cref="MemoryRows"/>): uint8
/// scaled by 1/255, floats as they are. Only the labels are copied (n int32). The data set must not outlive the call.
/// </summary>
internal static unsafe class NativeArrays
{
    /// <summary>dtype codes of the ABI.</summary>
    public const int Float64 = 0, Float32 = 1, UInt8 = 2;

    /// <summary>
    /// The n×d inputs at <paramref name="x"/> with labels <paramref name="y"/> (int64, 0…k−1; null: all 0, for inputs
    /// without labels) as a data set of <paramref name="classes"/> classes (or largest label + 1 when below 1).
    /// </summary>
    public static Dataset ToDataset(string name, void* x, int dtype, long n, int d, long* y, int classes)
    {
        if (x == null || n < 1 || d < 1 || n * d > Array.MaxLength)
        {
            throw new InputException($"{name}: need n ≥ 1 samples of d ≥ 1 values (got {n}×{d}), at most {Array.MaxLength} values in all.");
        }

        int count = (int)n;
        var labels = new int[count];
        long largest = y == null ? 0 : -1;
        for (int i = 0; y != null && i < count; i++)
        {
            if (y[i] < 0 || y[i] > CsvReader.MaxLabel)
            {
                throw new InputException($"{name}: label {i} is {y[i]}, not a class index in 0..{CsvReader.MaxLabel}.");
            }

            labels[i] = (int)y[i];
            largest = Math.Max(largest, y[i]);
        }

        int k = classes >= 1 ? classes : (int)largest + 1;
        MemoryElement element = dtype switch
        {
            UInt8 => MemoryElement.UInt8,
            Float32 => MemoryElement.Float32,
            Float64 => MemoryElement.Float64,
            _ => throw new InputException($"{name}: dtype code {dtype} is not float64 (0), float32 (1) or uint8 (2)."),
        };
        MemoryRows rows = MemoryRows.Wrap(name, x, element, count, d);
        return Dataset.FromRows(name, rows, d, labels, k, element == MemoryElement.UInt8, Normalization(dtype, d), null);
    }

    /// <summary>A data set of no samples (d inputs, k classes), for a distillation that draws nothing from the data.</summary>
    public static Dataset Empty(string name, int d, int classes)
        => Dataset.FromValues(name, [], 0, d, [], classes, InputNormalization.None(d), null);

    /// <summary>How the ABI reads a dtype: uint8 as v / 255 (images), floats as they are.</summary>
    public static InputNormalization Normalization(int dtype, int d)
        => dtype == UInt8 ? InputNormalization.Uniform(d, 0, 1, 255) : InputNormalization.None(d);
}
