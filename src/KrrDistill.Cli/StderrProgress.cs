namespace KrrDistill.Cli;

/// <summary>
/// Progress display on stderr: one line per phase; on a terminal the line also counts up in place.
/// Reports arrive on the calling thread, so no synchronization is needed.
/// </summary>
internal sealed class StderrProgress(TextWriter stderr, bool quiet) : IProgress<ProgressReport>
{
    private readonly bool _interactive = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
    private string? _phase;
    private int _percent = -1;

    public void Report(ProgressReport value)
    {
        if (quiet)
        {
            return;
        }

        int percent = (int)Math.Floor(value.Fraction * 100);
        if (value.Phase != _phase)
        {
            if (_phase is not null && _interactive)
            {
                stderr.WriteLine();
            }

            _phase = value.Phase;
            _percent = -1;
            stderr.Write(_interactive ? $"\r{value.Phase} {percent,3}%" : $"{value.Phase}…{Environment.NewLine}");
        }
        else if (_interactive && percent != _percent)
        {
            stderr.Write($"\r{value.Phase} {percent,3}%");
        }

        _percent = percent;
    }

    /// <summary>Ends the current line on a terminal.</summary>
    public void Finish()
    {
        if (_phase is not null && _interactive)
        {
            stderr.WriteLine();
        }

        _phase = null;
    }
}
