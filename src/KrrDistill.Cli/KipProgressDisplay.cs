using System.Globalization;
using KrrDistill.Distillation;
using Spectre.Console;

namespace KrrDistill.Cli;

/// <summary>
/// Progress of a KIP run on stderr. On a terminal: a Spectre.Console live line (step/total, batch loss, elapsed,
/// seconds per step). When stderr is redirected (or not the console): one line about every 10% of the steps.
/// </summary>
internal sealed class KipProgressDisplay(TextWriter stderr, int totalSteps, int trainRows)
{
    private readonly bool _interactive = TerminalStyle.ShowsBars(stderr);
    private int _nextTenth = 1;

    /// <summary>Runs <paramref name="run"/>, showing its progress; returns its result.</summary>
    public KipResult Show(Func<IProgress<KipProgress>, KipResult> run)
    {
        string setup = $"kip: accumulating G = ΦᵀΦ, B = ΦᵀY over {trainRows} training rows";
        if (!_interactive)
        {
            stderr.WriteLine(setup + "…");
            return run(new Progress(this, null));
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(setup), maxValue: Math.Max(1, totalSteps));
                task.IsIndeterminate = true;
                KipResult result = run(new Progress(this, task));
                task.StopTask();
                return result;
            });
    }

    /// <summary>One progress line: step/total, batch loss, elapsed optimization time and seconds per step.</summary>
    internal static string Line(KipProgress value)
    {
        double seconds = value.Elapsed.TotalSeconds;
        string accuracy = value.TestAccuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $", test accuracy {100 * a:F2} %") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"kip: step {value.Step}/{value.TotalSteps}, loss {value.Loss:G4}{accuracy}, {seconds:F1} s, {seconds / Math.Max(1, value.Step):F4} s/step");
    }

    private void OnReport(KipProgress value, ProgressTask? task)
    {
        if (task is not null)
        {
            task.IsIndeterminate = false;
            task.Value = value.Step;
            task.Description = Markup.Escape(Line(value));
            return;
        }

        // Redirected: a line each time the run passes another tenth of the steps, and at each accuracy measurement.
        if (value.TestAccuracy is not null && (long)value.Step * 10 < (long)_nextTenth * value.TotalSteps)
        {
            stderr.WriteLine(Line(value));
        }
        else if ((long)value.Step * 10 >= (long)_nextTenth * value.TotalSteps)
        {
            stderr.WriteLine(Line(value));
            while ((long)value.Step * 10 >= (long)_nextTenth * value.TotalSteps && _nextTenth <= 10)
            {
                _nextTenth++;
            }
        }
    }

    // Reports arrive synchronously on the thread running KIP (not through a SynchronizationContext).
    private sealed class Progress(KipProgressDisplay owner, ProgressTask? task) : IProgress<KipProgress>
    {
        public void Report(KipProgress value) => owner.OnReport(value, task);
    }
}
