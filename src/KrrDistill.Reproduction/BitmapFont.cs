using System.Text;
using KrrDistill.Data;
using KrrDistill.Reproduction.Images;

namespace KrrDistill.Reproduction;

/// <summary>
/// A fixed-width 5×7 bitmap font (lower-case descenders reach two rows further) for plot text: printable
/// ASCII, <c>± × − – ·</c> and the Greek letters <c>α δ ε λ μ σ</c>. Each font pixel becomes a
/// scale×scale block; characters advance by 6·scale pixels. Characters without a glyph draw as a small box.
/// Drawing clips at the picture's edges and never throws for text partly or wholly outside it.
/// </summary>
internal static class BitmapFont
{
    /// <summary>Glyph width in font pixels.</summary>
    internal const int GlyphWidth = 5;

    /// <summary>Height of capitals and digits in font pixels.</summary>
    internal const int CapHeight = 7;

    /// <summary>Height of a text line (capitals plus descenders) in font pixels.</summary>
    internal const int CellHeight = 9;

    /// <summary>Horizontal distance between the starts of neighbouring characters, in font pixels.</summary>
    internal const int Advance = GlyphWidth + 1;

    private const string Box = ".....|.###.|.#.#.|.#.#.|.#.#.|.###.";

    /// <summary>Rows top to bottom; in each row bit 4 is the leftmost column.</summary>
    private static readonly Dictionary<int, byte[]> Glyphs = Parse(
    [
        (' ', ""), ('!', "..#..|..#..|..#..|..#..|..#..|.....|..#.."), ('"', ".#.#.|.#.#.|.#.#."),
        ('#', ".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#."), ('$', "..#..|.####|#.#..|.###.|..#.#|####.|..#.."),
        ('%', "##...|##..#|...#.|..#..|.#...|#..##|...##"), ('&', ".##..|#..#.|#.#..|.#...|#.#.#|#..#.|.##.#"),
        ('\'', "..#..|..#..|.#..."), ('(', "...#.|..#..|.#...|.#...|.#...|..#..|...#."),
        (')', ".#...|..#..|...#.|...#.|...#.|..#..|.#..."), ('*', ".....|..#..|#.#.#|.###.|#.#.#|..#.."),
        ('+', ".....|..#..|..#..|#####|..#..|..#.."), (',', ".....|.....|.....|.....|.....|.##..|..#..|.#..."),
        ('-', ".....|.....|.....|#####"), ('.', ".....|.....|.....|.....|.....|.##..|.##.."),
        ('/', ".....|....#|...#.|..#..|.#...|#...."),
        ('0', ".###.|#...#|#..##|#.#.#|##..#|#...#|.###."), ('1', "..#..|.##..|..#..|..#..|..#..|..#..|.###."),
        ('2', ".###.|#...#|....#|...#.|..#..|.#...|#####"), ('3', "#####|...#.|..#..|...#.|....#|#...#|.###."),
        ('4', "...#.|..##.|.#.#.|#..#.|#####|...#.|...#."), ('5', "#####|#....|####.|....#|....#|#...#|.###."),
        ('6', "..##.|.#...|#....|####.|#...#|#...#|.###."), ('7', "#####|....#|...#.|..#..|.#...|.#...|.#..."),
        ('8', ".###.|#...#|#...#|.###.|#...#|#...#|.###."), ('9', ".###.|#...#|#...#|.####|....#|...#.|.##.."),
        (':', ".....|.##..|.##..|.....|.##..|.##.."), (';', ".....|.##..|.##..|.....|.##..|..#..|.#..."),
        ('<', "...#.|..#..|.#...|#....|.#...|..#..|...#."), ('=', ".....|.....|#####|.....|#####"),
        ('>', ".#...|..#..|...#.|....#|...#.|..#..|.#..."), ('?', ".###.|#...#|....#|...#.|..#..|.....|..#.."),
        ('@', ".###.|#...#|....#|.##.#|#.#.#|#.#.#|.###."),
        ('A', ".###.|#...#|#...#|#####|#...#|#...#|#...#"), ('B', "####.|#...#|#...#|####.|#...#|#...#|####."),
        ('C', ".###.|#...#|#....|#....|#....|#...#|.###."), ('D', "###..|#..#.|#...#|#...#|#...#|#..#.|###.."),
        ('E', "#####|#....|#....|####.|#....|#....|#####"), ('F', "#####|#....|#....|####.|#....|#....|#...."),
        ('G', ".###.|#...#|#....|#.###|#...#|#...#|.####"), ('H', "#...#|#...#|#...#|#####|#...#|#...#|#...#"),
        ('I', ".###.|..#..|..#..|..#..|..#..|..#..|.###."), ('J', "..###|...#.|...#.|...#.|...#.|#..#.|.##.."),
        ('K', "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#"), ('L', "#....|#....|#....|#....|#....|#....|#####"),
        ('M', "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#"), ('N', "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#"),
        ('O', ".###.|#...#|#...#|#...#|#...#|#...#|.###."), ('P', "####.|#...#|#...#|####.|#....|#....|#...."),
        ('Q', ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#"), ('R', "####.|#...#|#...#|####.|#.#..|#..#.|#...#"),
        ('S', ".####|#....|#....|.###.|....#|....#|####."), ('T', "#####|..#..|..#..|..#..|..#..|..#..|..#.."),
        ('U', "#...#|#...#|#...#|#...#|#...#|#...#|.###."), ('V', "#...#|#...#|#...#|#...#|#...#|.#.#.|..#.."),
        ('W', "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#."), ('X', "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#"),
        ('Y', "#...#|#...#|.#.#.|..#..|..#..|..#..|..#.."), ('Z', "#####|....#|...#.|..#..|.#...|#....|#####"),
        ('[', ".###.|.#...|.#...|.#...|.#...|.#...|.###."), ('\\', ".....|#....|.#...|..#..|...#.|....#"),
        (']', ".###.|...#.|...#.|...#.|...#.|...#.|.###."), ('^', "..#..|.#.#.|#...#"),
        ('_', ".....|.....|.....|.....|.....|.....|#####"), ('`', ".#...|..#..|...#."),
        ('a', ".....|.....|.###.|....#|.####|#...#|.####"), ('b', "#....|#....|#.##.|##..#|#...#|#...#|####."),
        ('c', ".....|.....|.###.|#....|#....|#...#|.###."), ('d', "....#|....#|.##.#|#..##|#...#|#...#|.####"),
        ('e', ".....|.....|.###.|#...#|#####|#....|.###."), ('f', "..##.|.#..#|.#...|###..|.#...|.#...|.#..."),
        ('g', ".....|.....|.####|#...#|#...#|#...#|.####|....#|.###."), ('h', "#....|#....|#.##.|##..#|#...#|#...#|#...#"),
        ('i', "..#..|.....|.##..|..#..|..#..|..#..|.###."), ('j', "...#.|.....|..##.|...#.|...#.|...#.|...#.|#..#.|.##.."),
        ('k', "#....|#....|#..#.|#.#..|##...|#.#..|#..#."), ('l', ".##..|..#..|..#..|..#..|..#..|..#..|.###."),
        ('m', ".....|.....|##.#.|#.#.#|#.#.#|#.#.#|#.#.#"), ('n', ".....|.....|#.##.|##..#|#...#|#...#|#...#"),
        ('o', ".....|.....|.###.|#...#|#...#|#...#|.###."), ('p', ".....|.....|####.|#...#|#...#|#...#|####.|#....|#...."),
        ('q', ".....|.....|.####|#...#|#...#|#...#|.####|....#|....#"), ('r', ".....|.....|#.##.|##..#|#....|#....|#...."),
        ('s', ".....|.....|.####|#....|.###.|....#|####."), ('t', ".#...|.#...|###..|.#...|.#...|.#..#|..##."),
        ('u', ".....|.....|#...#|#...#|#...#|#..##|.##.#"), ('v', ".....|.....|#...#|#...#|#...#|.#.#.|..#.."),
        ('w', ".....|.....|#...#|#...#|#.#.#|#.#.#|.#.#."), ('x', ".....|.....|#...#|.#.#.|..#..|.#.#.|#...#"),
        ('y', ".....|.....|#...#|#...#|#...#|#...#|.####|....#|.###."), ('z', ".....|.....|#####|...#.|..#..|.#...|#####"),
        ('{', "...#.|..#..|..#..|.#...|..#..|..#..|...#."), ('|', "..#..|..#..|..#..|..#..|..#..|..#..|..#.."),
        ('}', ".#...|..#..|..#..|...#.|..#..|..#..|.#..."), ('~', ".....|.....|.#...|#.#.#|...#."),
        ('±', "..#..|..#..|#####|..#..|..#..|.....|#####"), ('×', ".....|#...#|.#.#.|..#..|.#.#.|#...#"),
        ('−', ".....|.....|.....|#####"), ('–', ".....|.....|.....|#####"), ('·', ".....|.....|.....|..#.."),
        ('α', ".....|.....|.##.#|#..#.|#..#.|#..#.|.##.#"), ('δ', ".###.|.#...|..#..|.###.|#...#|#...#|.###."),
        ('ε', ".....|.....|.####|#....|.###.|#....|.####"), ('λ', "##...|..#..|..#..|..#..|.#.#.|#...#|#...#"),
        ('μ', ".....|.....|#...#|#...#|#...#|##..#|#.##.|#....|#...."), ('σ', ".....|.....|.####|#..#.|#...#|#...#|.###."),
    ]);

    private static readonly byte[] Unknown = ParseGlyph(Box);

    /// <summary>Width in pixels of <paramref name="text"/> drawn at <paramref name="scale"/>: 6·scale per
    /// character less the one-column gap after the last; 0 for empty or null text.</summary>
    internal static int MeasureWidth(string? text, int scale)
    {
        int count = 0;
        foreach (Rune _ in (text ?? "").EnumerateRunes())
        {
            count++;
        }

        return count == 0 ? 0 : ((count * Advance) - 1) * scale;
    }

    /// <summary>Height in pixels of a text line (capitals and descenders) at <paramref name="scale"/>.</summary>
    internal static int LineHeight(int scale) => CellHeight * scale;

    /// <summary>Whether <paramref name="c"/> has its own glyph (otherwise it draws as a box).</summary>
    internal static bool HasGlyph(Rune c) => Glyphs.ContainsKey(c.Value);

    /// <summary>
    /// Draws <paramref name="text"/> into the RGB picture <paramref name="image"/>, clipped to its edges.
    /// Horizontal text has its top-left corner (the top of the capitals) at (<paramref name="x"/>,
    /// <paramref name="y"/>). Vertical text is turned a quarter turn anticlockwise so that it reads upwards;
    /// (<paramref name="x"/>, <paramref name="y"/>) is then the top-left corner of its bounding box, which
    /// is <see cref="LineHeight"/> wide and <see cref="MeasureWidth"/> tall, with the descenders on the right.
    /// </summary>
    internal static void Draw(RenderedImage image, string? text, int x, int y, int scale, PlotColor color, bool vertical = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (image.Channels != 3)
        {
            throw new ArgumentException($"text is drawn on RGB pictures; this one has {image.Channels} channel(s).", nameof(image));
        }

        long length = MeasureWidth(text, scale);
        long pen = 0;
        foreach (Rune c in (text ?? "").EnumerateRunes())
        {
            byte[] rows = Glyphs.TryGetValue(c.Value, out byte[]? glyph) ? glyph : Unknown;
            for (int row = 0; row < rows.Length; row++)
            {
                for (int column = 0; column < GlyphWidth; column++)
                {
                    if ((rows[row] & (1 << (GlyphWidth - 1 - column))) == 0)
                    {
                        continue;
                    }

                    long along = pen + ((long)column * scale);
                    long across = (long)row * scale;
                    long left = vertical ? x + across : x + along;
                    long top = vertical ? y + (length - along - scale) : y + across;
                    Fill(image, left, top, scale, color);
                }
            }

            pen += (long)Advance * scale;
        }
    }

    private static void Fill(RenderedImage image, long left, long top, int size, PlotColor color)
    {
        long x0 = Math.Max(left, 0);
        long y0 = Math.Max(top, 0);
        long x1 = Math.Min(left + size, image.Width);
        long y1 = Math.Min(top + size, image.Height);
        for (long py = y0; py < y1; py++)
        {
            for (long px = x0; px < x1; px++)
            {
                long at = ((py * image.Width) + px) * 3;
                image.Pixels[at] = color.R;
                image.Pixels[at + 1] = color.G;
                image.Pixels[at + 2] = color.B;
            }
        }
    }

    private static Dictionary<int, byte[]> Parse((char Char, string Rows)[] definitions)
    {
        var glyphs = new Dictionary<int, byte[]>(definitions.Length);
        foreach ((char c, string rows) in definitions)
        {
            glyphs.Add(c, ParseGlyph(rows));
        }

        return glyphs;
    }

    private static byte[] ParseGlyph(string definition)
    {
        if (definition.Length == 0)
        {
            return [];
        }

        string[] rows = definition.Split('|');
        var bits = new byte[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int column = 0; column < GlyphWidth; column++)
            {
                if (rows[r][column] == '#')
                {
                    bits[r] |= (byte)(1 << (GlyphWidth - 1 - column));
                }
            }
        }

        return bits;
    }
}
