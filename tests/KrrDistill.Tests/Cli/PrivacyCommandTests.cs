using System.Text.Json;
using KrrDistill.Distillation;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary><c>distill --privacy</c> on the shipped Fashion-MNIST sample: what is written, what is kept out, and every refusal.</summary>
public class PrivacyCommandTests
{
    [Fact]
    public void DpModeWritesAnArtefactWhoseMetadataHoldsOnlyWhatTheGuaranteeCovers()
    {
        using var dir = new TempDirectory();
        string output = dir.File("private.npz");
        JsonElement json = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", "fcnn", "--ipc", "2", "--privacy", "dp",
            "--epsilon", "2", "--public-validation", "--privacy-seed", "1", "--out", output, "--json").Json();

        JsonElement privacy = json.GetProperty("privacy");
        Assert.Equal("dp", privacy.GetProperty("mode").GetString());
        Assert.Equal(2, privacy.GetProperty("epsilon").GetDouble());
        Assert.Equal(1e-5, privacy.GetProperty("delta").GetDouble());
        Assert.Equal(2850, privacy.GetProperty("n_private").GetInt64());
        Assert.Contains("seeded", privacy.GetProperty("noise_source").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("relative_error_after_inversion").GetDouble() <= 1e-8);
        Assert.Equal(json.GetProperty("model_test_accuracy").GetDouble(), json.GetProperty("distilled_test_accuracy").GetDouble());
        Assert.True(json.GetProperty("data_owner_only").GetProperty("rows_clipped").GetInt64() > 0);

        // The artefact: no owner-only field, no real-image baseline, no non-private accuracy.
        DistilledSet set = DistilledSetFile.Load(output);
        Assert.Equal(20, set.Count);
        using JsonDocument meta = JsonDocument.Parse(set.LoadedMetaJson);
        Assert.Equal("dp", meta.RootElement.GetProperty("privacy").GetProperty("mode").GetString());
        foreach (string leak in new[] { "rows_clipped", "data_owner_only", "original_test_accuracy", "random_subset_test_accuracy", "validation_accuracy" })
        {
            Assert.DoesNotContain(leak, set.LoadedMetaJson, StringComparison.Ordinal);
        }

        // evaluate reproduces the distilled accuracy from the artefact alone.
        JsonElement evaluated = CliRun.Of("evaluate", "--distilled", output, "--dataset", "fashion-mnist-sample", "--json").Json();
        Assert.Equal(json.GetProperty("distilled_test_accuracy").GetDouble(), evaluated.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public void TheTableStatesTheGuaranteeAndItsLimits()
    {
        using var dir = new TempDirectory();
        CliRun run = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "2", "--privacy", "dp",
            "--epsilon", "1", "--lambda", "100", "--out", dir.File("p.npz"));
        Assert.Equal(0, run.ExitCode);
        foreach (string word in new[] { "guarantee", "differentially", "assumes", "not covered", "cryptographic", "(1, 1E-05)-DP, whole released set" })
        {
            Assert.Contains(word, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WithoutPrivacyFlagsDistillTakesTheNonPrivatePathAndReportsNoPrivacy()
    {
        using var dir = new TempDirectory();
        JsonElement json = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "2", "--out", dir.File("plain.npz"), "--json").Json();
        Assert.False(json.TryGetProperty("privacy", out _));
        Assert.True(json.TryGetProperty("random_subset_test_accuracy", out _));
        Assert.Equal(json.GetProperty("original_test_accuracy").GetDouble(), json.GetProperty("distilled_test_accuracy").GetDouble());
    }

    [Theory]
    [InlineData("--init real with --privacy dp", "--init real", "--ipc", "2", "--privacy", "dp", "--init", "real", "--public-validation")]
    [InlineData("--init real with --privacy row-dp", "--init real", "--ipc", "2", "--privacy", "row-dp", "--epsilon", "0.5", "--init", "real", "--lambda", "0")]
    [InlineData("dp without a λ source", "--lambda must be fixed", "--ipc", "2", "--privacy", "dp")]
    [InlineData("row-dp with ε ≥ 1", "--epsilon must lie in (0, 1) for row privacy", "--ipc", "2", "--privacy", "row-dp", "--epsilon", "2", "--lambda", "0")]
    [InlineData("row-dp with one point per class", "m > k", "--ipc", "1", "--privacy", "row-dp", "--epsilon", "0.5", "--lambda", "0")]
    [InlineData("row-dp where σ_min(Φ) is tiny", "no longer cancels", "--ipc", "2", "--privacy", "row-dp", "--epsilon", "0.5", "--lambda", "0")]
    [InlineData("row-dp with λ > 0", "--lambda must be 0 or unset", "--ipc", "2", "--privacy", "row-dp", "--epsilon", "0.5", "--lambda", "3")]
    [InlineData("a privacy option without --privacy", "--epsilon", "--ipc", "2", "--epsilon", "1")]
    [InlineData("δ out of range", "--delta", "--ipc", "2", "--privacy", "dp", "--delta", "2", "--public-validation")]
    [InlineData("bad clip space", "pixels", "--ipc", "2", "--privacy", "dp", "--clip-space", "pixels", "--public-validation")]
    public void RefusesWithOneClearLine(string why, string fragment, params string[] extra)
    {
        using var dir = new TempDirectory();
        string output = dir.File("refused.npz");
        string[] args = ["distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--out", output, .. extra];
        CliRun run = CliRun.Of(args);
        run.AssertBadInput(fragment);
        Assert.False(File.Exists(output), why);
    }
}
