using System.CommandLine;
using System.CommandLine.Parsing;

namespace KrrDistill.Cli;

/// <summary>
/// The one line a command line the parser refused gets: the command missing or unknown, an unknown option (with the
/// nearest option of the command when it is a likely misspelling, or the commands that do take it), else the parser's
/// own message led by the option it is about.
/// </summary>
internal static class ParseErrors
{
    /// <summary>The line for <paramref name="parse"/>'s errors, or null when it has none.</summary>
    public static string? Line(RootCommand root, ParseResult parse, string[] args)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (OptionTakenAsArgument(parse, [.. args.TakeWhile(a => a != "--")]) is { } option)
        {
            return UnknownOption(root, parse.CommandResult.Command, option); // a command with arguments takes any word as one
        }

        return parse.Errors.Count == 0 ? null : CommandError(root, args) ?? UnknownToken(root, parse) ?? NamingTheOption(parse.Errors[0]);
    }

    /// <summary>
    /// The first of the command's arguments that is spelled like an option (<c>--x</c>, <c>-x</c>, not a number) and
    /// comes before a <c>--</c> (after which every word is an argument, as in other tools).
    /// </summary>
    private static string? OptionTakenAsArgument(ParseResult parse, string[] beforeDoubleDash)
        => parse.CommandResult.Tokens.Where(t => t.Type == TokenType.Argument).Select(t => t.Value)
            .FirstOrDefault(v => v.Length > 1 && v[0] == '-' && beforeDoubleDash.Contains(v)
                && !double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));

    /// <summary>A clearer line than the parser's when the command itself is missing or unknown; null otherwise.</summary>
    private static string? CommandError(RootCommand root, string[] args)
    {
        string[] names = [.. root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)];
        string commands = string.Join(", ", names);
        if (CliApplication.CommandWord(args) is not { } first) // nothing, or only --verbose/--quiet
        {
            return $"a command is needed: {commands} (krr-distill --help).";
        }

        bool known = names.Contains(first) || first.StartsWith('-');
        return known ? null : $"unknown command '{first}'{Spelling.Suggestion(first, names)} (the commands are {commands}; krr-distill --help).";
    }

    /// <summary>The line for the first word the parser could not place; null when every word was placed.</summary>
    private static string? UnknownToken(RootCommand root, ParseResult parse)
    {
        if (parse.UnmatchedTokens.Count == 0)
        {
            return null;
        }

        string token = parse.UnmatchedTokens[0];
        Command command = parse.CommandResult.Command;
        if (!token.StartsWith('-') || token.Length < 2)
        {
            return command == root
                ? $"unexpected argument '{token}' (krr-distill --help shows what it takes)."
                : $"{command.Name}: unexpected argument '{token}' (krr-distill {command.Name} --help shows what it takes).";
        }

        return UnknownOption(root, command, token);
    }

    /// <summary>The line for <paramref name="token"/>, not an option of <paramref name="command"/>: the nearest one, or the commands that take it.</summary>
    private static string UnknownOption(RootCommand root, Command command, string token)
    {
        string who = command == root ? "krr-distill" : command.Name;
        string lead = command == root ? "" : $"{command.Name}: "; // the line is printed after "krr-distill: "
        string help = command == root ? "krr-distill --help" : $"krr-distill {command.Name} --help";
        string name = token.Split('=', ':')[0];
        IEnumerable<Option> own = command.Options.Concat(command == root ? [] : root.Options.Where(o => o.Recursive));
        if (Spelling.Closest(name, own.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))) is { } near)
        {
            return $"{lead}unknown option '{token}'; did you mean '{near}'? ({help} lists its options)";
        }

        string[] elsewhere = [.. root.Subcommands.Where(c => c.Options.Any(o => o.Name == name || o.Aliases.Contains(name))).Select(c => c.Name)];
        return elsewhere.Length > 0 && command != root
            ? $"'{name}' is not an option of {who} (it is one of {string.Join(", ", elsewhere)}); {help} lists {who}'s options."
            : $"{lead}unknown option '{token}' ({help} lists its options).";
    }

    /// <summary>The parser's message, led by the option it is about when the message does not name it ("Argument 'x' not recognized").</summary>
    private static string NamingTheOption(ParseError error)
    {
        Option? option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        return option is null || error.Message.Contains(option.Name, StringComparison.Ordinal) ? error.Message : $"{option.Name}: {error.Message}";
    }
}
