namespace KrrDistill.Data.Images;

/// <summary>
/// One decode pass over an image folder's files when it is opened, in parallel: it finds the images that cannot be
/// decoded (when they are to be skipped) and sums the training pixels of each channel (when the scaling is the training
/// images' own per-channel mean and standard deviation). The sums are of integer pixel values, exact in any order, so
/// the statistics do not depend on the thread count.
/// </summary>
internal static class ImageScan
{
    /// <summary>What the pass found: the files that failed to decode, and each channel's mean and std in pixel/255 units (null when not asked).</summary>
    internal sealed record Result(IReadOnlySet<string> Unreadable, double[]? Mean, double[]? Std);

    /// <summary>
    /// Decodes every file of <paramref name="train"/> and, when <paramref name="skipUnreadable"/>, of <paramref name="test"/>.
    /// </summary>
    /// <exception cref="DataFormatException">A file cannot be decoded and <paramref name="skipUnreadable"/> is false.</exception>
    /// <exception cref="InputException">A channel is constant over the training images, so it cannot be standardized.</exception>
    public static Result Run(ImageRows decoder, ImageShape shape, IReadOnlyList<ImageFile> train, IReadOnlyList<ImageFile> test, bool skipUnreadable, bool channelStatistics)
    {
        var unreadable = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        int plane = shape.Height * shape.Width;
        var sum = new long[shape.Channels];
        var squares = new long[shape.Channels];
        long images = 0;
        object gate = new();
        ImageFile[] files = [.. train, .. skipUnreadable ? test : []];
        Parallel.For(0, files.Length, () => (Sum: new long[shape.Channels], Squares: new long[shape.Channels], Images: 0L), (i, _, local) =>
        {
            byte[] pixels;
            try
            {
                pixels = decoder.Decode(files[i].Path);
            }
            catch (DataFormatException) when (skipUnreadable)
            {
                unreadable[files[i].Path] = true;
                return local;
            }

            if (channelStatistics && i < train.Count)
            {
                for (int c = 0; c < shape.Channels; c++)
                {
                    long s = 0, q = 0;
                    foreach (byte b in pixels.AsSpan(c * plane, plane))
                    {
                        s += b;
                        q += b * b;
                    }

                    local.Sum[c] += s;
                    local.Squares[c] += q;
                }

                local.Images++;
            }

            return local;
        }, local =>
        {
            lock (gate)
            {
                for (int c = 0; c < shape.Channels; c++)
                {
                    sum[c] += local.Sum[c];
                    squares[c] += local.Squares[c];
                }

                images += local.Images;
            }
        });

        if (!channelStatistics || images == 0)
        {
            return new Result(unreadable.Keys.ToHashSet(StringComparer.Ordinal), null, null);
        }

        var mean = new double[shape.Channels];
        var std = new double[shape.Channels];
        double count = (double)images * plane;
        for (int c = 0; c < shape.Channels; c++)
        {
            double m = sum[c] / count;
            double variance = Math.Max(0, (squares[c] / count) - (m * m));
            mean[c] = m / 255;
            std[c] = Math.Sqrt(variance) / 255;
            if (!(std[c] > 0))
            {
                throw new InputException(nameof(ImageFolderOptions.Scaling), $"channels cannot scale channel {c}: it is constant ({m.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}) in every training image; give unit or MEAN/STD.");
            }
        }

        return new Result(unreadable.Keys.ToHashSet(StringComparer.Ordinal), mean, std);
    }
}
