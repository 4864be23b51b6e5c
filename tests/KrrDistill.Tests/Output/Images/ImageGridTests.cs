using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Output.Images;
using KrrDistill.Tests.Data;
using SkiaSharp;

namespace KrrDistill.Tests.Output.Images;

public sealed class ImageGridTests
{
    private static readonly ImageShape Mnist = new(1, 28, 28);

    [Fact]
    public void Render_TenClassesThreeIpc_HasOneColumnPerClassAndOneRowPerIpc()
    {
        RenderedImage grid = ImageGrid.Render(Constant(30, Mnist, j => j), 10, Mnist, InputNormalization.None(Mnist.Size));

        Assert.Equal((10 * 28) + 9, grid.Width);
        Assert.Equal((3 * 28) + 2, grid.Height);
        Assert.Equal(1, grid.Channels);
        Assert.Equal(grid.Width * grid.Height, grid.Pixels.Length);
    }

    [Fact]
    public void Render_PutsImageJInColumnJModKAndRowJDivK()
    {
        // Image j is constant 10 + j, so every cell says which image it shows.
        RenderedImage grid = ImageGrid.Render(Constant(30, Mnist, j => 10 + j), 10, Mnist, InputNormalization.None(Mnist.Size));

        for (int j = 0; j < 30; j++)
        {
            int left = (j % 10) * 29;
            int top = (j / 10) * 29;
            Assert.Equal(10 + j, grid[left, top]);
            Assert.Equal(10 + j, grid[left + 27, top + 27]);
        }
    }

    [Fact]
    public void Render_FillsGapsWithGrey()
    {
        var options = new ImageGridOptions { Gap = 2, GapValue = 77 };
        RenderedImage grid = ImageGrid.Render(Constant(20, Mnist, _ => 200), 10, Mnist, InputNormalization.None(Mnist.Size), options: options);

        Assert.Equal((10 * 28) + (9 * 2), grid.Width);
        Assert.Equal((2 * 28) + 2, grid.Height);
        for (int y = 0; y < grid.Height; y++)
        {
            for (int x = 0; x < grid.Width; x++)
            {
                bool inGap = x % 30 >= 28 || y % 30 >= 28;
                Assert.Equal(inGap ? 77 : 200, grid[x, y]);
            }
        }
    }

    [Fact]
    public void Render_WithInitialImages_DrawsThemAboveTheDistilledOnesAfterASectionGap()
    {
        var options = new ImageGridOptions { SectionGap = 5 };
        RenderedImage grid = ImageGrid.Render(Constant(30, Mnist, _ => 250), 10, Mnist, InputNormalization.None(Mnist.Size),
            Constant(30, Mnist, j => j), options);

        int block = (3 * 28) + 2;
        Assert.Equal((10 * 28) + 9, grid.Width);
        Assert.Equal(block + 5 + block, grid.Height);
        Assert.Equal(0, grid[0, 0]);
        Assert.Equal(29, grid[(9 * 29) + 5, (2 * 29) + 5]);
        for (int y = block; y < block + 5; y++)
        {
            Assert.Equal(128, grid[14, y]);
        }

        Assert.Equal(250, grid[0, block + 5]);
        Assert.Equal(250, grid[grid.Width - 1, grid.Height - 1]);
    }

    [Fact]
    public void Render_InitialBlockMayHaveADifferentNumberOfRows()
    {
        RenderedImage grid = ImageGrid.Render(Constant(10, Mnist, _ => 1), 10, Mnist, InputNormalization.None(Mnist.Size),
            Constant(20, Mnist, _ => 2));

        Assert.Equal((2 * 28) + 1 + 4 + 28, grid.Height);
    }

    [Fact]
    public void Render_Upscale_RepeatsEachPixel()
    {
        var shape = new ImageShape(1, 2, 3);
        double[] image = [0, 1, 2, 3, 4, 5];
        var options = new ImageGridOptions { Scale = 2, Gap = 1 };

        RenderedImage grid = ImageGrid.Render([image, image], 2, shape, InputNormalization.None(6), options: options);

        Assert.Equal((2 * 6) + 1, grid.Width);
        Assert.Equal(4, grid.Height);
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 6; x++)
            {
                byte expected = (byte)image[((y / 2) * 3) + (x / 2)];
                Assert.Equal(expected, grid[x, y]);
                Assert.Equal(expected, grid[x + 7, y]);
            }

