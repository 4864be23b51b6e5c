namespace KrrDistill.Data;

/// <summary>
/// Per-feature affine normalization: model input = (raw / <see cref="RawDivisor"/> − mean) / std.
/// For 8-bit images RawDivisor = 255, so the model input is (pixel/255 − mean)/std, which is the
/// convention of the artefacts' <c>input_mean</c> and <c>input_std</c> keys (numpy evaluates the same
/// expression in the same order, so both get the same doubles).
/// </summary>
public sealed class InputNormalization
{
    /// <summary>Creates a normalization; <paramref name="mean"/> and <paramref name="std"/> have one entry per feature.</summary>
    public InputNormalization(double[] mean, double[] std, double rawDivisor)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length != std.Length)
        {
            throw new ArgumentException("mean and std must have the same length.");
        }

        foreach (double s in std)
        {
            if (!(s > 0) || !double.IsFinite(s))
            {
                throw new ArgumentException("every std must be positive and finite.", nameof(std));
            }
        }

        Mean = mean;
        Std = std;
        RawDivisor = rawDivisor;
    }

    /// <summary>Per-feature mean, in scaled units (after dividing by <see cref="RawDivisor"/>).</summary>
    public double[] Mean { get; }

    /// <summary>Per-feature standard deviation, in scaled units.</summary>
    public double[] Std { get; }

    /// <summary>Divisor applied to the raw value before centring (255 for bytes, 1 for real-valued data).</summary>
    public double RawDivisor { get; }

    /// <summary>Number of features.</summary>
    public int Dimension => Mean.Length;

    /// <summary>The same mean and std for every feature.</summary>
    public static InputNormalization Uniform(int dimension, double mean, double std, double rawDivisor)
        => new(Enumerable.Repeat(mean, dimension).ToArray(), Enumerable.Repeat(std, dimension).ToArray(), rawDivisor);

    /// <summary>Per-channel mean and std for channel-first images of <paramref name="shape"/>.</summary>
    public static InputNormalization PerChannel(ImageShape shape, IReadOnlyList<double> mean, IReadOnlyList<double> std, double rawDivisor)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        int plane = shape.Height * shape.Width;
        var m = new double[shape.Size];
        var s = new double[shape.Size];
        for (int c = 0; c < shape.Channels; c++)
        {
            Array.Fill(m, mean[c], c * plane, plane);
            Array.Fill(s, std[c], c * plane, plane);
        }

        return new InputNormalization(m, s, rawDivisor);
    }

    /// <summary>Identity normalization (mean 0, std 1, scale 1) for data already in model units.</summary>
    public static InputNormalization None(int dimension) => Uniform(dimension, 0.0, 1.0, 1.0);
}
