using SkiaSharp;

namespace KrrDistill.Data.Images;

/// <summary>
/// The pixels of an image folder, decoded when rows are asked for (in parallel over the rows of a request) and never
/// held: each image is decoded as grayscale or RGB (<see cref="ImageShape.Channels"/>), resized to the shape when asked
/// to, and written channels first (all of R, then G, then B, as CIFAR stores them) through the byte table.
/// </summary>
internal sealed class ImageRows(IReadOnlyList<ImageFile> files, ImageShape shape, bool resize) : IRowSource
{
    /// <inheritdoc/>
    public int Count => files.Count;

    /// <inheritdoc/>
    public void Copy(ReadOnlySpan<int> rows, Span<double> destination, int d, double[]? byteTable, InputNormalization normalization)
    {
        double[] table = byteTable ?? throw new InvalidOperationException("image rows need the byte table.");
        ParallelRows.Copy(rows, destination, d, (row, target) =>
        {
            byte[] pixels = Decode(files[row].Path);
            RowValues.FromBytes(pixels, table, target);
        });
    }

    /// <inheritdoc/>
    public void AddFingerprint(System.IO.Hashing.NonCryptographicHashAlgorithm hash)
    {
        foreach (ImageFile file in files)
        {
            hash.Append(System.Text.Encoding.UTF8.GetBytes($"{file.Label} {Path.GetFileName(file.Path)}\n"));
            using FileStream stream = DataFile.OpenRead(file.Path);
            hash.Append(stream);
        }
    }

    /// <summary>The image at <paramref name="path"/> as shape.Size bytes, channels first.</summary>
    /// <exception cref="DataFormatException">It cannot be decoded, or is not of the shape and no resize was asked for.</exception>
    public byte[] Decode(string path)
    {
        using FileStream stream = DataFile.OpenRead(path, bufferSize: 1 << 16);
        using var codec = SKCodec.Create(stream) ?? throw ImageFolderLoader.Unreadable(path);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            throw ImageFolderLoader.Unreadable(path); // truncated or corrupt data behind a good header
        }

        SKBitmap source = bitmap;
        SKBitmap? resized = null;
        try
        {
            if (info.Height != shape.Height || info.Width != shape.Width)
            {
                if (!resize)
                {
                    throw new DataFormatException($"{path} is {info.Height}×{info.Width}, not {shape.Height}×{shape.Width} (it changed after the folder was opened?).");
                }

                resized = bitmap.Resize(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
                    ?? throw ImageFolderLoader.Unreadable(path);
                source = resized;
            }

            return ChannelsFirst(source.GetPixelSpan());
        }
        finally
        {
            resized?.Dispose();
        }
    }

    /// <summary>RGBA pixels, row by row, as the shape's planes: R, G, B (or one grayscale plane: the luma of colour images).</summary>
    private byte[] ChannelsFirst(ReadOnlySpan<byte> rgba)
    {
        int plane = shape.Height * shape.Width;
        var pixels = new byte[shape.Size];
        for (int i = 0; i < plane; i++)
        {
            byte r = rgba[4 * i], g = rgba[(4 * i) + 1], b = rgba[(4 * i) + 2];
            if (shape.Channels == 1)
            {
                pixels[i] = r == g && g == b ? r : (byte)Math.Round((0.299 * r) + (0.587 * g) + (0.114 * b));
            }
            else
            {
                pixels[i] = r;
                pixels[plane + i] = g;
                pixels[(2 * plane) + i] = b;
            }
        }

        return pixels;
    }
}
