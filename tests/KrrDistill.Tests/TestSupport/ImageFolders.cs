using SkiaSharp;

namespace KrrDistill.Tests.TestSupport;

/// <summary>Writes image folders for tests: PNGs of given pixels, and small two-class sets of random pixels.</summary>
internal static class ImageFolders
{
    /// <summary>Two classes, c0 and c1, of <paramref name="perClass"/> training and 3 test images of random pixels.</summary>
    public static void WriteSet(string root, int height, int width, int channels = 3, int perClass = 4)
    {
        var random = new Random(height * 31 + width);
        foreach ((string split, int count) in new[] { ("train", perClass), ("test", 3) })
        {
            for (int label = 0; label < 2; label++)
            {
                for (int i = 0; i < count; i++)
                {
                    byte[] planes = new byte[channels * height * width];
                    random.NextBytes(planes);
                    WritePng(Path.Combine(root, split, $"c{label}", $"{i:000}.png"), planes, channels, height, width);
                }
            }
        }
    }

    /// <summary>Writes <paramref name="planes"/> (channels first) as a grayscale or RGB PNG.</summary>
    public static void WritePng(string path, byte[] planes, int channels, int height, int width)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var info = new SKImageInfo(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        Span<byte> target = bitmap.GetPixelSpan();
        int plane = height * width;
        for (int i = 0; i < plane; i++)
        {
            if (channels == 1)
            {
                target[i] = planes[i];
            }
            else
            {
                target[4 * i] = planes[i];
                target[(4 * i) + 1] = planes[plane + i];
                target[(4 * i) + 2] = planes[(2 * plane) + i];
                target[(4 * i) + 3] = 255;
            }
        }

        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }
}