            Assert.Equal(128, grid[6, y]);
        }
    }

    [Fact]
    public void Render_TenClassesThreeIpc_ScaleTwoWithInitial_HasExpectedSize()
    {
        var options = new ImageGridOptions { Scale = 2, Gap = 2, SectionGap = 6 };
        RenderedImage grid = ImageGrid.Render(Constant(30, Mnist, _ => 0), 10, Mnist, InputNormalization.None(Mnist.Size),
            Constant(30, Mnist, _ => 0), options);

        int block = (3 * 56) + (2 * 2);
        Assert.Equal((10 * 56) + (9 * 2), grid.Width);
        Assert.Equal(block + 6 + block, grid.Height);
    }

    [Fact]
    public void Render_UndoesTheNormalization()
    {
        var normalization = InputNormalization.Uniform(Mnist.Size, 0.1307, 0.3081, 255);
        double x = ((128 / 255.0) - 0.1307) / 0.3081;
        double[] image = Enumerable.Repeat(x, Mnist.Size).ToArray();
        image[1] = ((37 / 255.0) - 0.1307) / 0.3081;
        image[2] = ((36.4 / 255.0) - 0.1307) / 0.3081;
        image[3] = ((36.6 / 255.0) - 0.1307) / 0.3081;

        RenderedImage grid = ImageGrid.Render([image], 1, Mnist, normalization);

        Assert.Equal(128, grid[0, 0]);
        Assert.Equal(37, grid[1, 0]);
        Assert.Equal(36, grid[2, 0]);
        Assert.Equal(37, grid[3, 0]);
    }

    [Fact]
    public void Render_UsesPerFeatureMeanAndStd()
    {
        var shape = new ImageShape(1, 1, 3);
        var normalization = new InputNormalization([0.0, 0.5, 1.0], [1.0, 0.25, 2.0], 255);
        double[] image = [0.2, -1.0, -0.3];   // (x·std + mean)·255 = 51, 63.75, 102

        RenderedImage grid = ImageGrid.Render([image], 1, shape, normalization);

        Assert.Equal([51, 64, 102], grid.Pixels);
    }

    [Fact]
    public void Render_ClipsToThePixelRange()
    {
        var shape = new ImageShape(1, 1, 4);
        var normalization = InputNormalization.Uniform(4, 0.1307, 0.3081, 255);

        RenderedImage grid = ImageGrid.Render([[-50.0, -0.43, 3.3, 1e300]], 1, shape, normalization);

        Assert.Equal(0, grid[0, 0]);     // far below 0
        Assert.Equal(0, grid[1, 0]);     // just below 0: (−0.43·0.3081 + 0.1307)·255 ≈ −0.45
        Assert.Equal(255, grid[2, 0]);   // (3.3·0.3081 + 0.1307)·255 ≈ 292
        Assert.Equal(255, grid[3, 0]);
    }

    [Fact]
    public void Render_ContrastStretch_MapsEachImagesRangeOnto0To255()
    {
        var shape = new ImageShape(1, 1, 6);
        var normalization = InputNormalization.Uniform(6, 0.1307, 0.3081, 255);
        var stretch = new ImageGridOptions { ContrastStretch = true, Gap = 0 };
        double[] noise = [-40, -24, -8, 8, 24, 40];
        double[] small = [1, 1.2, 1.4, 1.6, 1.8, 2];
        double[] flat = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];

        RenderedImage clipped = ImageGrid.Render([noise, small, flat], 3, shape, normalization);
        RenderedImage stretched = ImageGrid.Render([noise, small, flat], 3, shape, normalization, options: stretch);

        Assert.Equal([0, 0, 0, 255, 255, 255], clipped.Pixels[..6]);             // noise clips to black and white
        Assert.Equal([0, 51, 102, 153, 204, 255], stretched.Pixels[..6]);
        Assert.Equal([0, 51, 102, 153, 204, 255], stretched.Pixels[6..12]);
        byte flatPixel = clipped.Pixels[^1];
        Assert.Equal(73, flatPixel);                                             // (0.5·0.3081 + 0.1307)·255 = 72.6
        Assert.Equal(Enumerable.Repeat(flatPixel, 6), stretched.Pixels[^6..]);   // constant: drawn as without stretch
    }

    [Fact]
    public void Render_ThreeChannels_InterleavesChannelFirstInputAsRgb()
    {
        var shape = new ImageShape(3, 2, 2);
        var normalization = InputNormalization.PerChannel(shape, [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010], 255);
        double[] red = Normalize(shape, normalization, (c, _) => c == 0 ? 255 : 0);
        double[] ramp = Normalize(shape, normalization, (c, p) => (100 * c) + p);   // channel c, pixel p

        RenderedImage grid = ImageGrid.Render([red, ramp], 2, shape, normalization, options: new ImageGridOptions { Gap = 1 });

        Assert.Equal(3, grid.Channels);
        Assert.Equal(5, grid.Width);
        Assert.Equal(2, grid.Height);
        Assert.Equal(5 * 2 * 3, grid.Pixels.Length);
        for (int y = 0; y < 2; y++)
        {
            for (int x = 0; x < 2; x++)
            {
                Assert.Equal((255, 0, 0), (grid[x, y, 0], grid[x, y, 1], grid[x, y, 2]));
                int p = (y * 2) + x;
                Assert.Equal((p, 100 + p, 200 + p), (grid[x + 3, y, 0], grid[x + 3, y, 1], grid[x + 3, y, 2]));
            }

            Assert.Equal((128, 128, 128), (grid[2, y, 0], grid[2, y, 1], grid[2, y, 2]));
        }
    }

    [Fact]
    public void Render_FromMatrixRows_MatchesRenderFromArrays()
    {
        double[][] images = Constant(20, Mnist, j => 12 * j);
        var matrix = new Matrix(20, Mnist.Size, images.SelectMany(v => v).ToArray());
        var normalization = InputNormalization.None(Mnist.Size);

        RenderedImage fromArrays = ImageGrid.Render(images, 10, Mnist, normalization, images);
        RenderedImage fromMatrix = ImageGrid.Render(matrix, 10, Mnist, normalization, matrix);

        Assert.Equal(fromArrays.Width, fromMatrix.Width);
        Assert.Equal(fromArrays.Height, fromMatrix.Height);
        Assert.Equal(fromArrays.Pixels, fromMatrix.Pixels);
    }

    [Fact]
    public void SavePng_WritesAPngThatDecodesToTheGrid()
    {
        using var dir = new TempDirectory();
        var shape = new ImageShape(3, 4, 5);
        var random = new Random(1);
        double[][] images = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, shape.Size).Select(_ => random.NextDouble() * 255).ToArray()).ToArray();
        RenderedImage grid = ImageGrid.Render(images, 3, shape, InputNormalization.None(shape.Size), options: new ImageGridOptions { Scale = 2 });
        string path = dir.File("grid.png");

        grid.SavePng(path);

        using SKBitmap png = SKBitmap.Decode(path);
        Assert.Equal(grid.Width, png.Width);
        Assert.Equal(grid.Height, png.Height);
        for (int y = 0; y < grid.Height; y++)
        {
            for (int x = 0; x < grid.Width; x++)
            {
                SKColor c = png.GetPixel(x, y);
                Assert.Equal((grid[x, y, 0], grid[x, y, 1], grid[x, y, 2]), (c.Red, c.Green, c.Blue));
            }
        }
    }

    [Fact]
    public void SavePng_OneChannel_DecodesToTheSameGreyLevels()
    {
        using var dir = new TempDirectory();
        RenderedImage grid = ImageGrid.Render(Constant(20, Mnist, j => 10 * j), 10, Mnist, InputNormalization.None(Mnist.Size));
        string path = dir.File("grey.png");

        grid.SavePng(path);

        using SKBitmap png = SKBitmap.Decode(path);
        Assert.Equal((grid.Width, grid.Height), (png.Width, png.Height));
        for (int y = 0; y < grid.Height; y += 3)
        {
            for (int x = 0; x < grid.Width; x += 3)
            {
                SKColor c = png.GetPixel(x, y);
                Assert.Equal((grid[x, y], grid[x, y], grid[x, y]), (c.Red, c.Green, c.Blue));
            }
        }
    }

    [Fact]
    public void Render_WithClassNames_AddsAHeaderStripAndShiftsTheCellsDown()
    {
        string[] names = [.. ClassNames.For("fashion-mnist", 10)];
        var options = new ImageGridOptions { Scale = 2, HeaderHeight = 20 };
        RenderedImage plain = ImageGrid.Render(Constant(20, Mnist, j => 10 + j), 10, Mnist, InputNormalization.None(Mnist.Size), options: options);
        RenderedImage named = ImageGrid.Render(Constant(20, Mnist, j => 10 + j), 10, Mnist, InputNormalization.None(Mnist.Size), options: options, classNames: names);

        Assert.Equal(plain.Width, named.Width);
        Assert.Equal(plain.Height + 20, named.Height);
        Assert.Equal(plain.Pixels, named.Pixels[(20 * named.Width)..]);
        for (int c = 0; c < 10; c++)
        {
            int left = c * 57;
            int dark = 0;
            for (int y = 0; y < 20; y++)
            {
                for (int x = left; x < left + 56; x++)
                {
                    dark += named[x, y] < 128 ? 1 : 0;
                }
            }

            Assert.True(dark > 10, $"class {c} ({names[c]}): {dark} dark pixels in its header cell");
            Assert.Equal(255, named[left, 0]);   // white background at the corner
        }
    }

    [Fact]
    public void Render_WithClassNames_ThreeChannelsDrawsGreyText()
    {
        var shape = new ImageShape(3, 32, 32);
        RenderedImage grid = ImageGrid.Render(Constant(2, shape, _ => 0), 2, shape, InputNormalization.None(shape.Size),
            options: new ImageGridOptions { Scale = 2 }, classNames: ["airplane", "automobile"]);

        int header = Math.Max(14, (64 + 2) / 3);
        Assert.Equal(header + 64, grid.Height);
        bool anyDark = false;
        for (int y = 0; y < header; y++)
        {
            for (int x = 0; x < grid.Width; x++)
            {
                Assert.Equal(grid[x, y, 0], grid[x, y, 1]);
                Assert.Equal(grid[x, y, 0], grid[x, y, 2]);
                anyDark |= grid[x, y, 0] < 100;
            }
        }

        Assert.True(anyDark);
        Assert.Equal((0, 0, 0), (grid[5, header + 5, 0], grid[5, header + 5, 1], grid[5, header + 5, 2]));
    }

    [Fact]
    public void Header_TooLongNames_ShrinkThenGetCut()
    {
        using SKFont fits = GridHeader.Fit("cat", 14, 56, out string same);
        Assert.Equal("cat", same);
        Assert.Equal(14, fits.Size);

        using SKFont smaller = GridHeader.Fit("Ankle boot", 14, 56, out string shrunk);
        Assert.Equal("Ankle boot", shrunk);
        Assert.InRange(smaller.Size, GridHeader.MinimumFontSize, 13.99f);
        Assert.True(smaller.MeasureText(shrunk) <= 56);

        using SKFont cut = GridHeader.Fit("a very long class name that cannot fit", 14, 56, out string truncated);
        Assert.Equal(GridHeader.MinimumFontSize, cut.Size);
        Assert.EndsWith("…", truncated, StringComparison.Ordinal);
        Assert.StartsWith("a very", truncated, StringComparison.Ordinal);
        Assert.True(cut.MeasureText(truncated) <= 56);
    }

    [Fact]
    public void DistilledImages_TrySave_WritesALabelledGridThatDecodesToTheExpectedPixels()
    {
        using var dir = new TempDirectory();
        string path = dir.File("labelled.png");
        var set = new DistilledSet
        {
            Inputs = new Matrix(20, Mnist.Size, Constant(20, Mnist, j => 10 * j).SelectMany(v => v).ToArray()),
            Labels = new Matrix(20, 10),
            LambdaS = 0,
            FeatureMap = new IdentityFeatureMap(Mnist.Size),
            Normalization = InputNormalization.None(Mnist.Size),
            ImageShape = Mnist,
        };

        Assert.True(DistilledImages.TrySave(path, set, ClassNames.For("fashion-mnist", 10)));

        using SKBitmap png = SKBitmap.Decode(path);
        int header = Math.Max(14, (84 + 2) / 3);   // MNIST-sized images are drawn at scale 3 (tiles of at least 64 pixels)
        Assert.Equal((10 * 84) + (9 * 2), png.Width);   // gaps of 2 pixels
        Assert.Equal(header + (2 * 84) + 2 + (2 * 16) + 6, png.Height);   // and two caption lines below
        Assert.Equal(150, png.GetPixel((5 * 86) + 10, header + 86 + 10).Red);   // image 15 (row 1, column 5) is constant 150
        Assert.Equal(255, png.GetPixel(84, header + 10).Red);                  // the white gap after column 0
        int dark = 0;
        for (int y = 0; y < header; y++)
        {
            for (int x = 0; x < png.Width; x++)
            {
                dark += png.GetPixel(x, y).Red < 128 ? 1 : 0;
            }
        }

        Assert.True(dark > 100, $"only {dark} dark pixels in the header strip");
        var vectors = new DistilledSet
        {
            Inputs = set.Inputs,
            Labels = set.Labels,
            LambdaS = 0,
            FeatureMap = set.FeatureMap,
            Normalization = set.Normalization,
        };
        Assert.False(DistilledImages.TrySave(dir.File("none.png"), vectors, ClassNames.For("fashion-mnist", 10)));
        Assert.False(File.Exists(dir.File("none.png")));
    }

    [Fact]
    public void DistilledImages_DrawAtMostTenRowsPerClass_AndSaySoWithThePixelRange()
    {
        using var dir = new TempDirectory();
        var shape = new ImageShape(1, 4, 4);
        var random = new Random(3);
        double[] Pixels(int rows, double spread) => [.. Enumerable.Range(0, rows * 16).Select(_ => (random.NextDouble() - 0.25) * spread)];
        var set = new DistilledSet
        {
            Inputs = new Matrix(24, 16, Pixels(24, 2)), // 12 per class, model inputs pixel/255: some below 0 and above 1
            Labels = new Matrix(24, 2),
            LambdaS = 0,
            FeatureMap = new IdentityFeatureMap(16),
            Normalization = InputNormalization.Uniform(16, 0, 1, 255),
            ImageShape = shape,
            InitialInputs = new Matrix(24, 16, Pixels(24, 1)),
        };

        PixelRange range = PixelRange.Of(set)!;
        double[] pixels = [.. set.Inputs.Data.Select(v => v * 255)];
        Assert.Equal(pixels.Min(), range.Minimum, 9);
        Assert.Equal(pixels.Max(), range.Maximum, 9);
        Assert.Equal(pixels.Count(p => p is < 0 or > 255) / 384.0, range.FractionOutside);
        double distance = Enumerable.Range(0, 24).Average(i =>
        {
            double moved = 0, start = 0;
            for (int j = 0; j < 16; j++)
            {
                moved += Math.Pow(255 * (set.Inputs[i, j] - set.InitialInputs[i, j]), 2);
                start += Math.Pow(255 * set.InitialInputs[i, j], 2);
            }

            return Math.Sqrt(moved / start);
        });
        Assert.Equal(distance, range.DistanceToInitial!.Value, 9);

        IReadOnlyList<string> caption = DistilledImages.Caption(set, rows: 12, shown: 10);
        Assert.StartsWith("Top: the real images the set started from. Below: the first 10 of 12 distilled images per class, drawn as pixels clipped to 0–255; pixel values ", caption[0], StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"{100 * range.FractionOutside:F1} % outside 0–255"), caption[0], StringComparison.Ordinal);
        Assert.Contains("their starting images' norm away from them", caption[1], StringComparison.Ordinal);

        Assert.True(DistilledImages.TrySave(dir.File("grid.png"), set, ["a", "b"]));
        using SKBitmap png = SKBitmap.Decode(dir.File("grid.png"));
        int cell = 4 * 8, header = Math.Max(14, (cell + 2) / 3); // tiny images are upscaled 8× at most
        int grid = header + (10 * cell) + (9 * 2) + 8 + (10 * cell) + (9 * 2); // ten rows of starting images, ten distilled
        Assert.Equal(grid + (3 * 16) + 6, png.Height);
        Assert.Equal(520, png.Width); // widened for the caption
    }

    [Fact]
    public void Render_RejectsBadInputsWithClearMessages()
    {
        var normalization = InputNormalization.None(Mnist.Size);
        double[][] thirty = Constant(30, Mnist, _ => 0);

        AssertThrows("not a positive multiple of the 10 classes", () => ImageGrid.Render(Constant(25, Mnist, _ => 0), 10, Mnist, normalization));
        AssertThrows("not a positive multiple", () => ImageGrid.Render([], 10, Mnist, normalization));
        AssertThrows("initial has 7 images", () => ImageGrid.Render(thirty, 10, Mnist, normalization, Constant(7, Mnist, _ => 0)));
        AssertThrows("classes must be at least 1", () => ImageGrid.Render(thirty, 0, Mnist, normalization));

        double[][] wrongLength = Constant(10, Mnist, _ => 0);
        wrongLength[4] = new double[783];
        AssertThrows("distilled image 4 has 783 values", () => ImageGrid.Render(wrongLength, 10, Mnist, normalization));

        double[][] withNaN = Constant(10, Mnist, _ => 0);
        withNaN[2][5] = double.NaN;
        AssertThrows("distilled image 2 has the non-finite value NaN at feature 5", () => ImageGrid.Render(withNaN, 10, Mnist, normalization));

        AssertThrows("normalization has 100 features", () => ImageGrid.Render(thirty, 10, Mnist, InputNormalization.None(100)));
        var twoChannels = new ImageShape(2, 4, 4);
        AssertThrows("1 (grey) or 3 (RGB) channels", () => ImageGrid.Render([new double[32]], 1, twoChannels, InputNormalization.None(32)));
        AssertThrows("scale must be at least 1", () => ImageGrid.Render(thirty, 10, Mnist, normalization, options: new ImageGridOptions { Scale = 0 }));
        AssertThrows("gaps cannot be negative", () => ImageGrid.Render(thirty, 10, Mnist, normalization, options: new ImageGridOptions { Gap = -1 }));
        AssertThrows("3 class names were given for 10 classes", () => ImageGrid.Render(thirty, 10, Mnist, normalization, classNames: ["a", "b", "c"]));
        AssertThrows("header height must be at least 1", () => ImageGrid.Render(thirty, 10, Mnist, normalization, options: new ImageGridOptions { HeaderHeight = 0 }));
    }

    private static void AssertThrows(string messagePart, Action render)
    {
        var e = Assert.Throws<ArgumentException>(render);
        Assert.Contains(messagePart, e.Message, StringComparison.Ordinal);
    }

    private static double[][] Constant(int count, ImageShape shape, Func<int, double> value)
        => Enumerable.Range(0, count).Select(j => Enumerable.Repeat(value(j), shape.Size).ToArray()).ToArray();

    /// <summary>The model input of an image whose pixel at (channel c, position p) is pixel(c, p).</summary>
    private static double[] Normalize(ImageShape shape, InputNormalization normalization, Func<int, int, double> pixel)
    {
        int plane = shape.Height * shape.Width;
        var x = new double[shape.Size];
        for (int f = 0; f < x.Length; f++)
        {
            x[f] = ((pixel(f / plane, f % plane) / normalization.RawDivisor) - normalization.Mean[f]) / normalization.Std[f];
        }

        return x;
    }
}
