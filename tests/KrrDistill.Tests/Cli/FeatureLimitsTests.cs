using System.Text.Json;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// rff features wider than the input (p = 1000 &gt; d = 784) can be fit, summed and evaluated; only a distillation that
/// must construct inputs from target features (noise or real init) needs p ≤ d, and it says why.
/// </summary>
public class FeatureLimitsTests
{
    private static readonly string[] WideRff = ["--dataset", "fashion-mnist-sample", "--features", "rff", "--width", "1000"];

    [Fact]
    public void FitAndStatsAcceptRffWiderThanTheInput()
    {
        using var dir = new TempDirectory();
        JsonElement fit = CliRun.Of(["fit", .. WideRff, "--json"]).Json();
        Assert.Equal(1000, fit.GetProperty("width").GetInt32());
        Assert.InRange(fit.GetProperty("test_accuracy").GetDouble(), 0.5, 1.0);
        CliRun stats = CliRun.Of(["stats", .. WideRff, "--out", Path.Combine(dir.Path, "s.npz")]);
        Assert.Equal(0, stats.ExitCode);
    }

    [Fact]
    public void DistillRefusesItNamingTheWidthAndTheWayOut()
    {
        CliRun run = CliRun.Of(["distill", .. WideRff, "--out", "unused.npz"]);
        run.AssertBadInput("--width");
        Assert.Contains("not surjective", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--labels fit", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelDistillationOfWideRffRecoversTheModelAndEvaluates()
    {
        using var dir = new TempDirectory();
        string set = Path.Combine(dir.Path, "wide.npz");
        JsonElement distilled = CliRun.Of(["distill", .. WideRff, "--labels", "fit", "--ipc", "100", "--out", set, "--json"]).Json();
        Assert.True(distilled.GetProperty("relative_error_after_inversion").GetDouble() < 1e-6);
        JsonElement evaluated = CliRun.Of("evaluate", "--distilled", set, "--dataset", "fashion-mnist-sample", "--json").Json();
        Assert.Equal(distilled.GetProperty("distilled_test_accuracy").GetDouble(), evaluated.GetProperty("test_accuracy").GetDouble(), 6);
    }
}
