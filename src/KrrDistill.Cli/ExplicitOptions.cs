using System.CommandLine;

namespace KrrDistill.Cli;

/// <summary>Which options the user actually typed, for refusing options that do not apply in the chosen mode.</summary>
internal static class ExplicitOptions
{
    /// <summary>The first of <paramref name="options"/> given on the command line (not left at its default), or null.</summary>
    public static Option? FirstGiven(ParseResult parse, IEnumerable<Option> options)
        => options.FirstOrDefault(option => parse.GetResult(option) is { Implicit: false });
}
