using System.Diagnostics;

namespace KrrDistill.Diagnostics;

/// <summary>Records wall time per named phase, in order.</summary>
public sealed class PhaseTimer
{
    private readonly List<(string Phase, double Seconds)> _phases = [];
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <summary>The phases recorded so far.</summary>
    public IReadOnlyList<(string Phase, double Seconds)> Phases => _phases;

    /// <summary>Ends the current phase under <paramref name="phase"/> and starts the next one.</summary>
    public void Lap(string phase)
    {
        _phases.Add((phase, _watch.Elapsed.TotalSeconds));
        _watch.Restart();
    }
}
