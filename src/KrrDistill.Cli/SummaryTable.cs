using System.Globalization;
using Spectre.Console;

namespace KrrDistill.Cli;

/// <summary>The two-column "quantity | value" table every command prints, and the number formats they share.</summary>
internal sealed class SummaryTable(string title)
{
    private readonly Table _table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());

    /// <summary>Adds one row; both cells are shown literally (no markup).</summary>
    public void Row(string name, string value) => _table.AddRow(Markup.Escape(name), Markup.Escape(value));

    /// <summary>One row per phase ("time: phase"), then the total.</summary>
    public void TimingRows(IReadOnlyList<(string Phase, double Seconds)> timings, double totalSeconds)
    {
        foreach ((string phase, double seconds) in timings)
        {
            Row($"time: {phase}", $"{seconds:F3} s");
        }

        Row("time: total", $"{totalSeconds:F3} s");
    }

    /// <summary>Renders the table to <paramref name="output"/>: boxed on a terminal, Markdown elsewhere (<see cref="TerminalStyle"/>).</summary>
    public void Write(TextWriter output) => TerminalStyle.Write(output, title, _table);

    /// <summary>Four significant digits.</summary>
    public static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Scientific notation with two decimals (relative errors).</summary>
    public static string E(double v) => v.ToString("0.00E+00", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with two decimals; "n/a" for NaN.</summary>
    public static string Percent(double fraction)
        => double.IsNaN(fraction) ? "n/a" : (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + " %";
}
