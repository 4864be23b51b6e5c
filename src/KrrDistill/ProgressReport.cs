namespace KrrDistill;

/// <summary>Progress of a long-running library operation, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Phase">Human-readable name of the current phase.</param>
/// <param name="Fraction">Completed fraction of the phase in [0, 1].</param>
public sealed record ProgressReport(string Phase, double Fraction)
{
    /// <summary>Bytes done so far in a phase that moves bytes (a download), or null; with <see cref="Fraction"/> it gives the total and the rate.</summary>
    public long? Bytes { get; init; }

    /// <summary>True when this report is not a phase but a one-line warning to show once, whose text is <see cref="Phase"/>.</summary>
    public bool IsWarning { get; init; }

    /// <summary>A warning for the user (shown once, as one line), sent through the same channel as progress.</summary>
    public static ProgressReport Warning(string text) => new(text, 0) { IsWarning = true };
}
