using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Reproduction;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.Distillation;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Reproduction;

/// <summary><c>reproduce --privacy</c>: the accuracy-vs-ε curve of the private modes, its reports and its CLI.</summary>
public class PrivacyCurveTests
{
    private static readonly PrivacyCurveOptions Small = new()
    {
        Features = ["identity", "fcnn"],
        Epsilons = [4, 0.5],
        NoiseSeeds = [0, 1],
        ImagesPerClass = 10,
    };

    [Fact]
    public void SmallCurveHasEveryCellAndWritesItsReports()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 400, d: 12, k: 3, seed: 5);
        var progress = new List<ReproductionProgress>();
        PrivacyCurveResult result = PrivacyCurveRunner.Run(data, "blobs", Small, new ListProgress(progress));

        Assert.Equal([0.5, 4.0], result.Epsilons);
        Assert.Equal(380, result.PrivateCount);
        Assert.Equal(20, result.PublicValidationCount);
        Assert.Equal(["identity", "fcnn"], result.References.Select(r => r.Features));
        Assert.All(result.References, r => Assert.InRange(r.TestAccuracy, 0.0, 1.0));

        // identity: dp with feature clip; fcnn: feature and input clip; then row-dp per map (ε = 0.5 only).
        Assert.Equal(
            [("identity", PrivacyCurveConfiguration.DpFeatureClip), ("fcnn", PrivacyCurveConfiguration.DpFeatureClip), ("fcnn", PrivacyCurveConfiguration.DpInputClip),
                ("identity", PrivacyCurveConfiguration.RowDp), ("fcnn", PrivacyCurveConfiguration.RowDp)],
            result.Columns.Select(c => (c.Features, c.Configuration)));
        foreach (PrivacyCurveColumn column in result.Columns.Where(c => c.Configuration != PrivacyCurveConfiguration.RowDp))
        {
            Assert.Equal([0.5, 4.0], column.Cells.Select(c => c.Epsilon));
            Assert.Equal(1.0, column.Bound!.Bound);
            foreach (PrivacyCurveCell cell in column.Cells)
            {
                Assert.True(cell.Ran, cell.Failure);
                Assert.Equal([0, 1], cell.Runs.Select(r => r.NoiseSeed));
                Assert.All(cell.Runs, r =>
                {
                    Assert.InRange(r.DistilledTestAccuracy, 0.0, 1.0);
                    Assert.InRange(r.ModelTestAccuracy, 0.0, 1.0);
                    Assert.True(r.Lambda > 0);
                    Assert.Equal(cell.Runs[0].Sigma, r.Sigma);
                });
                Assert.True(cell.DistilledAccuracyStd >= 0);
                Assert.True(cell.ModelAccuracyStd >= 0);
                Assert.True(cell.MaxRelativeError < 1e-6, $"{column.Label} ε = {cell.Epsilon}: error {cell.MaxRelativeError}");
            }

            Assert.True(column.Cells[0].Sigma > column.Cells[1].Sigma, $"{column.Label}: σ must decrease with ε");
            Assert.True(column.Cells[0].Runs[0].ReferenceSigma > column.Cells[0].Sigma);
        }

        foreach (PrivacyCurveColumn column in result.Columns.Where(c => c.Configuration == PrivacyCurveConfiguration.RowDp))
        {
            PrivacyCurveCell cell = Assert.Single(column.Cells);
            Assert.Equal(0.5, cell.Epsilon);
            Assert.True(cell.Ran || !string.IsNullOrWhiteSpace(cell.Failure));
            if (cell.Ran)
            {
                Assert.Equal(400, column.PrivateCount);
                Assert.All(cell.Runs, r => Assert.Equal(0.0, r.Lambda));
                Assert.NotNull(cell.Runs[0].Sigma0);
            }
        }

        Assert.Equal(2 + 5 + 3, progress.Max(p => p.Done));
        Assert.All(progress, p => Assert.Equal(10, p.Total));

        using var dir = new TempDirectory();
        string outDir = dir.File("curve");
        IReadOnlyList<string> written = PrivacyCurveReport.Save(result, outDir);
        Assert.Equal([Path.Combine(outDir, "report.md"), Path.Combine(outDir, "report.json"), Path.Combine(outDir, "privacy-curve.png")], written);
        Assert.Equal(["privacy-curve.png", "report.json", "report.md"], Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        byte[] png = File.ReadAllBytes(written[2]);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);

        JsonElement json = JsonDocument.Parse(File.ReadAllText(written[1])).RootElement;
        Assert.True(json.GetProperty("privacy").GetBoolean());
        Assert.True(json.GetProperty("noise_seeded_for_reproducibility_only").GetBoolean());
        Assert.Equal(1e-5, json.GetProperty("delta").GetDouble());
        JsonElement[] columns = [.. json.GetProperty("columns").EnumerateArray()];
        Assert.Equal(result.Columns.Count, columns.Length);
        Assert.Equal("dp-input-clip", columns[2].GetProperty("configuration").GetString());
        Assert.Equal("input", columns[2].GetProperty("clip_space").GetString());
        for (int c = 0; c < columns.Length; c++)
        {
            JsonElement[] cells = [.. columns[c].GetProperty("cells").EnumerateArray()];
            Assert.Equal(result.Columns[c].Cells.Count, cells.Length);
            for (int e = 0; e < cells.Length; e++)
            {
                PrivacyCurveCell cell = result.Columns[c].Cells[e];
                Assert.Equal(cell.Epsilon, cells[e].GetProperty("epsilon").GetDouble());
                if (cell.Ran)
                {
                    Assert.Equal(cell.DistilledAccuracyMean, cells[e].GetProperty("distilled_test_accuracy_mean").GetDouble(), 1e-12);
                    Assert.Equal(cell.DistilledAccuracyStd, cells[e].GetProperty("distilled_test_accuracy_std").GetDouble(), 1e-12);
                    Assert.Equal(cell.Sigma, cells[e].GetProperty("sigma").GetDouble(), 1e-12);
                    Assert.Equal(cell.Runs.Count, cells[e].GetProperty("runs").GetArrayLength());
                }
                else
                {
                    Assert.Equal(cell.Failure, cells[e].GetProperty("failure").GetString());
                }
            }
        }

        string markdown = File.ReadAllText(written[0]);
        Assert.Contains("| ε | identity: dp, feature clip | fcnn: dp, feature clip | fcnn: dp, input clip (derived bound) |", markdown, StringComparison.Ordinal);
        Assert.Contains("\n| 0.5 | ", markdown, StringComparison.Ordinal);
        Assert.Contains("\n| 4 | ", markdown, StringComparison.Ordinal);
        Assert.Contains("| non-private (λ on validation) |", markdown, StringComparison.Ordinal);
        Assert.Contains(" ± ", markdown, StringComparison.Ordinal);
        Assert.Contains("only to make this experiment reproducible", markdown, StringComparison.Ordinal);
        Assert.Contains("docs/privacy.md", markdown, StringComparison.Ordinal);
        Assert.Contains("- identity, ε = 0.5: ", markdown, StringComparison.Ordinal);
        Assert.Contains("- fcnn, ε = 0.5: ", markdown, StringComparison.Ordinal);
        Assert.Contains("](privacy-curve.png)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void SameSeedsGiveTheSameCurve()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 300, d: 8, k: 2, seed: 9);
        PrivacyCurveOptions options = Small with { Features = ["identity"], Epsilons = [1], NoiseSeeds = [3] };
        PrivacyCurveResult first = PrivacyCurveRunner.Run(data, "blobs", options);
        PrivacyCurveResult second = PrivacyCurveRunner.Run(data, "blobs", options);
        PrivacyCurveRun a = Assert.Single(Assert.Single(first.Columns).Cells).Runs[0];
        PrivacyCurveRun b = Assert.Single(Assert.Single(second.Columns).Cells).Runs[0];
        Assert.Equal(a with { Seconds = 0 }, b with { Seconds = 0 });
        Assert.Contains("No ε below 1 was asked for", PrivacyCurveReport.ToMarkdown(first), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--epsilons", "0,1")]
    [InlineData("--epsilons", "1,1")]
    [InlineData("--delta", "1")]
    [InlineData("--ipc", "0")]
    [InlineData("--noise-seeds", "0,0")]
    [InlineData("--features", "identity,rbf")]
    public void BadPrivacyOptionIsNamed(string option, string value)
    {
        using var dir = new TempDirectory();
        string outDir = dir.File("out");
        CliRun.Of("reproduce", "--privacy", option, value, "--out-dir", outDir).AssertBadInput(option);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void NeitherTableNorPrivacy() => CliRun.Of("reproduce", "--datasets", "fashion-mnist-sample").AssertBadInput("give --table 3, --table 4 or --privacy");

    [Fact]
    public void BothTableAndPrivacy() => CliRun.Of("reproduce", "--table", "3", "--privacy").AssertBadInput("give either --table or --privacy, not both");

    [Fact]
    public void PrivacyOptionWithTable() => CliRun.Of("reproduce", "--table", "3", "--epsilons", "1").AssertBadInput("--epsilons applies to --privacy only");

    [Fact]
    public void TableOptionWithPrivacy() => CliRun.Of("reproduce", "--privacy", "--kip-steps", "3").AssertBadInput("--kip-steps applies to --table 4 only");

    [Fact]
    public void PrivacyTakesOneDataSet() => CliRun.Of("reproduce", "--privacy", "--datasets", "mnist,fashion-mnist").AssertBadInput("--privacy runs on one data set");

    [Fact]
    public void PrivacyCurveOnTheSampleThroughTheCli()
    {
        using var dir = new TempDirectory();
        string outDir = dir.File("curve");
        CliRun run = CliRun.Of("reproduce", "--privacy", "--datasets", "fashion-mnist-sample", "--features", "identity", "--epsilons", "2", "--noise-seeds", "0",
            "--ipc", "1", "--out-dir", outDir, "--json");
        JsonElement json = run.Json();
        Assert.Contains("[2/2] identity: dp, feature clip ε = 2", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("fashion-mnist-sample", json.GetProperty("dataset").GetString());
        JsonElement cell = Assert.Single(Assert.Single(json.GetProperty("columns").EnumerateArray()).GetProperty("cells").EnumerateArray());
        Assert.InRange(cell.GetProperty("distilled_test_accuracy_mean").GetDouble(), 0.3, 1.0);
        Assert.True(File.Exists(Path.Combine(outDir, "privacy-curve.png")));
        Assert.True(File.Exists(Path.Combine(outDir, "report.md")));
    }

    [Fact]
    public void MnistIdentityCurveKeepsMostOfTheAccuracy()
    {
        RepositoryPaths.RequireMnist();
        var options = new PrivacyCurveOptions { Features = ["identity"], Epsilons = [1, 8], NoiseSeeds = [0] };
        PrivacyCurveResult result = PrivacyCurveRunner.Run(options);
        PrivacyCurveColumn column = Assert.Single(result.Columns);
        Assert.Equal(57000, column.PrivateCount);
        double atOne = column.Cells[0].DistilledAccuracyMean, atEight = column.Cells[1].DistilledAccuracyMean;
        Assert.True(atEight >= 0.85, $"ε = 8: {atEight}");
        Assert.True(atOne >= 0.80, $"ε = 1: {atOne}");
    }

    private sealed class ListProgress(List<ReproductionProgress> list) : IProgress<ReproductionProgress>
    {
        public void Report(ReproductionProgress value) => list.Add(value);
    }
}
