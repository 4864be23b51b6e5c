using System.Text.Json;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Warnings for choices the tool can tell are poor: one line each on stderr, with the number and the remedy, never in
/// --json's stdout, none for a sound choice.
/// </summary>
public class PoorChoiceWarningsTests
{
    [Fact]
    public void APrivateLambdaFarBelowTheNoiseFloorIsWarnedOnceWithTheFloorAndTheRemedy()
    {
        using var dir = new TempDirectory();
        CliRun run = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--privacy", "dp", "--lambda", "1", "--privacy-seed", "3", "--out", dir.File("p.npz"), "--json");
        JsonElement json = run.Json(); // stdout is the JSON object alone
        double floor = json.GetProperty("privacy").GetProperty("noisy_gram_min_eigenvalue_magnitude").GetDouble();
        Assert.True(floor > 10, $"floor {floor}");
        string warning = Assert.Single(Warnings(run));
        Assert.Contains("--lambda 1 is far below this release's noise floor |min μ̃| = ", warning, StringComparison.Ordinal);
        Assert.Contains("--public-validation", warning, StringComparison.Ordinal);

        Assert.Empty(DistillWarnings(dir, "--privacy", "dp", "--lambda", floor.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--privacy-seed", "3"));
    }

    [Fact]
    public void AnIpcWhoseRandomSubsetIsMostOfTheTrainingSetIsWarned()
    {
        using var dir = new TempDirectory();
        Assert.Equal("warning: --ipc 200 puts 70 % of the 2850 training rows in the random-subset baseline, so it is the training set rather than a small subset and its accuracy is no baseline; compare with the original model's instead, or use a smaller --ipc.",
            Assert.Single(DistillWarnings(dir, "--features", "identity", "--ipc", "200")));
        Assert.Empty(DistillWarnings(dir, "--features", "identity", "--ipc", "100"));
    }

    [Fact]
    public void RealInitPixelsFarOutsideTheRangeAreWarnedButIdentitysAreNot()
    {
        using var dir = new TempDirectory();
        string warning = Assert.Single(DistillWarnings(dir, "--init", "real", "--ipc", "10"));
        Assert.Matches(@"^warning: the real-init set's pixels lie far outside 0–255 \(-?\d+ … \d+, \d+\.\d % outside\): the fcnn inverse", warning);
        Assert.EndsWith("--features identity keeps their look.", warning, StringComparison.Ordinal);
        Assert.Empty(DistillWarnings(dir, "--init", "real", "--features", "identity", "--ipc", "10"));
    }

    /// <summary>The warnings of a successful distill of the bundled sample with <paramref name="options"/>.</summary>
    private static string[] DistillWarnings(TempDirectory dir, params string[] options)
    {
        CliRun run = CliRun.Of(["distill", "--dataset", "fashion-mnist-sample", .. options, "--out", dir.File($"{Guid.NewGuid():N}.npz")]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return Warnings(run);
    }

    private static string[] Warnings(CliRun run) => [.. run.Stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal))];
}
