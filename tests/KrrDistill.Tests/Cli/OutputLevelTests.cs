using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// How much the tool says: a "next:" line after each command's table (never with --json or --quiet); --quiet prints
/// errors only (and the JSON --json asks for); --verbose logs the backend, its threads and each phase's time.
/// </summary>
public class OutputLevelTests
{
    private static readonly (string[] Args, string Expected)[] NextLines =
    [
        (["fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--lambda", "1"], "next: distill this model: krr-distill distill --dataset fashion-mnist-sample --features identity --lambda 1"),
        (["distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "1", "--out", "{d}/my set.npz"], "next: re-check the set on the test split: krr-distill evaluate --distilled '{d}/my set.npz' --dataset fashion-mnist-sample"),
        (["evaluate", "--distilled", "{d}/my set.npz", "--dataset", "fashion-mnist-sample"], "next: the KIP baseline at the same size: krr-distill kip --dataset fashion-mnist-sample --features identity --ipc 1"),
        (["kip", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "1", "--steps", "2", "--batch", "50", "--out", "{d}/k.npz"], "next: re-check the set on the test split: krr-distill evaluate --distilled {d}/k.npz --dataset fashion-mnist-sample"),
        (["stats", "--dataset", "fashion-mnist-sample", "--features", "identity", "--shard", "1/2", "--out", "{d}/s1.npz"], "next: once all 2 shards are summed, add their files: krr-distill merge {d}/s1.npz … --out merged.npz"),
        (["merge", "{d}/s1.npz", "--out", "{d}/m.npz"], "next: add the 1 shards still missing: krr-distill merge {d}/m.npz … --out merged.npz"),
        (["stats", "--dataset", "fashion-mnist-sample", "--features", "identity", "--out", "{d}/s.npz"], "next: fit from these statistics: krr-distill fit --stats {d}/s.npz --dataset fashion-mnist-sample"),
        (["merge", "{d}/s.npz", "--out", "{d}/all.npz"], "next: fit from the merged statistics: krr-distill fit --stats {d}/all.npz --dataset fashion-mnist-sample"),
        (["info"], "next: "),
    ];

    [Fact]
    public void EachCommandEndsItsTableWithOneNextLineThatJsonAndQuietLeaveOut()
    {
        using var dir = new TempDirectory();
        foreach ((string[] args, string expected) in NextLines)
        {
            string[] line = [.. args.Select(a => a.Replace("{d}", dir.Path, StringComparison.Ordinal))];
            CliRun run = CliRun.Of(line);
            Assert.True(run.ExitCode == 0, run.Stderr);
            string[] lines = run.Stdout.TrimEnd('\n').Split('\n');
            Assert.StartsWith(expected.Replace("{d}", dir.Path, StringComparison.Ordinal), lines[^1], StringComparison.Ordinal);
            Assert.Equal("", lines[^2]);
            Assert.Single(lines, l => l.StartsWith("next: ", StringComparison.Ordinal));
            if (args[0] is "fit" or "info" or "evaluate")
            {
                CliRun json = CliRun.Of([.. line, "--json"]), quiet = CliRun.Of([.. line, "--quiet"]);
                Assert.Equal((0, 0), (json.ExitCode, quiet.ExitCode));
                Assert.DoesNotContain("next:", json.Stdout, StringComparison.Ordinal);
                Assert.Equal("", quiet.Stdout);
            }
        }
    }

    [Fact]
    public void QuietPrintsNothingButErrorsAndTheJsonAskedFor()
    {
        using var dir = new TempDirectory();
        CliRun quiet = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "1", "--out", dir.File("d.npz"), "-q");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal("", quiet.Stdout);
        Assert.Equal("", quiet.Stderr);
        Assert.True(File.Exists(dir.File("d.npz")));

        CliRun json = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--json", "--quiet");
        Assert.Equal("fit", json.Json().GetProperty("command").GetString());
        Assert.Equal("", json.Stderr);

        CliRun.Of("fit", "--dataset", "no-such-set", "--quiet").AssertBadInput("unknown data set 'no-such-set'");
        Assert.StartsWith("# bash completion", CliRun.Of("completion", "bash", "--quiet").Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Usage: krr-distill fit", CliRun.Of("fit", "--help", "-q").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void VerboseLogsTheBackendThreadsAndEachPhasesTime()
    {
        CliRun run = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--verbose");
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^krr-distill \S+: \S+ \(.+\), \d+ threads; \.NET \d", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^  features \+ Gram: \d+\.\d{3} s$"));
        Assert.Matches(@"^done in \d+\.\d\d s \(exit 0\), peak memory \d+ MB$", lines[^1]);
        Assert.Contains("next: ", run.Stdout, StringComparison.Ordinal); // the table and its next line are unchanged

        Assert.Matches(@"^krr-distill \S+: ", CliRun.Of("info", "-v").Stderr);
        CliRun.Of("info", "--quiet", "--verbose").AssertBadInput("give --quiet or --verbose, not both");
        CliRun.Of("-v", "info", "--json").Json(); // the output-level options may come before the command
    }

    [Fact]
    public void TheNextLineQuotesWhatTheShellWouldSplit()
    {
        Assert.Equal("plain/path-1.npz", KrrDistill.Cli.NextStep.Quote("plain/path-1.npz"));
        Assert.Equal("'my set.npz'", KrrDistill.Cli.NextStep.Quote("my set.npz"));
        Assert.Equal(@"'it'\''s'", KrrDistill.Cli.NextStep.Quote("it's"));
        Assert.Equal("''", KrrDistill.Cli.NextStep.Quote(""));
    }
}
