using System.Security.Cryptography;
using System.Text;

namespace KrrDistill.Output;

/// <summary>
/// The journal of a commit of several files (<see cref="AtomicFileSet"/>): a hidden text file
/// <c>.krr-commit-{host}-{pid}-{random}.journal</c> in each directory written to, whose first line is
/// <see cref="Header"/> and whose other lines are <c>temporary\tdestination</c>, one per file, in full paths. A journal
/// is obeyed only if every line is a temporary of the journal's own process beside its destination
/// (<see cref="Read"/>), so a planted journal cannot move arbitrary files.
/// </summary>
internal static class CommitJournal
{
    /// <summary>The first line of every journal.</summary>
    public const string Header = "krr-distill commit journal 1";

    /// <summary>
    /// Writes the journal of <paramref name="moves"/> (durably, and atomically under its final name) into every directory
    /// the moves write to, so that a later run writing to any of them completes the whole set rather than deleting the
    /// temporaries in its directory as stale; returns the journals' paths.
    /// </summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<(string Temporary, string Destination)> moves)
    {
        string name = $".krr-commit-{TemporaryFiles.Host}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.journal";
        var text = new StringBuilder(Header).Append('\n');
        foreach ((string temporary, string destination) in moves)
        {
            text.Append(temporary).Append('\t').Append(destination).Append('\n');
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var written = new List<string>();
        foreach (string directory in moves.Select(m => Path.GetDirectoryName(m.Destination)!).Distinct(StringComparer.Ordinal))
        {
            string path = Path.Combine(directory, name);
            string temporaryJournal = TemporaryFiles.Reserve(path);
            try
            {
                using (var stream = new FileStream(temporaryJournal, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporaryJournal, path);
                TemporaryFiles.Release(temporaryJournal);
                written.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TemporaryFiles.Delete(temporaryJournal);
                written.ForEach(TemporaryFiles.TryDelete);
                throw AtomicFile.CannotWrite(path, temporaryJournal, e);
            }
        }

        return written;
    }

    /// <summary>
    /// The moves the journal at <paramref name="path"/> lists, or null when it is not a complete journal of this tool: each
    /// temporary must be named as one of the journal's own process (same host tag and pid) and sit beside the destination
    /// its name encodes.
    /// </summary>
    public static IReadOnlyList<(string Temporary, string Destination)>? Read(string path)
    {
        if (!TemporaryFiles.TryParse(Path.GetFileName(path), out _, out string host, out int pid))
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (lines.Length < 2 || lines[0] != Header || lines[^1].Length != 0)
        {
            return null;
        }

        var moves = new List<(string, string)>();
        foreach (string line in lines[1..^1])
        {
            string[] parts = line.Split('\t');
            if (parts.Length != 2 || !Path.IsPathFullyQualified(parts[0])
                || !TemporaryFiles.TryParse(Path.GetFileName(parts[0]), out string name, out string tempHost, out int tempPid)
                || name.Length == 0 || tempHost != host || tempPid != pid
                || parts[1] != Path.Combine(Path.GetDirectoryName(parts[0])!, name))
            {
                return null;
            }

            moves.Add((parts[0], parts[1]));
        }

        return moves;
    }
}
