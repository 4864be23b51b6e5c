using System.Text.Json;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

public class ReproduceCommandTests
{
    [Fact]
    public void Table3OnTheSampleWritesReportJsonAndGrid()
    {
        using var dir = new TempDirectory();
        string outDir = dir.File("report");
        CliRun run = CliRun.Of("reproduce", "--table", "3", "--datasets", "fashion-mnist-sample", "--out-dir", outDir, "--json");
        JsonElement json = run.Json();

        // One progress line per cell (9 = 3 feature maps × 3 IPCs), plus one for loading the data set.
        Assert.Equal(9, run.Stderr.Split('\n').Count(l => l.StartsWith('[') && l.Contains("IPC", StringComparison.Ordinal)));
        Assert.Contains("[9/9] fashion-mnist-sample rff IPC 50", run.Stderr, StringComparison.Ordinal);

        Assert.Equal(["fashion-mnist-sample-fcnn-ipc10.png", "report.json", "report.md"], Entries(outDir));
        JsonElement fromFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement;
        Assert.Equal(3, fromFile.GetProperty("table").GetInt32());
        JsonElement[] cells = [.. json.GetProperty("table3").EnumerateArray()];
        Assert.Equal(9, cells.Length);
        Assert.Equal(["identity", "fcnn", "rff"], cells.Select(c => c.GetProperty("features").GetString()).Distinct());
        Assert.Equal([1, 10, 50], cells.Take(3).Select(c => c.GetProperty("ipc").GetInt32()));
        foreach (JsonElement cell in cells)
        {
            Assert.Equal(cell.GetProperty("original_test_accuracy").GetDouble(), cell.GetProperty("distilled_test_accuracy").GetDouble());
            Assert.True(cell.GetProperty("relative_error_after_inversion").GetDouble() <= 1e-8);
            Assert.True(cell.GetProperty("seconds").GetDouble() > 0);
            Assert.True(cell.GetProperty("peak_memory_mb").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("paper_distilled_percent").ValueKind);
        }

        string markdown = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("| Data set | Features | IPC | Original (ours) | Distilled (ours) | Original (paper) | Distilled (paper) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Fashion-MNIST (sample) | FCNN | 10 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| — | — |", markdown, StringComparison.Ordinal);
        Assert.Contains("**Machine:**", markdown, StringComparison.Ordinal);
        Assert.Contains("](fashion-mnist-sample-fcnn-ipc10.png)", markdown, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(outDir, "fashion-mnist-sample-fcnn-ipc10.png")).Length > 100);
    }

    [Fact]
    public void Table4OnTheSampleComparesWithKipAndExtrapolates()
    {
        using var dir = new TempDirectory();
        string outDir = dir.File("t4");
        CliRun run = CliRun.Of("reproduce", "--table", "4", "--datasets", "fashion-mnist-sample", "--kip-steps", "3", "--seeds", "0", "--out-dir", outDir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("[3/3] fashion-mnist-sample IPC 50 seed 0", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("## Table 4", run.Stdout, StringComparison.Ordinal);

        Assert.Equal(["fashion-mnist-sample-kip-ipc10-seed0.png", "fashion-mnist-sample-ours-ipc10-seed0.png", "report.json", "report.md"], Entries(outDir));
        JsonElement json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement;
        Assert.Equal(3, json.GetProperty("kip_steps").GetInt32());
        JsonElement[] cells = [.. json.GetProperty("table4").EnumerateArray()];
        Assert.Equal([1, 10, 50], cells.Select(c => c.GetProperty("ipc").GetInt32()));
        foreach (JsonElement cell in cells)
        {
            JsonElement r = Assert.Single(cell.GetProperty("runs").EnumerateArray());
            Assert.Equal(0, r.GetProperty("seed").GetInt32());
            Assert.Equal(3, r.GetProperty("kip_steps").GetInt32());
            double expected = r.GetProperty("kip_setup_seconds").GetDouble() + (30000 * r.GetProperty("kip_seconds_per_step").GetDouble());
            Assert.Equal(expected, r.GetProperty("kip_paper_steps_seconds_extrapolated").GetDouble(), 1e-9);
            double ratio = cell.GetProperty("kip_paper_steps_seconds_extrapolated").GetDouble() / cell.GetProperty("ours_seconds_mean").GetDouble();
            Assert.Equal(ratio, cell.GetProperty("speed_ratio_extrapolated").GetDouble(), 1e-9);
            Assert.InRange(r.GetProperty("kip_accuracy").GetDouble(), 0.1, 1.0);
            Assert.InRange(r.GetProperty("ours_accuracy").GetDouble(), 0.5, 1.0);
            Assert.Equal(0, cell.GetProperty("ours_accuracy_std").GetDouble());
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("paper").ValueKind);
        }

        string markdown = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("| Data set | IPC | Ours acc (%) | Ours time (s) | KIP acc (%) @ 3 steps |", markdown, StringComparison.Ordinal);
        Assert.Contains("KIP 30000 steps (s), extrapolated", markdown, StringComparison.Ordinal);
        Assert.Contains("Paper: KIP acc (%) | Paper: KIP cost (s) | Paper: ours acc (%) | Paper: ours cost (s) | Paper: speedup |", markdown, StringComparison.Ordinal);
        Assert.Contains("### Measured vs extrapolated", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TableOtherThan3Or4() => CliRun.Of("reproduce", "--table", "5", "--datasets", "fashion-mnist-sample").AssertBadInput("--table");

    [Fact]
    public void TableNotANumber() => CliRun.Of("reproduce", "--table", "three").AssertBadInput("--table");

    [Fact]
    public void UnknownDataSet() => CliRun.Of("reproduce", "--table", "3", "--datasets", "mnist,imagenet").AssertBadInput("--datasets: unknown data set 'imagenet'");

    [Fact]
    public void RepeatedDataSet() => CliRun.Of("reproduce", "--table", "3", "--datasets", "fashion-mnist-sample,fashion-mnist-sample").AssertBadInput("--datasets");

    [Fact]
    public void ZeroKipSteps() => CliRun.Of("reproduce", "--table", "4", "--datasets", "fashion-mnist-sample", "--kip-steps", "0").AssertBadInput("--kip-steps");

    [Theory]
    [InlineData("a")]
    [InlineData("0,,1")]
    [InlineData("-1")]
    [InlineData("0,0")]
    public void BadSeeds(string seeds) => CliRun.Of("reproduce", "--table", "4", "--datasets", "fashion-mnist-sample", "--seeds", seeds).AssertBadInput("--seeds");

    [Fact]
    public void MissingCifarNamesTheDataSetBeforeAnyWork()
    {
        using var dir = new TempDirectory();
        string outDir = dir.File("out");
        CliRun run = CliRun.Of("reproduce", "--table", "3", "--datasets", "fashion-mnist-sample,cifar10", "--data-dir", dir.Path, "--out-dir", outDir);
        run.AssertBadInput("data set 'cifar10' not found");
        Assert.DoesNotContain("[1/", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void OutDirThatIsAFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("f"), "x");
        CliRun.Of("reproduce", "--table", "3", "--datasets", "fashion-mnist-sample", "--out-dir", dir.File("f")).AssertBadInput("--out-dir");
    }

    private static string[] Entries(string directory)
        => Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
}
