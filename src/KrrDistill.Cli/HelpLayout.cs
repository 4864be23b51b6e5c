using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text;

namespace KrrDistill.Cli;

/// <summary>
/// The help of every command in the user's words (System.CommandLine 3 keeps its help builder internal, so this
/// renders it): usage, description, arguments, options with choices and defaults as they are typed (<c>fcnn</c>,
/// <c>1e-05</c>, never the .NET names <c>Fcnn</c>, <c>1E-05</c>), and the command's examples
/// (<see cref="CommandExamples"/>), in lines of at most <see cref="MaxColumns"/> columns (fewer on a narrower terminal).
/// </summary>
internal sealed class HelpLayout(TextWriter stdout) : SynchronousCommandLineAction
{
    /// <summary>The widest help line.</summary>
    public const int MaxColumns = 100;

    /// <summary>The widest first column (option and value); a longer one puts its description on the next line.</summary>
    private const int FirstColumnLimit = 34;

    /// <summary>Makes <paramref name="root"/>'s help option (on every command) print this help on <paramref name="stdout"/>.</summary>
    public static void Install(RootCommand root, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.OfType<HelpOption>().Single().Action = new HelpLayout(stdout);
    }

    /// <inheritdoc/>
    public override bool Terminating => true;

    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        stdout.Write(Render(parseResult.CommandResult.Command, RootOf(parseResult.CommandResult.Command), Columns(stdout)));
        return 0;
    }

    /// <summary>The help text of <paramref name="command"/> in lines of at most <paramref name="columns"/> columns.</summary>
    public static string Render(Command command, Command root, int columns = MaxColumns)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(root);
        var text = new StringBuilder();
        bool isRoot = command == root;
        string path = isRoot ? "krr-distill" : $"krr-distill {command.Name}";
        string arguments = string.Concat(command.Arguments.Select(a => $" <{a.Name}>{(a.Arity.MaximumNumberOfValues > 1 ? "…" : "")}"));
        text.Append("Usage: ").Append(path).Append(isRoot ? " <command> [options]" : $"{arguments} [options]").Append('\n').Append('\n');
        foreach (string line in Wrap(command.Description ?? "", columns))
        {
            text.Append(line).Append('\n');
        }

        if (isRoot)
        {
            Section(text, "Commands:", command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, c.Description ?? "")), columns);
        }

        Section(text, "Arguments:", command.Arguments.Select(a => ($"<{a.Name}>", a.Description ?? "")), columns);
        IEnumerable<Option> options = command.Options.Where(o => o is not HelpOption)
            .Concat(isRoot ? [] : root.Options.Where(o => o.Recursive && o is not HelpOption))
            .Append(root.Options.OfType<HelpOption>().Single())
            .Where(o => !o.Hidden);
        Section(text, "Options:", options.Select(o => (FirstColumn(o), SecondColumn(o))), columns);
        IReadOnlyList<CommandExample> examples = CommandExamples.For(command);
        if (examples.Count > 0)
        {
            text.Append('\n').Append("Examples:").Append('\n');
            foreach (CommandExample example in examples)
            {
                text.Append("  # ").Append(example.What).Append('\n').Append("  ").Append(example.Line).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The value as typed: <c>&lt;a|b|c&gt;</c> for choices, <c>&lt;name&gt;</c> otherwise, nothing for a flag.</summary>
    private static string FirstColumn(Option option)
    {
        string names = string.Join(", ", option.Aliases.Where(a => a.StartsWith('-')).Order(StringComparer.Ordinal).Append(option.Name));
        if (option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool))
        {
            return names;
        }

        string[] choices = [.. option.GetCompletions(CompletionContext.Empty).Select(c => c.Label)];
        string value = choices.Length > 0 ? string.Join('|', choices) : option.HelpName ?? option.Name.TrimStart('-');
        string placeholder = string.Join(' ', value.Split(' ').Select(v => $"<{v}>")); // HelpName "H W": two values
        return option.Arity.MinimumNumberOfValues == 0 ? $"{names} [{placeholder}]" : $"{names} {placeholder}";
    }

    /// <summary>The description and the default; "[default: X]" is kept on one line (a no-break space until wrapped).</summary>
    private static string SecondColumn(Option option)
        => DefaultText(option) is { } value ? $"{option.Description} [default:{NoBreak}{value}]" : option.Description ?? "";

    /// <summary>Joins words the wrapping must not separate; printed as a space.</summary>
    private const char NoBreak = '\u00A0';

    /// <summary>The default as typed: an enum's lower-case name, a number in invariant culture with a lower-case exponent.</summary>
    private static string? DefaultText(Option option)
    {
        if (!option.HasDefaultValue || option.ValueType == typeof(bool))
        {
            return null;
        }

        return option.GetDefaultValue() switch
        {
            Enum e => e.ToString().ToLowerInvariant(),
            double d => d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            string s when s.Length > 0 => s,
            _ => null,
        };
    }

    /// <summary>A titled two-column section; nothing when <paramref name="rows"/> is empty.</summary>
    private static void Section(StringBuilder text, string title, IEnumerable<(string First, string Second)> rows, int columns)
    {
        (string First, string Second)[] all = [.. rows];
        if (all.Length == 0)
        {
            return;
        }

        text.Append('\n').Append(title).Append('\n');
        int first = Math.Min(FirstColumnLimit, all.Max(r => r.First.Length));
        string indent = new(' ', 2 + first + 2);
        foreach ((string name, string description) in all)
        {
            List<string> lines = Wrap(description, columns - indent.Length);
            if (name.Length > first)
            {
                text.Append("  ").Append(name).Append('\n');
                foreach (string line in lines)
                {
                    text.Append(indent).Append(line).Append('\n');
                }

                continue;
            }

            for (int i = 0; i < Math.Max(1, lines.Count); i++)
            {
                text.Append(i == 0 ? $"  {name.PadRight(first)}  " : indent).Append(lines.Count > 0 ? lines[i] : "").Append('\n');
            }
        }
    }

    /// <summary>Words of <paramref name="text"/> in lines of at most <paramref name="width"/> characters (a longer word alone on its line).</summary>
    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string word in text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width) // word.Length counts a no-break space as the space it becomes
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word.Replace(NoBreak, ' '));
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    private static Command RootOf(Command command)
    {
        Command current = command;
        while (current.Parents.OfType<Command>().FirstOrDefault() is { } parent)
        {
            current = parent;
        }

        return current;
    }

    /// <summary><see cref="MaxColumns"/>, or the terminal's width when it is narrower.</summary>
    private static int Columns(TextWriter stdout)
    {
        int width = TerminalStyle.IsStyled(stdout) ? TerminalStyle.TerminalColumns() : 0;
        return width >= 40 ? Math.Min(width, MaxColumns) : MaxColumns;
    }
}
