using SkiaSharp;

namespace KrrDistill.Output.Images;

/// <summary>
/// Draws the header strip of an <see cref="ImageGrid"/>: white, each class name in black, centred over its column,
/// in the embedded font; names too wide for their column are drawn smaller, then cut with an ellipsis.
/// </summary>
internal static class GridHeader
{
    /// <summary>Smallest font size (pixels) a name is shrunk to before it is cut.</summary>
    internal const float MinimumFontSize = 7;

    private const string Ellipsis = "…";

    /// <summary>
    /// Draws the names into rows 0 … <paramref name="height"/>−1 of <paramref name="pixels"/> (a picture
    /// <paramref name="width"/> pixels wide, <paramref name="channels"/> interleaved channels).
    /// </summary>
    public static void Draw(byte[] pixels, int width, int channels, int height, int cellWidth, int gap, IReadOnlyList<string> names)
    {
        using var strip = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(strip))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            float baseSize = Math.Clamp(height * 0.65f, MinimumFontSize, 18f);
            float available = Math.Max(1, cellWidth + gap - 2);
            for (int c = 0; c < names.Count; c++)
            {
                using SKFont font = Fit(names[c] ?? string.Empty, baseSize, available, out string text);
                font.GetFontMetrics(out SKFontMetrics metrics);
                float centreX = (c * (cellWidth + gap)) + (cellWidth / 2f);
                float baseline = (height / 2f) - ((metrics.Ascent + metrics.Descent) / 2f);
                canvas.DrawText(text, centreX, baseline, SKTextAlign.Center, font, paint);
            }
        }

        CopyStrip(strip, pixels, width, channels, top: 0);
    }

    /// <summary>
    /// Copies a drawn RGBA <paramref name="strip"/> (the picture's width) into rows <paramref name="top"/> … of
    /// <paramref name="pixels"/> (<paramref name="channels"/> interleaved: grey takes the red channel of the black-on-white text).
    /// </summary>
    internal static void CopyStrip(SKBitmap strip, byte[] pixels, int width, int channels, int top)
    {
        ReadOnlySpan<byte> rgba = strip.GetPixelSpan();
        for (int y = 0; y < strip.Height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int from = (y * strip.RowBytes) + (4 * x);
                int to = (((top + y) * width) + x) * channels;
                for (int ch = 0; ch < channels; ch++)
                {
                    pixels[to + ch] = rgba[from + ch];
                }
            }
        }
    }

    /// <summary>
    /// A font for <paramref name="name"/> no wider than <paramref name="available"/>: the base size, or smaller (not
    /// below <see cref="MinimumFontSize"/>), or at that size the longest prefix that fits followed by "…".
    /// </summary>
    internal static SKFont Fit(string name, float baseSize, float available, out string text)
    {
        var font = new SKFont(GridFont.Typeface, baseSize) { Subpixel = true, Edging = SKFontEdging.Antialias };
        text = name;
        float measured = font.MeasureText(name);
        if (measured <= available)
        {
            return font;
        }

        // Width is nearly proportional to size; hinting makes it not quite, so step down from the estimate.
        for (float size = MathF.Floor(baseSize * available / measured * 4) / 4; ; size -= 0.25f)
        {
            font.Size = Math.Max(MinimumFontSize, size);
            if (font.MeasureText(name) <= available)
            {
                return font;
            }

            if (font.Size <= MinimumFontSize)
            {
                break;
            }
        }

        string[] graphemes = [.. TextElements(name)];
        for (int keep = graphemes.Length - 1; keep >= 0; keep--)
        {
            text = string.Concat(graphemes.AsSpan(0, keep)).TrimEnd() + Ellipsis;
            if (font.MeasureText(text) <= available || keep == 0)
            {
                break;
            }
        }

        return font;
    }

    private static IEnumerable<string> TextElements(string s)
    {
        System.Globalization.TextElementEnumerator e = System.Globalization.StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext())
        {
            yield return e.GetTextElement();
        }
    }
}
