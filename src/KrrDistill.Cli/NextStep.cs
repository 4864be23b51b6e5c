using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace KrrDistill.Cli;

/// <summary>
/// The one "next:" line a command prints after its table: what a user usually does next, as a line to paste (never with
/// <c>--json</c>, and not with <c>--quiet</c>, whose stdout gets nothing but the JSON object).
/// </summary>
internal static partial class NextStep
{
    /// <summary>Writes "next: WHY: LINE" after a blank line.</summary>
    public static void Write(TextWriter stdout, string why, string line)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        stdout.WriteLine();
        stdout.WriteLine($"next: {why}: {line}");
    }

    /// <summary>
    /// The options given on <paramref name="parse"/>'s command line, with their values, as words to paste into another
    /// command's line; those named in <paramref name="drop"/> (and the output-level options) are left out.
    /// </summary>
    public static string Carry(ParseResult parse, params string[] drop)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var left = new HashSet<string>([.. drop, "--json", .. CliApplication.QuietNames, .. CliApplication.VerboseNames], StringComparer.Ordinal);
        var words = new List<string>();
        bool keeping = false;
        foreach (Token token in parse.Tokens)
        {
            if (token.Type == TokenType.Option)
            {
                keeping = !left.Contains(token.Value);
            }
            else if (token.Type != TokenType.Argument)
            {
                keeping = false;
                continue;
            }

            if (keeping)
            {
                words.Add(token.Value);
            }
        }

        return string.Join(' ', words.Select(Quote));
    }

    /// <summary>The line that re-checks a distilled set written to <paramref name="output"/> on the data set's test split.</summary>
    public static void Evaluate(TextWriter stdout, string output, string dataset, string? dataDirectory)
        => Write(stdout, "re-check the set on the test split",
            $"krr-distill evaluate --distilled {Quote(output)} --dataset {Quote(dataset)}{Option("--data-dir", dataDirectory)}");

    /// <summary>A file name for merged statistics that is not <paramref name="input"/>: merged.npz, else merged-all.npz.</summary>
    public static string MergedName(string input)
        => Path.GetFileName(input) == "merged.npz" ? "merged-all.npz" : "merged.npz";

    /// <summary>Words for <c>--OPTION VALUE</c> when <paramref name="value"/> is given, else nothing.</summary>
    public static string Option(string name, string? value) => value is null ? "" : $" {name} {Quote(value)}";

    /// <summary><paramref name="word"/> as a POSIX shell reads it back: bare when it is plain, else in single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && Plain().IsMatch(word) ? word : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
    }

    [GeneratedRegex(@"^[A-Za-z0-9_./:=,@%+-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();
}
