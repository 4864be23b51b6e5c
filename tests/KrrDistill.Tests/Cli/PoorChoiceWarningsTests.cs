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

        CliRun sound = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--privacy", "dp", "--lambda", floor.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--privacy-seed", "3", "--out", dir.File("q.npz"));
        Assert.True(sound.ExitCode == 0, sound.Stderr);
        Assert.Empty(Warnings(sound));
    }

    [Fact]
    public void AnIpcWhoseRandomSubsetIsMostOfTheTrainingSetIsWarned()
    {
        using var dir = new TempDirectory();
        CliRun run = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "200", "--out", dir.File("d.npz"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("warning: --ipc 200 puts 70 % of the 2850 training rows in the random-subset baseline, so it is the training set rather than a small subset and its accuracy is no baseline; compare with the original model's instead, or use a smaller --ipc.", Assert.Single(Warnings(run)));
        CliRun smaller = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "100", "--out", dir.File("e.npz"));
        Assert.Equal(0, smaller.ExitCode);
        Assert.Empty(Warnings(smaller));
    }

    [Fact]
    public void RealInitPixelsFarOutsideTheRangeAreWarnedButIdentitysAreNot()
    {
        using var dir = new TempDirectory();
        CliRun fcnn = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--init", "real", "--ipc", "10", "--out", dir.File("f.npz"));
        Assert.Equal(0, fcnn.ExitCode);
        string warning = Assert.Single(Warnings(fcnn));
        Assert.Matches(@"^warning: the real-init set's pixels lie far outside 0–255 \(-?\d+ … \d+, \d+\.\d % outside\): the fcnn inverse", warning);
        Assert.EndsWith("--features identity keeps their look.", warning, StringComparison.Ordinal);
        CliRun identity = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--init", "real", "--features", "identity", "--ipc", "10", "--out", dir.File("i.npz"));
        Assert.Equal(0, identity.ExitCode);
        Assert.Empty(Warnings(identity));
    }

    private static string[] Warnings(CliRun run) => [.. run.Stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal))];
}
