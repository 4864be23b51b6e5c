using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Reproduction;
using KrrDistill.Tests.Data;

namespace KrrDistill.Tests.Reproduction;

/// <summary>The Markdown and JSON renderers on hand-made results (no computation).</summary>
public class ReproductionReportTests
{
    private static readonly MachineInfo Machine = new("Test CPU", 2, "managed", 1, "TestOS", ".NET test");

    [Fact]
    public void Table3PutsThePapersNumbersBesideOursAndDashesWhereItHasNone()
    {
        ReproductionResult result = Result(3, table3:
        [
            Cell3("mnist", "fcnn", 50, 0.9376, 0.9375),
            Cell3("fashion-mnist", "identity", 1, 0.8108, 0.8108),
        ]);
        string md = ReproductionReport.ToMarkdown(result);
        Assert.StartsWith("# Reproduction of Table 3", md, StringComparison.Ordinal);
        Assert.Contains("**Machine:** Test CPU, 2 cores; backend managed (1 threads); TestOS; .NET test; 2025-01-02 03:04 UTC.", md, StringComparison.Ordinal);
        Assert.Contains("| MNIST | FCNN | 50 | 93.76 | 93.75 | 93.89 | 93.85 | 50.00 | 1.0E-10 | 2.50 | 300 |", md, StringComparison.Ordinal);
        Assert.Contains("| Fashion-MNIST | Linear | 1 | 81.08 | 81.08 | — | — |", md, StringComparison.Ordinal);
        Assert.Contains("### What was measured", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## Table 4", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Table4ShowsMeanStdExtrapolationAndThePapersRow()
    {
        var cell = new Table4Cell
        {
            Dataset = "mnist",
            ImagesPerClass = 10,
            Runs = [Run4(0, 0.93, 2.0, 0.90, 0.1), Run4(1, 0.95, 4.0, 0.92, 0.1)],
        };
        Assert.Equal(0.94, cell.OursAccuracyMean, 12);
        Assert.Equal(0.01, cell.OursAccuracyStd, 12);
        Assert.Equal(1.0 + (30000 * 0.1), cell.KipExtrapolatedSecondsMean, 9);
        Assert.Equal(3001.0 / 3.0, cell.SpeedRatio, 9);

        string md = ReproductionReport.ToMarkdown(Result(4, table4: [cell]));
        Assert.Contains("| MNIST | 10 | 94.00±1.00 | 3.00 | 91.00±1.00 | 23.5 | 0.1000 | 3001 | 1000.3× | 93.75±0.10 | 554 | 93.69±0.17 | 16 | 34.6× |", md, StringComparison.Ordinal);
        Assert.Contains("**Extrapolated**", md, StringComparison.Ordinal);
        Assert.Contains("KIP acc (%) @ 200 steps", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Table4MarksThePapersEstimateAndASingleSeedHasNoStd()
    {
        var cell = new Table4Cell { Dataset = "cifar100", ImagesPerClass = 50, Runs = [Run4(0, 0.2158, 25, 0.2, 0.5)] };
        string md = ReproductionReport.ToMarkdown(Result(4, table4: [cell]));
        Assert.Contains("| CIFAR-100 | 50 | 21.58 | 25.00 | 20.00 |", md, StringComparison.Ordinal);
        Assert.Contains("| — | ~396000 (est.) | 21.58±0.13 | 25 | ~15840.0× |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveWritesEverythingAndLinksOnlyTheGridsWritten()
    {
        using var dir = new TempDirectory();
        var images = new DistilledSet
        {
            Inputs = new Matrix(2, 4),
            Labels = new Matrix(2, 2),
            LambdaS = 0,
            FeatureMap = new IdentityFeatureMap(4),
            Normalization = InputNormalization.None(4),
            ImageShape = new ImageShape(1, 2, 2),
        };
        var noImages = new DistilledSet
        {
            Inputs = new Matrix(2, 4),
            Labels = new Matrix(2, 2),
            LambdaS = 0,
            FeatureMap = new IdentityFeatureMap(4),
            Normalization = InputNormalization.None(4),
        };
        ReproductionResult result = Result(3, table3: [Cell3("mnist", "fcnn", 10, 0.9, 0.9)],
            grids: [new GridImage("a.png", "grid a", images, ["0", "1"]), new GridImage("b.png", "grid b", noImages, ["0", "1"])]);
        string outDir = Path.Combine(dir.Path, "new", "dir");
        IReadOnlyList<string> written = ReproductionReport.Save(result, outDir);

        Assert.Equal(["report.md", "report.json", "a.png"], written.Select(Path.GetFileName));
        Assert.Equal(["a.png", "report.json", "report.md"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        string md = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("- [grid a](a.png)", md, StringComparison.Ordinal);
        Assert.DoesNotContain("b.png", md, StringComparison.Ordinal);
        JsonElement json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement;
        Assert.Equal("a.png", Assert.Single(json.GetProperty("grids").EnumerateArray()).GetProperty("file").GetString());
        JsonElement cell = Assert.Single(json.GetProperty("table3").EnumerateArray());
        Assert.Equal(93.89, cell.GetProperty("paper_original_percent").GetDouble());
        Assert.Equal(93.89, cell.GetProperty("paper_distilled_percent").GetDouble());
        Assert.Equal("Test CPU", json.GetProperty("machine").GetProperty("processor").GetString());
    }

    private static ReproductionResult Result(int table, IReadOnlyList<Table3Cell>? table3 = null, IReadOnlyList<Table4Cell>? table4 = null, IReadOnlyList<GridImage>? grids = null) => new()
    {
        Options = new ReproductionOptions { Table = table, Datasets = ["mnist"] },
        Machine = Machine,
        StartedUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        TotalSeconds = 12.5,
        PeakMemoryPerRun = true,
        Datasets = [new DatasetSummary("mnist", 60000, 10000, 784, 10, 0.2)],
        Table3 = table3 ?? [],
        Table4 = table4 ?? [],
        Grids = grids ?? [],
    };

    private static Table3Cell Cell3(string dataset, string features, int ipc, double original, double distilled) => new()
    {
        Dataset = dataset,
        Features = features,
        ImagesPerClass = ipc,
        Lambda = 1e-6,
        OriginalAccuracy = original,
        DistilledAccuracy = distilled,
        RandomSubsetAccuracy = 0.5,
        ErrorBeforeInversion = 1e-12,
        ErrorAfterInversion = 1e-10,
        Seconds = 2.5,
        PeakMemoryMegabytes = 300,
    };

    private static Table4Run Run4(int seed, double ours, double oursSeconds, double kip, double secondsPerStep) => new()
    {
        Seed = seed,
        OursAccuracy = ours,
        OursError = 1e-10,
        OursSeconds = oursSeconds,
        KipAccuracy = kip,
        KipSteps = 200,
        KipSeconds = 1.0 + (200 * secondsPerStep) + 3.0 - seed,
        KipSetupSeconds = 1.0,
        KipSecondsPerStep = secondsPerStep,
        KipExtrapolatedSeconds = 1.0 + (30000 * secondsPerStep),
        PeakMemoryMegabytes = 300,
    };
}
