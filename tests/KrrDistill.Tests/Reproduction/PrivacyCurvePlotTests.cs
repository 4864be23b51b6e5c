using KrrDistill.Reproduction;
using SkiaSharp;

namespace KrrDistill.Tests.Reproduction;

/// <summary>The privacy curve's PNG (ScottPlot), rendered from a made-up result shaped like the MNIST one.</summary>
public sealed class PrivacyCurvePlotTests
{
    private static readonly double[] Epsilons = [0.5, 1, 2, 4, 8];

    [Fact]
    public void RenderPlot_DrawsTitleSeriesAndReferenceLinesIntoA1000By620Png()
    {
        byte[] png = PrivacyCurveReport.RenderPlot(Result());

        using SKBitmap image = SKBitmap.Decode(png);
        Assert.NotNull(image);
        Assert.Equal((1000, 620), (image.Width, image.Height));
        Assert.Equal(SKColors.White, image.GetPixel(2, 2));

        // The title (text from the embedded font) darkens the middle of the top band.
        Assert.True(Count(image, 300, 0, 700, 40, c => c.Red < 100 && c.Green < 100 && c.Blue < 100) > 100, "no title text");

        // Every series has its own Category10 colour; the reference lines reuse their feature map's colour.
        SKColor blue = new(31, 119, 180), orange = new(255, 127, 14), green = new(44, 160, 44);
        Assert.True(Count(image, 0, 0, 1000, 620, c => Near(c, blue)) > 400, "no blue series");
        Assert.True(Count(image, 0, 0, 1000, 620, c => Near(c, orange)) > 400, "no orange series");
        Assert.True(Count(image, 0, 0, 1000, 620, c => Near(c, green)) > 400, "no green series");
    }

    [Fact]
    public void Save_WritesThePlotBesideTheReports()
    {
        using var dir = new Data.TempDirectory();
        IReadOnlyList<string> written = PrivacyCurveReport.Save(Result(), dir.File("out"));

        using SKBitmap image = SKBitmap.Decode(written[2]);
        Assert.Equal("privacy-curve.png", Path.GetFileName(written[2]));
        Assert.Equal((1000, 620), (image.Width, image.Height));
    }

    private static bool Near(SKColor c, SKColor target)
        => Math.Abs(c.Red - target.Red) <= 8 && Math.Abs(c.Green - target.Green) <= 8 && Math.Abs(c.Blue - target.Blue) <= 8;

    private static int Count(SKBitmap image, int left, int top, int right, int bottom, Func<SKColor, bool> match)
    {
        int n = 0;
        for (int y = top; y < bottom; y++)
        {
            for (int x = left; x < right; x++)
            {
                n += match(image.GetPixel(x, y)) ? 1 : 0;
            }
        }

        return n;
    }

    private static PrivacyCurveResult Result() => new()
    {
        Options = new PrivacyCurveOptions(),
        Dataset = new DatasetSummary("mnist", 60000, 10000, 784, 10, 0.2),
        Epsilons = Epsilons,
        SplitSeed = 0,
        PrivateCount = 57000,
        PublicValidationCount = 3000,
        Machine = new MachineInfo("Test CPU", 2, "managed", 1, "TestOS", ".NET test"),
        StartedUtc = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        TotalSeconds = 1,
        ReferenceSeconds = 0.1,
        PrepareSeconds = 0.1,
        ReleaseSeconds = 0.5,
        ReleaseCount = 45,
        References = [new PrivacyCurveReference("identity", 3162, 0.8639, 57000, 3000, 0.1), new PrivacyCurveReference("fcnn", 1000, 0.937, 57000, 3000, 0.1)],
        Columns =
        [
            Column("identity", PrivacyCurveConfiguration.DpFeatureClip, [0.855, 0.862, 0.865, 0.8677, 0.8678]),
            Column("fcnn", PrivacyCurveConfiguration.DpFeatureClip, [0.861, 0.876, 0.891, 0.904, 0.914]),
            Column("fcnn", PrivacyCurveConfiguration.DpInputClip, [0.78, 0.818, 0.845, 0.863, 0.875]),
        ],
    };

    private static PrivacyCurveColumn Column(string features, PrivacyCurveConfiguration configuration, double[] accuracy) => new()
    {
        Features = features,
        Configuration = configuration,
        Bound = null,
        PrivateCount = 57000,
        PublicValidationCount = 3000,
        PrepareSeconds = 0.1,
        Cells = [.. accuracy.Select((a, i) => new PrivacyCurveCell
        {
            Epsilon = Epsilons[i],
            Runs = [Run(0, a - 0.003), Run(1, a), Run(2, a + 0.003)],
        })],
    };

    private static PrivacyCurveRun Run(int seed, double accuracy) => new()
    {
        NoiseSeed = seed,
        Sigma = 1,
        Sensitivity = 2,
        ReferenceSigma = null,
        Sigma0 = null,
        SmallestSingularValue = null,
        Lambda = 100,
        LambdaS = 100,
        NegativeEigenvalues = 0,
        ModelTestAccuracy = accuracy,
        DistilledTestAccuracy = accuracy,
        RelativeError = 1e-12,
        Seconds = 0.01,
    };
}
