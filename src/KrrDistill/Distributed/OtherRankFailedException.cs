namespace KrrDistill.Distributed;

/// <summary>
/// Thrown on the ranks of an MPI job that were ready to sum their statistics when another rank had failed
/// (<see cref="MpiWorld.Agree"/>): nothing is summed, and this rank has nothing of its own to report. End the rank with
/// <see cref="MpiWorld.Conclude"/>, which gives rank 0 the failing rank's error.
/// </summary>
public sealed class OtherRankFailedException : Exception
{
    /// <summary>Creates the exception for rank <paramref name="rank"/>'s failure with exit code <paramref name="exitCode"/>.</summary>
    public OtherRankFailedException(int rank, int exitCode)
        : base($"rank {rank} of the MPI job failed (exit code {exitCode}); nothing was summed.")
    {
        Rank = rank;
        ExitCode = exitCode;
    }

    /// <summary>The lowest rank that failed.</summary>
    public int Rank { get; }

    /// <summary>Its exit code.</summary>
    public int ExitCode { get; }
}
