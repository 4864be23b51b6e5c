using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Colour and decoration only on a terminal: every command run as a user runs it with stdout and stderr redirected (a
/// file, a pipe) writes no escape sequence, and its table comes as Markdown at full width, each row on one line.
/// </summary>
public class PlainOutputTests
{
    [Fact]
    public void EveryCommandRedirectedWritesNoEscapeSequence()
    {
        using var dir = new TempDirectory();
        string[][] commands =
        [
            ["fit", "--dataset", "fashion-mnist-sample", "--features", "identity"],
            ["distill", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "1", "--out", dir.File("d.npz")],
            ["evaluate", "--distilled", dir.File("d.npz"), "--dataset", "fashion-mnist-sample"],
            ["stats", "--dataset", "fashion-mnist-sample", "--features", "identity", "--shard", "1/2", "--out", dir.File("s1.npz")],
            ["stats", "--dataset", "fashion-mnist-sample", "--features", "identity", "--shard", "2/2", "--out", dir.File("s2.npz")],
            ["merge", dir.File("s1.npz"), dir.File("s2.npz"), "--out", dir.File("s.npz")],
            ["kip", "--dataset", "fashion-mnist-sample", "--features", "identity", "--ipc", "1", "--steps", "3", "--batch", "50", "--out", dir.File("k.npz")],
            ["info"],
            ["reproduce", "--table", "3", "--datasets", "fashion-mnist-sample", "--out-dir", dir.File("r")],
            ["completion", "bash"],
            ["fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--verbose"],
            ["--help"],
            ["distill", "--help"],
            ["fit", "--dataset", "no-such-data-set"],
            ["fetch", "cifar10", "--data-dir", dir.File("cache"), "--mirror", "http://127.0.0.1:9/", "--timeout", "5"], // refused connection: the error path
        ];
        string[][] refused = [commands[^2], commands[^1]];
        foreach (string[] arguments in commands)
        {
            (int exitCode, string stdout, string stderr) = Run(dir, arguments);
            string line = string.Join(' ', arguments);
            Assert.True(exitCode == (refused.Contains(arguments) ? 2 : 0), $"{line}: exit {exitCode}: {stderr}");
            Assert.False(stdout.Contains('\u001b', StringComparison.Ordinal), $"{line}: an escape sequence on stdout");
            Assert.False(stderr.Contains('\u001b', StringComparison.Ordinal), $"{line}: an escape sequence on stderr");
        }
    }

    [Fact]
    public void ARedirectedTableIsMarkdownWithEveryRowOnOneLine()
    {
        using var dir = new TempDirectory();
        (int exitCode, string stdout, _) = Run(dir, ["fit", "--dataset", "fashion-mnist-sample", "--features", "identity"]);
        Assert.Equal(0, exitCode);
        string[] lines = stdout.Split('\n');
        Assert.Equal("krr-distill fit", lines[0]);
        Assert.Matches(@"^\| quantity +\| +value \|$", lines[2]);
        Assert.Matches(@"^\| -+ \| -+: \|$", lines[3]);
        string dataRow = Assert.Single(lines, l => l.StartsWith("| data set ", StringComparison.Ordinal));
        Assert.Contains("2850 train / 150 validation / 1000 test |", dataRow, StringComparison.Ordinal); // not cut, not wrapped
        Assert.All(lines.Skip(2).TakeWhile(l => l.Length > 0), l => Assert.StartsWith("| ", l, StringComparison.Ordinal));
        Assert.StartsWith("next: ", lines.Last(l => l.Length > 0), StringComparison.Ordinal); // after the table and a blank line
        Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l));
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(TempDirectory dir, string[] arguments)
    {
        ProcessRun run = ProcessRun.Of(ProcessRun.Tool, arguments, dir.Path); // NO_COLOR removed: redirection alone must be enough
        return (run.ExitCode, run.Stdout, run.Stderr);
    }
}
