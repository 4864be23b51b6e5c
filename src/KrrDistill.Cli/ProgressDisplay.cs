using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace KrrDistill.Cli;

/// <summary>
/// CLI only. Shows the library's <see cref="ProgressReport"/>s on stderr while a command works. On a terminal: a
/// Spectre.Console progress bar per phase with percentage, elapsed and remaining time. Otherwise (redirected, CI,
/// tests, NO_COLOR, TERM=dumb, a terminal narrower than <see cref="TerminalStyle.BarColumns"/>): one line when a phase starts, and a line with its percentage and time left every few seconds while it lasts.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Seconds between the percentage lines of a long phase when stderr is not a terminal.</summary>
    private const double LineInterval = 5;

    /// <summary>Runs <paramref name="work"/>, showing its progress, and returns its result once the display is gone.</summary>
    public static T Run<T>(TextWriter stderr, Func<IProgress<ProgressReport>, T> work)
    {
        if (!TerminalStyle.ShowsBars(stderr))
        {
            var lines = new Lines(stderr);
            try
            {
                return work(lines);
            }
            finally
            {
                lines.Finish();
            }
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        Bars? bars = null;
        try
        {
            return console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context => work(bars = new Bars(context)));
        }
        finally
        {
            foreach (string warning in bars?.Warnings ?? [])
            {
                stderr.WriteLine(warning); // after the bars are gone, so that a redraw cannot overwrite it
            }
        }
    }

    /// <summary>A warning report's one line.</summary>
    private static string WarningLine(ProgressReport value) => $"warning: {Printable.Escape(value.Phase)}";

    /// <summary>A Spectre task per phase; the previous one completes when the next starts. Reports arrive on the working thread.</summary>
    private sealed class Bars(ProgressContext context) : IProgress<ProgressReport>
    {
        private readonly Stopwatch _phaseClock = new();
        private ProgressTask? _task;
        private string? _phase;

        /// <summary>The warnings reported while the bars were shown, to be printed once they are gone.</summary>
        public List<string> Warnings { get; } = [];

        public void Report(ProgressReport value)
        {
            if (value.IsWarning)
            {
                Warnings.Add(WarningLine(value));
                return;
            }

            string phase = Markup.Escape(Printable.Escape(value.Phase));
            if (_task is null || _phase != value.Phase)
            {
                if (_task is not null)
                {
                    _task.Value = _task.MaxValue;
                    _task.StopTask();
                }

                _phase = value.Phase;
                _phaseClock.Restart();
                _task = context.AddTask(phase, maxValue: 1.0);
            }

            _task.Value = Math.Clamp(value.Fraction, 0, 1);
            if (Transfer(value, _phaseClock.Elapsed.TotalSeconds) is { } transfer)
            {
                _task.Description = $"{phase} {Markup.Escape(transfer)}";
            }
        }
    }

    /// <summary>"12.3 of 27.0 MB, 4.1 MB/s" for a phase that moves bytes (the rate over this run's bytes), else null.</summary>
    private static string? Transfer(ProgressReport value, double seconds)
    {
        if (value.Bytes is not long bytes || !(value.Fraction > 0))
        {
            return null;
        }

        double done = bytes / 1e6, rate = seconds > 0 ? done / seconds : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{done:F1} MB, {rate:F1} MB/s");
    }

    /// <summary>
    /// Plain lines: the phase when it starts, then its percentage and time left every <see cref="LineInterval"/> seconds;
    /// under <c>--verbose</c> (<see cref="VerboseLog"/>), also each phase's time when it ends.
    /// </summary>
    private sealed class Lines(TextWriter stderr) : IProgress<ProgressReport>
    {
        private readonly Stopwatch _phaseClock = new();
        private readonly bool _timings = stderr is VerboseLog;
        private string? _phase;
        private double _lastLine;

        /// <summary>Under <c>--verbose</c>, the last phase's time.</summary>
        public void Finish()
        {
            if (_timings && _phase is not null)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Printable.Escape(_phase)}: {_phaseClock.Elapsed.TotalSeconds:F3} s"));
                _phase = null;
            }
        }

        public void Report(ProgressReport value)
        {
            if (value.IsWarning)
            {
                stderr.WriteLine(WarningLine(value));
                return;
            }

            if (value.Phase != _phase)
            {
                Finish();
                _phase = value.Phase;
                _phaseClock.Restart();
                _lastLine = 0;
                stderr.WriteLine($"{Printable.Escape(value.Phase)}…");
                return;
            }

            double elapsed = _phaseClock.Elapsed.TotalSeconds;
            if (elapsed - _lastLine < LineInterval || value.Fraction <= 0 || value.Fraction >= 1)
            {
                return;
            }

            _lastLine = elapsed;
            double left = elapsed * (1 - value.Fraction) / value.Fraction;
            string transfer = Transfer(value, elapsed) is { } t ? $"{t}, " : "";
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Printable.Escape(value.Phase)} {100 * value.Fraction:F0}% ({transfer}{elapsed:F0} s, about {left:F0} s left)"));
        }
    }
}
