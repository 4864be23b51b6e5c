using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

public class KipCommandTests
{
    private static readonly string[] Small = ["kip", "--dataset", "fashion-mnist-sample", "--ipc", "2", "--steps", "5", "--batch", "500"];

    [Fact]
    public void KipWritesTheThreeArtefactsAndEvaluateReproducesTheAccuracy()
    {
        using var dir = new TempDirectory();
        string output = dir.File("kip.npz");
        CliRun run = CliRun.Of([.. Small, "--out", output]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("test accuracy: KIP set", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("extrapolated", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("kip: step 5/5", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["kip.metrics.json", "kip.npz", "kip.png"], dir.Entries());

        JsonElement metrics = JsonDocument.Parse(File.ReadAllText(dir.File("kip.metrics.json"))).RootElement;
        double accuracy = metrics.GetProperty("test_accuracy").GetDouble();
        Assert.InRange(accuracy, 0.1, 1.0);
        JsonElement evaluated = CliRun.Of("evaluate", "--distilled", output, "--dataset", "fashion-mnist-sample", "--json").Json();
        Assert.Equal(accuracy, evaluated.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(accuracy, evaluated.GetProperty("recorded_test_accuracy").GetDouble());

        // The artefact has the distill format, with the real start and the run's settings in meta_json.
        NpzArchive npz = NpzReader.Read(output);
        Assert.True(npz.ContainsKey("x_init"));
        JsonElement meta = evaluated.GetProperty("meta");
        Assert.Equal("kip", meta.GetProperty("method").GetString());
        Assert.Equal("fashion-mnist-sample", meta.GetProperty("dataset").GetString());
        Assert.Equal("fcnn", meta.GetProperty("features").GetString());
        Assert.Equal(2, meta.GetProperty("ipc").GetInt32());
        Assert.Equal(5, meta.GetProperty("steps").GetInt32());
        Assert.Equal(0.01, meta.GetProperty("learning_rate").GetDouble());
        Assert.Equal(500, meta.GetProperty("batch_size").GetInt32());
        Assert.Equal(0, meta.GetProperty("seed").GetInt32());
        Assert.False(string.IsNullOrEmpty(meta.GetProperty("tool_version").GetString()));
        Assert.Equal(accuracy, meta.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(metrics.GetProperty("real_start_test_accuracy").GetDouble(), meta.GetProperty("real_start_test_accuracy").GetDouble());
    }

    [Fact]
    public void ProgressShowsLossAndTestAccuracyEndingAtTheReportedAccuracy()
    {
        using var dir = new TempDirectory();
        CliRun run = CliRun.Of([.. Small, "--eval-every", "1", "--out", dir.File("k.npz"), "--json"]);
        double reported = run.Json().GetProperty("test_accuracy").GetDouble();
        string[] progress = run.Stderr.Split('\n').Where(l => l.StartsWith("kip: step", StringComparison.Ordinal) && l.Contains("test accuracy", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(progress);
        Assert.Contains("loss", progress[^1], StringComparison.Ordinal);
        Assert.Contains((100 * reported).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + " %", progress[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeEvalEveryIsRefused()
        => CliRun.Of([.. Small, "--eval-every", "-1"]).AssertBadInput("--eval-every");

    [Fact]
    public void JsonHasTheReportedFields()
    {
        using var dir = new TempDirectory();
        JsonElement json = CliRun.Of([.. Small, "--out", dir.File("k.npz"), "--json"]).Json();
        foreach (string key in new[]
        {
            "test_accuracy", "real_start_test_accuracy", "total_seconds", "setup_seconds", "seconds_per_step", "steps_run",
            "stopped_by_time_budget", "peak_memory_mb", "extrapolated_paper_seconds", "lambda_s", "timings_seconds",
        })
        {
            Assert.True(json.TryGetProperty(key, out _), $"missing {key}");
        }

        Assert.Equal(5, json.GetProperty("steps_run").GetInt32());
        Assert.False(json.GetProperty("stopped_by_time_budget").GetBoolean());
        Assert.Equal(20, json.GetProperty("m").GetInt32());
        Assert.Equal(3000, json.GetProperty("n_train").GetInt32());
        double expected = json.GetProperty("setup_seconds").GetDouble() + (30000 * json.GetProperty("seconds_per_step").GetDouble());
        Assert.Equal(expected, json.GetProperty("extrapolated_paper_seconds").GetDouble(), 0.1);
        Assert.Equal(["k.metrics.json", "k.npz", "k.png"], dir.Entries());
    }

    [Fact]
    public void ZeroTimeBudgetStopsBeforeTheFirstStepAndSaysSo()
    {
        using var dir = new TempDirectory();
        CliRun run = CliRun.Of([.. Small, "--time-budget", "0s", "--out", dir.File("k.npz")]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("0 of 5 (stopped by --time-budget 0s)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--time-budget 0s reached", run.Stderr, StringComparison.Ordinal);

        JsonElement json = CliRun.Of([.. Small, "--time-budget", "0s", "--out", dir.File("j.npz"), "--json"]).Json();
        Assert.True(json.GetProperty("stopped_by_time_budget").GetBoolean());
        Assert.Equal(0, json.GetProperty("steps_run").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("extrapolated_paper_seconds").ValueKind);
    }

    [Fact]
    public void TinyTimeBudgetStopsEarly()
    {
        using var dir = new TempDirectory();
        JsonElement json = CliRun.Of("kip", "--dataset", "fashion-mnist-sample", "--ipc", "2", "--steps", "1000000", "--batch", "500",
            "--time-budget", "200ms", "--out", dir.File("k.npz"), "--json").Json();
        Assert.True(json.GetProperty("stopped_by_time_budget").GetBoolean());
        Assert.InRange(json.GetProperty("steps_run").GetInt32(), 0, 999_999);
        Assert.Equal(0.2, json.GetProperty("time_budget_seconds").GetDouble());
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--lr", "0")]
    [InlineData("--lr", "-0.1")]
    [InlineData("--batch", "0")]
    [InlineData("--time-budget", "soon")]
    [InlineData("--time-budget", "-5s")]
    [InlineData("--ipc", "0")]
    public void BadOptionIsNamed(string option, string value)
    {
        using var dir = new TempDirectory();
        CliRun.Of("kip", "--dataset", "fashion-mnist-sample", option, value, "--out", dir.File("k.npz")).AssertBadInput(option);
        Assert.Empty(dir.Entries());
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    [InlineData("00:02:00", 120)]
    public void TimeBudgetParses(string text, double seconds)
    {
        using var dir = new TempDirectory();
        JsonElement json = CliRun.Of("kip", "--dataset", "fashion-mnist-sample", "--ipc", "1", "--steps", "1", "--batch", "100",
            "--time-budget", text, "--out", dir.File("k.npz"), "--json").Json();
        Assert.Equal(seconds, json.GetProperty("time_budget_seconds").GetDouble(), 9);
    }
}
