using System.Text.RegularExpressions;
using KrrDistill.Cli;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Help in the user's words: every command's help fits 100 columns, shows choices and defaults exactly as they are
/// typed, lists only options the command uses, cites no file outside the repository and ends with examples (which
/// <see cref="CommandExamplesTests"/> runs).
/// </summary>
public partial class HelpTests
{
    public static TheoryData<string> Commands() => [.. CliApplication.Tree().Subcommands.Select(c => c.Name).Prepend("")];

    [Theory]
    [MemberData(nameof(Commands))]
    public void HelpFitsOneHundredColumnsInTheUsersWordsAndEndsWithExamples(string command)
    {
        CliRun run = CliRun.Of(command.Length == 0 ? ["--help"] : [command, "--help"]);
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= HelpLayout.MaxColumns, $"{l.Length} columns: {l}"));
        Assert.DoesNotMatch(DotNetChoice(), run.Stdout);
        Assert.DoesNotMatch(@"\[default: [A-Z]|\dE[+-]\d", run.Stdout);
        Assert.DoesNotContain("PAPER.md", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("DESIGN.md", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("shared/", run.Stdout, StringComparison.Ordinal);
        int examples = Array.IndexOf(lines, "Examples:");
        Assert.True(examples > 0, "no Examples section");
        string[] exampleLines = [.. lines.Skip(examples + 1).Where(l => l.StartsWith("  krr-distill ", StringComparison.Ordinal))];
        Assert.NotEmpty(exampleLines);
        if (command.Length > 0)
        {
            Assert.All(exampleLines, l => Assert.StartsWith($"  krr-distill {command} ", l + " ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("distill", "--features <fcnn|identity|linear|rff>")]
    [InlineData("distill", "Feature map: identity, fcnn, rff or linear (deep linear")]
    [InlineData("distill", "--init <noise|real>")]
    [InlineData("distill", "--labels <fit|model|onehot>")]
    [InlineData("distill", "--privacy <dp|none|row-dp>")]
    [InlineData("distill", "[default: 1e-05]")]
    [InlineData("distill", "[default: fcnn]")]
    [InlineData("distill", "[default: noise]")]
    [InlineData("fit", "--precision <double|single>")]
    [InlineData("fit", "--image-size <H> <W>")]
    [InlineData("fit", "--zca [<ε>]")]
    [InlineData("fit", "-q, --quiet")]
    [InlineData("merge", "-v, --verbose")]
    [InlineData("completion", "Usage: krr-distill completion <shell> [options]")]
    [InlineData("merge", "Usage: krr-distill merge <statistics>… [options]")]
    public void ChoicesAndDefaultsAreShownAsTyped(string command, string expected)
        => Assert.Contains(expected, CliRun.Of(command, "--help").Stdout, StringComparison.Ordinal);

    [Theory]
    [InlineData("kip", "--lambda")] // KIP solves its own labels with λ_S = 1e-6·tr(K_S)/m
    [InlineData("stats", "--lambda")] // the statistics hold for every λ
    [InlineData("stats", "--save-model")]
    [InlineData("evaluate", "--features")] // the feature map comes from the distilled set
    [InlineData("merge", "--dataset")]
    [InlineData("info", "--lambda")]
    [InlineData("completion", "--json")]
    public void HelpListsNoOptionTheCommandIgnores(string command, string option)
    {
        Assert.DoesNotMatch($@"(^|\s){Regex.Escape(option)}\b", OptionLines(CliRun.Of(command, "--help").Stdout));
        CliRun.Of(command, option, "1").AssertBadInput($"'{option}' "); // and the parser refuses it by name
    }

    [Theory]
    [InlineData("fit", "--lambda")]
    [InlineData("distill", "--lambda")]
    [InlineData("kip", "--seed")]
    public void HelpListsTheOptionsTheCommandUses(string command, string option)
        => Assert.Matches($@"(^|\s){Regex.Escape(option)}\b", OptionLines(CliRun.Of(command, "--help").Stdout));

    [Fact]
    public void HelpTakesPrecedenceOverAMissingArgument()
    {
        CliRun run = CliRun.Of("merge", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Usage: krr-distill merge", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The options the Options section lists (the first column of its rows, without the descriptions).</summary>
    private static string OptionLines(string help)
    {
        string[] lines = help.Split('\n');
        int start = Array.IndexOf(lines, "Options:"), end = Array.IndexOf(lines, "Examples:");
        return string.Join('\n', lines[(start + 1)..(end < 0 ? lines.Length : end)]
            .Where(l => l.StartsWith("  -", StringComparison.Ordinal)).Select(l => l.Trim().Split("  ")[0]));
    }

    /// <summary>A choice list in .NET enum spelling (&lt;Fcnn|Identity…&gt;).</summary>
    [GeneratedRegex(@"<[A-Z][a-z]+\|")]
    private static partial Regex DotNetChoice();
}
