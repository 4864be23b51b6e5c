using SkiaSharp;

namespace KrrDistill.Output.Images;

/// <summary>An 8-bit picture in memory, rows top to bottom, channels interleaved.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Channels">1 (grey) or 3 (RGB).</param>
/// <param name="Pixels">Width·Height·Channels bytes; pixel (x, y) channel c is at <c>((y·Width) + x)·Channels + c</c>.</param>
public sealed record RenderedImage(int Width, int Height, int Channels, byte[] Pixels)
{
    /// <summary>Creates or replaces the PNG file <paramref name="path"/> atomically (written to a temporary name, then moved).</summary>
    public void SavePng(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllBytes(path, EncodePng());
    }

    /// <summary>Writes the picture as PNG to <paramref name="stream"/>, which is left open.</summary>
    public void SavePng(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(EncodePng());
    }

    /// <summary>The picture as PNG bytes (SkiaSharp's encoder): 8-bit grey for one channel, RGB(A, opaque) for three.</summary>
    /// <exception cref="ArgumentException">The size, channel count and pixel buffer do not agree.</exception>
    public byte[] EncodePng()
    {
        if (Width < 1 || Height < 1 || Channels is not (1 or 3) || Pixels is null || Pixels.Length != (long)Width * Height * Channels)
        {
            throw new ArgumentException(
                $"a {Width}×{Height} picture with {Channels} channel(s) needs {(long)Width * Height * Channels} bytes; got {Pixels?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} (channels must be 1 or 3).");
        }

        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, Channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        Span<byte> target = bitmap.GetPixelSpan();
        if (Channels == 1)
        {
            for (int y = 0; y < Height; y++)
            {
                Pixels.AsSpan(y * Width, Width).CopyTo(target.Slice(y * bitmap.RowBytes, Width));
            }
        }
        else
        {
            for (int y = 0; y < Height; y++)
            {
                Span<byte> row = target.Slice(y * bitmap.RowBytes, Width * 4);
                ReadOnlySpan<byte> source = Pixels.AsSpan(y * Width * 3, Width * 3);
                for (int x = 0; x < Width; x++)
                {
                    row[(4 * x) + 0] = source[(3 * x) + 0];
                    row[(4 * x) + 1] = source[(3 * x) + 1];
                    row[(4 * x) + 2] = source[(3 * x) + 2];
                    row[(4 * x) + 3] = 255;
                }
            }
        }

        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode the {Width}×{Height} picture as PNG.");
        return data.ToArray();
    }

    /// <summary>Channel <paramref name="channel"/> of the pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y, int channel = 0] => Pixels[(((y * Width) + x) * Channels) + channel];
}
