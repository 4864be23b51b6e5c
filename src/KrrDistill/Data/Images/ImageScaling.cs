using System.Globalization;

namespace KrrDistill.Data.Images;

/// <summary>
/// How an image folder's pixels become model inputs, x = (pixel/255 − mean_c)/std_c per channel c: pixel/255 alone
/// (<see cref="Unit"/>), standardized by the training images' own per-channel mean and standard deviation
/// (<see cref="Channels"/>, one decode pass more when the folder is opened), or by given values, as torchvision's
/// <c>Normalize(mean, std)</c> (<see cref="Given"/>).
/// </summary>
public sealed record ImageScaling
{
    private ImageScaling(string name, IReadOnlyList<double>? mean, IReadOnlyList<double>? std)
    {
        Name = name;
        Mean = mean;
        Std = std;
    }

    /// <summary><c>unit</c>, <c>channels</c> or <c>MEAN/STD</c> (the values, comma-separated), as <see cref="Parse"/> reads it.</summary>
    public string Name { get; }

    /// <summary>Per-channel means in pixel/255 units (one value: every channel), or null for <see cref="Unit"/> and <see cref="Channels"/>.</summary>
    public IReadOnlyList<double>? Mean { get; }

    /// <summary>Per-channel standard deviations in pixel/255 units, or null for <see cref="Unit"/> and <see cref="Channels"/>.</summary>
    public IReadOnlyList<double>? Std { get; }

    /// <summary>pixel/255: inputs in [0, 1].</summary>
    public static ImageScaling Unit { get; } = new("unit", null, null);

    /// <summary>Each channel standardized by the mean and standard deviation of the training images' pixels in it.</summary>
    public static ImageScaling Channels { get; } = new("channels", null, null);

    /// <summary>
    /// Each channel standardized by the given values (pixel/255 units; one value or one per channel), e.g. CIFAR-10's
    /// (0.4914, 0.4822, 0.4465) and (0.2023, 0.1994, 0.2010).
    /// </summary>
    /// <exception cref="InputException">The lists are empty, of different lengths, not finite, or a std is not positive.</exception>
    public static ImageScaling Given(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new InputException(nameof(ImageFolderOptions.Scaling), $"needs as many means as standard deviations, at least one (got {mean.Count} and {std.Count}).");
        }

        if (mean.Any(m => !double.IsFinite(m)) || std.Any(s => !(s > 0) || !double.IsFinite(s)))
        {
            throw new InputException(nameof(ImageFolderOptions.Scaling), "needs finite means and positive, finite standard deviations.");
        }

        string F(IReadOnlyList<double> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return new ImageScaling($"{F(mean)}/{F(std)}", [.. mean], [.. std]);
    }

    /// <summary>
    /// Reads <c>unit</c>, <c>channels</c>, or <c>MEAN/STD</c> with comma-separated values (<c>0.5/0.25</c>,
    /// <c>0.49,0.48,0.45/0.20,0.20,0.20</c>).
    /// </summary>
    /// <exception cref="InputException">The text is none of these.</exception>
    public static ImageScaling Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToLowerInvariant())
        {
            case "unit":
                return Unit;
            case "channels":
                return Channels;
        }

        string[] parts = text.Split('/');
        if (parts.Length == 2 && Values(parts[0]) is { } mean && Values(parts[1]) is { } std)
        {
            return Given(mean, std);
        }

        throw new InputException(nameof(ImageFolderOptions.Scaling), $"'{Printable.Escape(text)}' is not a scaling: give unit (pixel/255), channels (standardized by the training images' per-channel mean and std) or MEAN/STD, e.g. 0.4914,0.4822,0.4465/0.2023,0.1994,0.2010.");
    }

    /// <summary>This scaling for images of <paramref name="shape"/>, given the training images' per-channel statistics when it needs them.</summary>
    internal InputNormalization For(ImageShape shape, IReadOnlyList<double>? trainingMean = null, IReadOnlyList<double>? trainingStd = null)
    {
        if (ReferenceEquals(this, Unit))
        {
            return InputNormalization.Uniform(shape.Size, 0, 1, 255);
        }

        IReadOnlyList<double> mean = (ReferenceEquals(this, Channels) ? trainingMean : Mean) ?? throw new InvalidOperationException("channel statistics missing.");
        IReadOnlyList<double> std = (ReferenceEquals(this, Channels) ? trainingStd : Std) ?? throw new InvalidOperationException("channel statistics missing.");
        if (mean.Count != 1 && mean.Count != shape.Channels)
        {
            throw new InputException(nameof(ImageFolderOptions.Scaling), $"gives {mean.Count} values per list but the images have {shape.Channels} channel{(shape.Channels == 1 ? "" : "s")}: give one value or {shape.Channels}.");
        }

        double[] Each(IReadOnlyList<double> values) => [.. Enumerable.Range(0, shape.Channels).Select(c => values[values.Count == 1 ? 0 : c])];
        return InputNormalization.PerChannel(shape, Each(mean), Each(std), 255);
    }

    private static double[]? Values(string text)
    {
        string[] items = text.Split(',');
        var values = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!double.TryParse(items[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
