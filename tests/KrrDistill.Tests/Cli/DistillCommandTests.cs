using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

public class DistillCommandTests
{
    [Theory]
    [InlineData("fcnn", "noise")]
    [InlineData("rff", "real")]
    [InlineData("identity", "real")]
    public void DistillWritesTheThreeArtefactsAndRecoversTheModel(string features, string init)
    {
        using var dir = new TempDirectory();
        string output = dir.File("set.npz");
        JsonElement json = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", features, "--ipc", "2", "--init", init, "--out", output, "--json").Json();
        Assert.True(json.GetProperty("relative_error_after_inversion").GetDouble() <= 1e-8);
        Assert.Equal(json.GetProperty("original_test_accuracy").GetDouble(), json.GetProperty("distilled_test_accuracy").GetDouble());
        Assert.Equal(20, json.GetProperty("m").GetInt32());
        Assert.Equal(["set.metrics.json", "set.npz", "set.png"], dir.Entries());

        // The metrics file holds the same JSON; evaluate retrains on the artefact and gets the same accuracy.
        JsonElement metrics = JsonDocument.Parse(File.ReadAllText(dir.File("set.metrics.json"))).RootElement;
        Assert.Equal(json.GetProperty("distilled_test_accuracy").GetDouble(), metrics.GetProperty("distilled_test_accuracy").GetDouble());
        JsonElement evaluated = CliRun.Of("evaluate", "--distilled", output, "--dataset", "fashion-mnist-sample", "--json").Json();
        Assert.Equal(json.GetProperty("distilled_test_accuracy").GetDouble(), evaluated.GetProperty("test_accuracy").GetDouble());
        NpzArchive npz = NpzReader.Read(output);
        Assert.Equal(init == "real", npz.ContainsKey("x_init"));
    }

    [Fact]
    public void PositiveLambdaSAboveTheCapIsCappedAndReported()
    {
        using var dir = new TempDirectory();
        JsonElement json = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "2", "--lambda-s", "1e9", "--out", dir.File("d.npz"), "--json").Json();
        Assert.True(json.GetProperty("lambda_s_capped").GetBoolean());
        Assert.True(json.GetProperty("lambda_s").GetDouble() < 1e9);
        Assert.True(json.GetProperty("relative_error_after_inversion").GetDouble() <= 1e-8);
    }

    [Fact]
    public void ZeroImagesPerClassCitesTheorem41() => CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--ipc", "0").AssertBadInput("Theorem 4.1");

    [Fact]
    public void NegativeLambdaS() => CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--lambda-s", "-1").AssertBadInput("--lambda-s");

    [Fact]
    public void NonSurjectiveWidthOffersLabelFit()
    {
        using var dir = new TempDirectory();
        CliRun run = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--width", "1000", "--out", dir.File("d.npz"));
        run.AssertBadInput("label distillation (--labels fit)");
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void LabelFitWithTooFewPointsNamesTheNeededIpc()
        => CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--labels", "fit", "--ipc", "10").AssertBadInput("--ipc must be at least 79");

    [Fact]
    public void IpcLargerThanAClassIsRefused()
        => CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--init", "real", "--ipc", "2000").AssertBadInput("--ipc 2000");

    [Fact]
    public void UnwritableOutputFailsBeforeAnyWork()
        => CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--out", "/no/such/dir/d.npz").AssertBadInput("--out");
}
