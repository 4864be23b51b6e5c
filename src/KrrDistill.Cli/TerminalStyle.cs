using Spectre.Console;

namespace KrrDistill.Cli;

/// <summary>
/// Colour and decoration only on a terminal (the command-line guidelines of clig.dev): a writer is styled when it is this
/// process's own stdout or stderr, not redirected, <c>NO_COLOR</c> is unset or empty and <c>TERM</c> is not <c>dumb</c>.
/// Anything else (a file, a pipe, a test's writer) gets plain text: Markdown tables at their full width, never cut to
/// 80 columns and never wrapped, and no escape sequence.
/// </summary>
internal static class TerminalStyle
{
    /// <summary>Whether <paramref name="writer"/> may get colour, box drawing and redrawn progress bars.</summary>
    public static bool IsStyled(TextWriter writer)
    {
        bool terminal = (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
            || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
        return terminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether <paramref name="writer"/> shows redrawn progress bars: a styled terminal at least <see cref="BarColumns"/>
    /// wide (narrower, a bar's columns would wrap; progress then comes as one line per phase).
    /// </summary>
    public static bool ShowsBars(TextWriter writer) => IsStyled(writer) && TerminalColumns() >= BarColumns;

    /// <summary>The narrowest terminal progress bars are drawn in.</summary>
    public const int BarColumns = 60;

    /// <summary>The terminal's width in columns, or 0 when it cannot be told.</summary>
    public static int TerminalColumns()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Writes <paramref name="table"/> under <paramref name="title"/>: on a terminal as a Spectre table with its title; else
    /// the title as a line, then the table with a Markdown border, no colour, as wide as its cells.
    /// </summary>
    public static void Write(TextWriter writer, string title, Table table)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);
        if (IsStyled(writer))
        {
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }).Write(table.Title(title));
            return;
        }

        using var rendered = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        IAnsiConsole plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(rendered),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        plain.Profile.Width = PlainWidth;
        plain.Write(table.Border(TableBorder.Markdown));

        // The Markdown border draws its empty top and bottom edges as lines of spaces, and pads every line to the width.
        writer.WriteLine(title);
        writer.WriteLine();
        foreach (string line in rendered.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0))
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>The width plain tables may take: wide enough that no cell is ever wrapped (a table is only as wide as its cells).</summary>
    private const int PlainWidth = 100_000;
}
