using System.Security.Cryptography;
using System.Text;

namespace KrrDistill.Data;

/// <summary>
/// The journal of a commit of several files (<see cref="AtomicFileSet"/>): a hidden text file
/// <c>.krr-commit-{host}-{pid}-{random}.journal</c> beside the first destination whose first line is
/// <see cref="Header"/> and whose other lines are <c>temporary\tdestination</c>, one per file, in full paths.
/// </summary>
internal static class CommitJournal
{
    /// <summary>The first line of every journal.</summary>
    public const string Header = "krr-distill commit journal 1";

    /// <summary>Writes the journal of <paramref name="moves"/> (durably, and atomically under its final name) and returns its path.</summary>
    public static string Write(IReadOnlyList<(string Temporary, string Destination)> moves)
    {
        string directory = Path.GetDirectoryName(moves[0].Destination)!;
        string path = Path.Combine(directory, $".krr-commit-{TemporaryFiles.Host}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.journal");
        var text = new StringBuilder(Header).Append('\n');
        foreach ((string temporary, string destination) in moves)
        {
            text.Append(temporary).Append('\t').Append(destination).Append('\n');
        }

        string temporaryJournal = TemporaryFiles.Reserve(path);
        try
        {
            using (var stream = new FileStream(temporaryJournal, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryJournal, path);
            TemporaryFiles.Release(temporaryJournal);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TemporaryFiles.Delete(temporaryJournal);
            throw AtomicFile.CannotWrite(moves[0].Destination, temporaryJournal, e);
        }
    }

    /// <summary>The moves a journal lists, or null when the file is not a complete journal.</summary>
    public static IReadOnlyList<(string Temporary, string Destination)>? Read(string path)
    {
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
            if (parts.Length != 2 || !Path.IsPathFullyQualified(parts[0]) || !Path.IsPathFullyQualified(parts[1]))
            {
                return null;
            }

            moves.Add((parts[0], parts[1]));
        }

        return moves;
    }
}
