using System.Text.Json;
using KrrDistill.Cli;

namespace KrrDistill.Tests.TestSupport;

/// <summary>Runs <c>krr-distill</c> in-process and captures its streams.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApplication.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Stderr}");
        return JsonDocument.Parse(Stdout).RootElement;
    }

    /// <summary>
    /// Asserts a bad-input failure: exit code 2 and exactly one error line on stderr (the last line; progress
    /// lines may precede it) containing <paramref name="fragment"/>.
    /// </summary>
    public void AssertBadInput(string fragment)
    {
        Assert.Equal(2, ExitCode);
        string[] lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] errors = lines.Where(l => l.StartsWith("krr-distill:", StringComparison.Ordinal)).ToArray();
        Assert.True(errors.Length == 1 && lines[^1] == errors[0], $"expected one error line, last on stderr, got: {Stderr}");
        Assert.Contains(fragment, errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Stderr, StringComparison.Ordinal);
    }
}
