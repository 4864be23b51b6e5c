using System.Text;
using KrrDistill.Data;
using KrrDistill.Reproduction;
using KrrDistill.Reproduction.Images;

namespace KrrDistill.Tests.Reproduction;

public sealed class LinePlotTests
{
    private static readonly double[] Epsilons = [0.5, 1, 2, 4, 8];

    /// <summary>A log-x plot with fixed axis ends, so the tests can map values to pixels themselves.</summary>
    private static readonly LinePlotOptions Fixed = new()
    {
        LogX = true,
        XMin = 0.4,
        XMax = 10,
        YMin = 50,
        YMax = 100,
        Title = "Accuracy vs privacy",
        XLabel = "ε (δ = 1e-5)",
        YLabel = "Test accuracy (%)",
    };

    [Theory]
    [InlineData(800, 500)]
    [InlineData(100, 100)]
    [InlineData(1234, 321)]
    public void Render_HasRequestedSizeAndThreeChannels(int width, int height)
    {
        RenderedImage image = LinePlot.Render([Curve("a", PlotColor.Blue, 60, 70, 80, 85, 90)],
            Fixed with { Width = width, Height = height });

        Assert.Equal((width, height, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(width * height * 3, image.Pixels.Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SeriesPixels_AppearAtMappedPointsAndOnlyInsideThePlotArea(bool logX)
    {
        double[] accuracy = [62, 71.5, 80, 88, 93];
        var options = Fixed with { LogX = logX, XMin = logX ? 0.4 : 0 };
        RenderedImage image = LinePlot.Render([Curve("", PlotColor.Blue, accuracy)], options);

        Area area = FindPlotArea(image);
        for (int i = 0; i < Epsilons.Length; i++)
        {
            (int px, int py) = area.Map(options, Epsilons[i], accuracy[i]);
            Assert.True(Count(image, PlotColor.Blue, px - 1, py - 1, px + 1, py + 1) == 9, $"no marker at point {i} ({px}, {py})");
            if (i > 0)
            {
                // The pixel halfway between two markers lies on the line joining them.
                (int qx, int qy) = area.Map(options, Epsilons[i - 1], accuracy[i - 1]);
                int mx = (px + qx) / 2;
                int my = (py + qy) / 2;
                Assert.True(Count(image, PlotColor.Blue, mx - 2, my - 2, mx + 2, my + 2) > 0, $"no line between points {i - 1} and {i}");
            }
        }

        Assert.True(Count(image, PlotColor.Blue, 0, 0, image.Width - 1, image.Height - 1)
            == Count(image, PlotColor.Blue, area.Left, area.Top, area.Right, area.Bottom), "series pixels outside the plot area");
    }

    [Fact]
    public void PointsOutsideFixedLimits_AreClippedToThePlotArea()
    {
        RenderedImage image = LinePlot.Render(
            [new PlotSeries("", [new(0.5, 20, 50), new(1, 1e300), new(2, 75), new(100, 75), new(4, -1e12)], PlotColor.Red)], Fixed);

        Area area = FindPlotArea(image);
        Assert.True(Count(image, PlotColor.Red, 0, 0, image.Width - 1, image.Height - 1)
            == Count(image, PlotColor.Red, area.Left, area.Top, area.Right, area.Bottom));
        (int px, int py) = area.Map(Fixed, 2, 75);
        Assert.Equal(9, Count(image, PlotColor.Red, px - 1, py - 1, px + 1, py + 1));
    }

    [Fact]
    public void DashedSeries_HasGapsAlongItsLineAndSolidSeriesHasNone()
    {
        RenderedImage image = LinePlot.Render(
        [
            new PlotSeries("", [new(0.5, 90), new(8, 90)], PlotColor.Grey, Dashed: true, Markers: false),
            new PlotSeries("", [new(0.5, 60), new(8, 60)], PlotColor.Green, Markers: false),
        ], Fixed);

        Area area = FindPlotArea(image);
        (int dashedLeft, int dashedRow) = area.Map(Fixed, 0.5, 90);
        (int dashedRight, _) = area.Map(Fixed, 8, 90);
        (int dashes, int gaps, int longestDash) = Runs(image, PlotColor.Grey, dashedRow, dashedLeft, dashedRight);
        Assert.True(dashes >= 10, $"{dashes} dashes");
        Assert.True(gaps >= 9, $"{gaps} gaps");
        Assert.True(longestDash < 20, $"a dash of {longestDash} pixels");

        (int solidLeft, int solidRow) = area.Map(Fixed, 0.5, 60);
        (int solidRight, _) = area.Map(Fixed, 8, 60);
        (int runs, int solidGaps, int longest) = Runs(image, PlotColor.Green, solidRow, solidLeft, solidRight);
        Assert.Equal((1, 0), (runs, solidGaps));
        Assert.True(Math.Abs(longest - (solidRight - solidLeft + 1)) <= 2, $"solid line of {longest} pixels");
    }

    [Theory]
    [InlineData(75, 10)]
    [InlineData(80, 2.5)]
    public void ErrorBars_ExtendVerticallyByTheMappedHalfLength(double y, double error)
    {
        RenderedImage image = LinePlot.Render([new PlotSeries("", [new(2, y, error)], PlotColor.Orange, Markers: false)], Fixed);

        Area area = FindPlotArea(image);
        (int px, int top) = area.Map(Fixed, 2, y + error);
        (_, int bottom) = area.Map(Fixed, 2, y - error);
        int column = Enumerable.Range(px - 1, 3).MaxBy(c => Count(image, PlotColor.Orange, c, 0, c, image.Height - 1));
        int[] rows = [.. Enumerable.Range(0, image.Height).Where(r => Is(image, column, r, PlotColor.Orange))];
        Assert.True(Math.Abs(rows[0] - top) <= 1, $"bar top {rows[0]}, expected {top}");
        Assert.True(Math.Abs(rows[^1] - bottom) <= 1, $"bar bottom {rows[^1]}, expected {bottom}");
        Assert.Equal(rows[^1] - rows[0] + 1, rows.Length);
    }

    [Fact]
    public void Title_IsDrawnInTheTopMarginCentredOverThePlot()
    {
        var options = new LinePlotOptions { Title = "TITLE", YTicks = [75], YMin = 50, YMax = 100 };
        PlotSeries[] series = [Curve("", PlotColor.Blue, 60, 70, 80, 85, 90)];
        RenderedImage titled = LinePlot.Render(series, options);
        RenderedImage untitled = LinePlot.Render(series, options with { Title = "" });

        Area area = FindPlotArea(titled);
        (int left, int top, int right, int bottom) = BlackBox(titled, area.Top - 2);
        int height = bottom - top + 1;
        Assert.Equal(0, height % BitmapFont.CapHeight);
        Assert.Equal(BitmapFont.MeasureWidth("TITLE", height / BitmapFont.CapHeight), right - left + 1);
        Assert.True(Math.Abs(((left + right) / 2.0) - ((area.Left + area.Right) / 2.0)) <= 2, "title not centred over the plot");
        Assert.Equal(-1, BlackBox(untitled, FindPlotArea(untitled).Top - 2).Left);
    }

    [Fact]
    public void AutomaticTicks_PutGridLinesAtTheDataXValuesOnALogAxis()
    {
        PlotColor grid = new(225, 225, 225);
        RenderedImage image = LinePlot.Render([Curve("", PlotColor.Blue, 60, 70, 80, 85, 90)], new LinePlotOptions { LogX = true });

        Area area = FindPlotArea(image);
        int row = area.Top + 2;
        int[] columns = [.. Enumerable.Range(area.Left, area.Right - area.Left + 1).Where(c => Is(image, c, row, grid))];
        Assert.Equal(5, columns.Length);
        // 0.5, 1, 2, 4, 8 are evenly spaced on a log axis.
        int[] spacing = [.. columns.Zip(columns.Skip(1), (a, b) => b - a)];
        Assert.True(spacing.Max() - spacing.Min() <= 1, string.Join(", ", spacing));
    }

    [Fact]
    public void Legend_ChangesOnlyPixelsInsideThePlotArea()
    {
        PlotSeries[] named = [Curve("DP-KRR", PlotColor.Blue, 60, 70, 80, 85, 90), Curve("Non-private", PlotColor.Grey, 94, 94, 94, 94, 94) with { Dashed = true }];
        PlotSeries[] unnamed = [.. named.Select(s => s with { Name = "" })];
        RenderedImage withLegend = LinePlot.Render(named, Fixed);
        RenderedImage without = LinePlot.Render(unnamed, Fixed);

        Area area = FindPlotArea(withLegend);
        int changed = 0;
        for (int y = 0; y < withLegend.Height; y++)
        {
            for (int x = 0; x < withLegend.Width; x++)
            {
                if (!Enumerable.Range(0, 3).All(c => withLegend[x, y, c] == without[x, y, c]))
                {
                    changed++;
                    Assert.True(area.Contains(x, y), $"legend pixel ({x}, {y}) outside the plot area");
                }
            }
        }

        Assert.True(changed > 100, $"{changed} pixels changed");
    }

    public static TheoryData<string, PlotSeries[]> EdgeCases => new()
    {
        { "empty series list", [] },
        { "no points", [new PlotSeries("empty", [], PlotColor.Blue)] },
        { "single point", [new PlotSeries("one", [new(2, 80, 1.5)], PlotColor.Blue)] },
        { "all-equal y", [Curve("flat", PlotColor.Green, 80, 80, 80, 80, 80)] },
        { "all y zero", [Curve("zero", PlotColor.Green, 0, 0, 0, 0, 0)] },
        { "NaN y", [Curve("gaps", PlotColor.Red, double.NaN, 70, double.NaN, 85, double.NaN)] },
        { "only NaN", [Curve("none", PlotColor.Red, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)] },
        { "infinite and NaN values", [new PlotSeries("inf", [new(double.PositiveInfinity, 1), new(1, double.NegativeInfinity), new(double.NaN, 3), new(2, 70, double.NaN)], PlotColor.Orange)] },
        { "unknown characters", [Curve("名前 ☃ \ud83d\ude00", PlotColor.Blue, 60, 70, 80, 85, 90)] },
        { "huge legend text", [Curve(new string('W', 400), PlotColor.Blue, 60, 70, 80, 85, 90)] },
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void EdgeCases_GiveAValidPicture(string name, PlotSeries[] series)
    {
        foreach (LinePlotOptions options in (LinePlotOptions[])[new LinePlotOptions { LogX = true, Title = name }, new LinePlotOptions { Width = 100, Height = 100, YLabel = new string('y', 300) }])
        {
            RenderedImage image = LinePlot.Render(series, options);

            Assert.Equal(options.Width * options.Height * 3, image.Pixels.Length);
            var png = new MemoryStream();
            image.SavePng(png);
            Assert.True(png.Length > 8);
        }
    }

    [Fact]
    public void NaNPoints_AreNotDrawnAndBreakTheLine()
    {
        RenderedImage image = LinePlot.Render([new PlotSeries("", [new(1, 60), new(2, double.NaN), new(4, 90)], PlotColor.Blue, Markers: false)], Fixed);

        Assert.Equal(0, Count(image, PlotColor.Blue, 0, 0, image.Width - 1, image.Height - 1));
    }

    [Fact]
    public void SameInput_GivesTheSameBytes()
    {
        PlotSeries[] series = [Curve("a", PlotColor.Blue, 60, 70, 80, 85, 90) with { Dashed = true }, Curve("b", PlotColor.Red, 61, 72, 79, 88, 91)];

        Assert.Equal(LinePlot.Render(series, Fixed).Pixels, LinePlot.Render(series, Fixed).Pixels);
    }

    public static TheoryData<string, LinePlotOptions, double> BadArguments => new()
    {
        { "Width", new LinePlotOptions { Width = 99 }, 1 },
        { "Height", new LinePlotOptions { Height = 20 }, 1 },
        { "Width", new LinePlotOptions { Width = 100_000 }, 1 },
        { "LogX", new LinePlotOptions { LogX = true }, 0 },
        { "LogX", new LinePlotOptions { LogX = true }, -2 },
        { "LogX", new LinePlotOptions { LogX = true, XMin = 0 }, 1 },
        { "XTicks", new LinePlotOptions { LogX = true, XTicks = [1, -1] }, 1 },
        { "XMin", new LinePlotOptions { XMin = 5, XMax = 5 }, 1 },
        { "YMax", new LinePlotOptions { YMax = double.NaN }, 1 },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArguments_ThrowArgumentExceptionNamingTheOption(string option, LinePlotOptions options, double x)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => LinePlot.Render([new PlotSeries("a", [new(1, 50), new(x, 60)], PlotColor.Blue)], options));

        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullSeries_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => LinePlot.Render(null!, new LinePlotOptions()));
        Assert.Throws<ArgumentNullException>(() => LinePlot.Render([], null!));
        Assert.ThrowsAny<ArgumentException>(() => LinePlot.Render([null!], new LinePlotOptions()));
    }

    [Fact]
    public void SavePng_StartsWithThePngSignature()
    {
        var stream = new MemoryStream();
        LinePlot.Render([Curve("a", PlotColor.Blue, 60, 70, 80, 85, 90)], Fixed).SavePng(stream);

        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], stream.ToArray()[..8]);
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1, "1")]
    [InlineData(8, "8")]
    [InlineData(60, "60")]
    [InlineData(92.5, "92.5")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0, "0")]
    [InlineData(1e-5, "1e-5")]
    [InlineData(2e6, "2e+6")]
    public void FormatNumber_IsCompactAndInvariant(double value, string expected)
        => Assert.Equal(expected, LinePlot.FormatNumber(value));

    [Theory]
    [InlineData(60, 95, new double[] { 60, 65, 70, 75, 80, 85, 90, 95 })]
    [InlineData(76, 84, new double[] { 76, 78, 80, 82, 84 })]
    [InlineData(0, 1, new double[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    public void NiceTicks_AreRoundNumbersInRange(double lo, double hi, double[] expected)
        => Assert.Equal(expected, LinePlot.NiceTicks(lo, hi));

    [Fact]
    public void Font_CoversTheRequiredCharacters()
    {
        const string required = "0123456789.,-+%()=/:± ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzεδλ";
        foreach (Rune c in required.EnumerateRunes())
        {
            Assert.True(BitmapFont.HasGlyph(c), $"no glyph for '{c}'");
        }

        Assert.False(BitmapFont.HasGlyph(new Rune('☃')));
    }

    [Theory]
    [InlineData("", 1, 0)]
    [InlineData("A", 1, 5)]
    [InlineData("AB", 2, 22)]
    [InlineData("ε = 1", 3, 87)]
    public void Font_MeasuresSixPixelsPerCharacterLessTheLastGap(string text, int scale, int expected)
        => Assert.Equal(expected, BitmapFont.MeasureWidth(text, scale));

    [Fact]
    public void Font_DrawsInsideTheMeasuredBoxAndClipsAtTheEdges()
    {
        var image = new RenderedImage(60, 30, 3, Filled(60, 30, 255));
        BitmapFont.Draw(image, "Ag", 5, 4, 2, PlotColor.Black);

        int width = BitmapFont.MeasureWidth("Ag", 2);
        Assert.Equal(Count(image, PlotColor.Black, 0, 0, 59, 29), Count(image, PlotColor.Black, 5, 4, 5 + width - 1, 4 + BitmapFont.LineHeight(2) - 1));
        Assert.True(Count(image, PlotColor.Black, 5, 4 + 14, 59, 29) > 0, "the descender of g is missing");

        foreach ((int x, int y) in (ReadOnlySpan<(int, int)>)[(-7, -5), (50, 25), (-1000, 0), (int.MaxValue - 3, int.MinValue + 3)])
        {
            BitmapFont.Draw(image, "Clipped ☃ text", x, y, 3, PlotColor.Red);
            BitmapFont.Draw(image, "Clipped ☃ text", x, y, 3, PlotColor.Red, vertical: true);
        }
    }

    [Fact]
    public void Font_VerticalTextReadsUpwards()
    {
        var flat = new RenderedImage(40, 40, 3, Filled(40, 40, 255));
        var turned = new RenderedImage(40, 40, 3, Filled(40, 40, 255));
        BitmapFont.Draw(flat, "L", 0, 0, 1, PlotColor.Black);
        BitmapFont.Draw(turned, "L", 0, 0, 1, PlotColor.Black, vertical: true);

        // A quarter turn anticlockwise: font pixel (column c, row r) lands at (r, 4 − c).
        for (int r = 0; r < BitmapFont.CellHeight; r++)
        {
            for (int c = 0; c < BitmapFont.GlyphWidth; c++)
            {
                Assert.Equal(flat[c, r], turned[r, BitmapFont.GlyphWidth - 1 - c]);
            }
        }
    }

    [Fact]
    public void Font_DrawsUnknownCharactersAsABox()
    {
        var image = new RenderedImage(20, 20, 3, Filled(20, 20, 255));
        BitmapFont.Draw(image, "☃", 0, 0, 1, PlotColor.Black);

        Assert.True(Count(image, PlotColor.Black, 0, 0, 19, 19) > 0);
    }

    private static PlotSeries Curve(string name, PlotColor color, params double[] accuracy)
        => new(name, [.. Epsilons.Zip(accuracy, (x, y) => new PlotPoint(x, y))], color);

    private static byte[] Filled(int width, int height, byte value)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, value);
        return pixels;
    }

    private static bool Is(RenderedImage image, int x, int y, PlotColor color)
        => x >= 0 && y >= 0 && x < image.Width && y < image.Height
            && image[x, y, 0] == color.R && image[x, y, 1] == color.G && image[x, y, 2] == color.B;

    private static int Count(RenderedImage image, PlotColor color, int left, int top, int right, int bottom)
    {
        int count = 0;
        for (int y = top; y <= bottom; y++)
        {
            for (int x = left; x <= right; x++)
            {
                count += Is(image, x, y, color) ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>Runs of <paramref name="color"/> along columns left..right, a column counting if any of rows row−1..row+2 has it.</summary>
    private static (int Runs, int Gaps, int Longest) Runs(RenderedImage image, PlotColor color, int row, int left, int right)
    {
        int runs = 0, gaps = 0, longest = 0, current = 0;
        bool previous = false;
        for (int x = left; x <= right; x++)
        {
            bool on = Count(image, color, x, row - 1, x, row + 2) > 0;
            if (on && !previous)
            {
                runs++;
                current = 0;
            }

            if (!on && previous)
            {
                gaps++;
            }

            current = on ? current + 1 : current;
            longest = Math.Max(longest, current);
            previous = on;
        }

        return (runs, gaps, longest);
    }

    /// <summary>Bounding box of the black pixels in rows 0..lastRow; Left = −1 when there are none.</summary>
    private static (int Left, int Top, int Right, int Bottom) BlackBox(RenderedImage image, int lastRow)
    {
        (int left, int top, int right, int bottom) = (-1, -1, -1, -1);
        for (int y = 0; y <= lastRow; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (Is(image, x, y, PlotColor.Black))
                {
                    (left, right) = left < 0 ? (x, x) : (Math.Min(left, x), Math.Max(right, x));
                    top = top < 0 ? y : top;
                    bottom = y;
                }
            }
        }

        return (left, top, right, bottom);
    }

    /// <summary>The plot area is the inside of the black frame: the longest black runs across the picture.</summary>
    private static Area FindPlotArea(RenderedImage image)
    {
        int[] rowRuns = [.. Enumerable.Range(0, image.Height).Select(y => LongestBlackRun(image, y, horizontal: true))];
        int[] columnRuns = [.. Enumerable.Range(0, image.Width).Select(x => LongestBlackRun(image, x, horizontal: false))];
        int[] frameRows = [.. Enumerable.Range(0, image.Height).Where(y => rowRuns[y] == rowRuns.Max())];
        int[] frameColumns = [.. Enumerable.Range(0, image.Width).Where(x => columnRuns[x] == columnRuns.Max())];
        Assert.Equal(2, frameRows.Length);
        Assert.Equal(2, frameColumns.Length);
        return new Area(frameColumns[0] + 1, frameRows[0] + 1, frameColumns[1] - 1, frameRows[1] - 1);
    }

    private static int LongestBlackRun(RenderedImage image, int line, bool horizontal)
    {
        int longest = 0, current = 0;
        for (int i = 0; i < (horizontal ? image.Width : image.Height); i++)
        {
            current = Is(image, horizontal ? i : line, horizontal ? line : i, PlotColor.Black) ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    /// <summary>The plotting area, inclusive pixel bounds.</summary>
    private sealed record Area(int Left, int Top, int Right, int Bottom)
    {
        public bool Contains(int x, int y) => x >= Left && x <= Right && y >= Top && y <= Bottom;

        /// <summary>The pixel of (x, y) under the plot's fixed axis limits: axis ends at the first and last pixel inside the frame.</summary>
        public (int X, int Y) Map(LinePlotOptions options, double x, double y)
        {
            Func<double, double> t = options.LogX ? Math.Log10 : v => v;
            double fx = (t(x) - t(options.XMin!.Value)) / (t(options.XMax!.Value) - t(options.XMin.Value));
            double fy = (y - options.YMin!.Value) / (options.YMax!.Value - options.YMin.Value);
            return ((int)Math.Round(Left + (fx * (Right - Left))), (int)Math.Round(Bottom - (fy * (Bottom - Top))));
        }
    }
}
