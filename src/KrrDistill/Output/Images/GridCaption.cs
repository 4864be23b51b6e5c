using SkiaSharp;

namespace KrrDistill.Output.Images;

/// <summary>
/// Draws the caption strip under an <see cref="ImageGrid"/>: white, one line of text per caption line in black,
/// left-aligned in the embedded font, a line too wide for the picture drawn smaller, then cut with an ellipsis.
/// </summary>
internal static class GridCaption
{
    /// <summary>Pixels per caption line.</summary>
    public const int LineHeight = 16;

    /// <summary>Height of the strip for <paramref name="lines"/> lines (0 for none).</summary>
    public static int Height(int lines) => lines == 0 ? 0 : (lines * LineHeight) + 6;

    /// <summary>Draws <paramref name="lines"/> into rows <paramref name="top"/> … of <paramref name="pixels"/> (<paramref name="width"/> wide, <paramref name="channels"/> interleaved).</summary>
    public static void Draw(byte[] pixels, int width, int channels, int top, IReadOnlyList<string> lines)
    {
        int height = Height(lines.Count);
        using var strip = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(strip))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (int i = 0; i < lines.Count; i++)
            {
                using SKFont font = GridHeader.Fit(lines[i] ?? string.Empty, 12f, Math.Max(1, width - 8), out string text);
                canvas.DrawText(text, 4, 3 + ((i + 1) * LineHeight) - 4, SKTextAlign.Left, font, paint);
            }
        }

        GridHeader.CopyStrip(strip, pixels, width, channels, top);
    }
}
