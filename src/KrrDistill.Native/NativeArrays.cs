using KrrDistill.Data;

namespace KrrDistill.Native;

/// <summary>
/// Caller memory (numpy arrays, C order) as the library's data sets, read in place (<see cref="MemoryRows"/>). Only the
/// labels are copied (n int32). The data set must not outlive the call. How values become model inputs:
/// <list type="bullet">
/// <item>uint8 values are raw pixels: ÷ 255, or, against an artefact that standardizes pixels (a CLI model of MNIST,
/// Fashion-MNIST or CIFAR: mean and std per pixel), that artefact's own normalization, as <c>krr-distill evaluate</c>
/// applies it;</item>
/// <item>float values are model inputs as they are (so uint8 x and float x / 255 give the same results); against an
/// artefact that standardizes they are refused, since they cannot be the raw pixels it standardizes.</item>
/// </list>
/// </summary>
internal static unsafe class NativeArrays
{
    /// <summary>dtype codes of the ABI.</summary>
    public const int Float64 = 0, Float32 = 1, UInt8 = 2;

    /// <summary>
    /// The n×d inputs at <paramref name="x"/> with labels <paramref name="y"/> (int64, 0…k−1; null: all 0, for inputs
    /// without labels) as a data set of <paramref name="classes"/> classes (or largest label + 1 when below 1), read as
    /// the type's summary says against <paramref name="recorded"/>, the normalization of the model, set or statistics
    /// they go to (null for a new one). Messages name the caller's parameters <paramref name="name"/> and
    /// <paramref name="labelName"/>.
    /// </summary>
    public static Dataset ToDataset(string name, void* x, int dtype, long n, int d, long* y, int classes, InputNormalization? recorded = null, string labelName = "y")
    {
        if (x == null || n < 1 || d < 1 || n > int.MaxValue)
        {
            throw new InputException($"{name}: need 1 … {int.MaxValue} samples of d ≥ 1 values (got {n}×{d}).");
        }

        if (classes > Dataset.MaxClassIndex + 1)
        {
            throw new InputException($"classes is {classes}: at most {Dataset.MaxClassIndex + 1} classes (the labels 0 … {Dataset.MaxClassIndex}).");
        }

        int count = (int)n;
        var labels = new int[count];
        long largest = y == null ? 0 : -1;
        long limit = classes >= 1 ? classes - 1 : Dataset.MaxClassIndex;
        for (int i = 0; y != null && i < count; i++)
        {
            if (y[i] < 0 || y[i] > limit)
            {
                throw new InputException($"{labelName}: label {i} is {y[i]}, not a class index in 0..{limit}.");
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
        bool bytes = element == MemoryElement.UInt8;
        Dataset data = Dataset.FromMemory(name, (nint)x, element, count, d, labels, k, Normalization(dtype, d));
        if (recorded is null || !Standardizes(recorded) || recorded.Dimension != d)
        {
            return data; // a width mismatch is refused, by name, where the data meet the model
        }

        return bytes
            ? data.Renormalized(recorded)!
            : throw new InputException($"{name}: float inputs are used as model inputs as they are, but this artefact standardizes raw pixels (÷ {recorded.RawDivisor}, then a mean and std per value, as krr-distill's image data sets do): pass the uint8 pixels.");
    }

    /// <summary>A data set of no samples (d inputs, k classes), for a distillation that draws nothing from the data.</summary>
    public static Dataset Empty(string name, int d, int classes)
        => Dataset.FromValues(name, [], 0, d, [], classes, InputNormalization.None(d), null);

    /// <summary>How the ABI reads a dtype on its own: uint8 as v / 255 (images), floats as they are.</summary>
    public static InputNormalization Normalization(int dtype, int d)
        => dtype == UInt8 ? InputNormalization.Uniform(d, 0, 1, 255) : InputNormalization.None(d);

    /// <summary>True when <paramref name="normalization"/> subtracts a mean or divides by a std (not just ÷ divisor).</summary>
    private static bool Standardizes(InputNormalization normalization)
        => normalization.Mean.AsSpan().ContainsAnyExcept(0.0) || normalization.Std.AsSpan().ContainsAnyExcept(1.0);
}
