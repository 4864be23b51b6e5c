namespace KrrDistill.Distributed;

/// <summary>How an MPI job ended, as every rank learns it from <see cref="MpiWorld.Conclude"/>.</summary>
/// <param name="ExitCode">The job's exit code: that of the lowest rank with an error, else the largest any rank gave (0: success).</param>
/// <param name="FailedRank">The lowest rank that reported an error, or null.</param>
/// <param name="Error">That rank's error text, on rank 0 (for it to print); null elsewhere or when no rank reported one.</param>
public sealed record MpiJobOutcome(int ExitCode, int? FailedRank, string? Error);
