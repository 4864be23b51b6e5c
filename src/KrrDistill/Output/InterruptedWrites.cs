using KrrDistill.Data;

namespace KrrDistill.Output;

/// <summary>
/// Cleans up after runs that were killed while writing (SIGKILL, power loss: no chance to clean up themselves): a
/// commit journal left by a dead process is completed (its files moved into place, so the set on disk is that run's
/// whole set), then the dead processes' temporaries are deleted. Files of processes still running are never touched,
/// nor files of other tools or machines.
/// </summary>
public static class InterruptedWrites
{
    /// <summary>What <see cref="Complete"/> did: the destinations it moved into place and the temporaries it deleted.</summary>
    public sealed record Outcome(IReadOnlyList<string> Completed, int TemporariesRemoved);

    /// <summary>Completes interrupted commits and removes stale temporaries in <paramref name="directories"/> (missing ones are skipped).</summary>
    public static Outcome Complete(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        string[] existing = directories.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Where(Directory.Exists).ToArray();
        var completed = new List<string>();
        lock (TemporaryFiles.CommitGate)
        {
            foreach (string journal in existing.SelectMany(d => Hidden(d, "*.journal")))
            {
                if (CommitJournal.Read(journal) is { } moves)
                {
                    completed.AddRange(RollForward(moves).Where(d => !completed.Contains(d)));
                }

                TemporaryFiles.TryDelete(journal);
            }

            int removed = 0;
            foreach (string temporary in existing.SelectMany(d => Hidden(d, "*.tmp")))
            {
                TemporaryFiles.TryDelete(temporary);
                removed += File.Exists(temporary) ? 0 : 1;
            }

            return new Outcome(completed, removed);
        }
    }

    private static List<string> RollForward(IReadOnlyList<(string Temporary, string Destination)> moves)
    {
        var moved = new List<string>();
        foreach ((string temporary, string destination) in moves)
        {
            try
            {
                if (FileKindProbe.IsOwnRegularFile(temporary))
                {
                    File.Move(temporary, destination, overwrite: true);
                    moved.Add(destination);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The temporary stays and is removed below as stale; the destination keeps what it had.
            }
        }

        return moved;
    }

    /// <summary>The stale files of this tool matching <paramref name="pattern"/> in <paramref name="directory"/> that this user owns.</summary>
    private static string[] Hidden(string directory, string pattern)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "." + pattern)
                .Where(f => TemporaryFiles.IsStale(Path.GetFileName(f)) && FileKindProbe.IsOwnRegularFile(f)).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
