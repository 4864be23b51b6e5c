using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace KrrDistill.Output;

/// <summary>
/// The hidden temporary files that <see cref="AtomicFile"/> writes before moving them into place, named
/// <c>.{name}.krr-{host}-{pid}-{random}.tmp</c> beside their destination so that a later run can tell its own stale ones
/// (left by a process that was killed) from another live process's. Every temporary of this process is registered until
/// it is moved or deleted, so that <see cref="Abandon"/> (called on SIGINT/SIGTERM) can remove them all.
/// </summary>
public static partial class TemporaryFiles
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Live = new(StringComparer.Ordinal);
    private static bool Abandoned;

    /// <summary>The lock that commits hold while they move files into place, so that <see cref="Abandon"/> never interrupts one.</summary>
    internal static Lock CommitGate => Gate;

    /// <summary>
    /// This machine's name reduced to letters and digits, followed by the identity of the process-id namespace (so that
    /// containers sharing a host name and a directory never take each other's live processes for dead ones), as it
    /// appears in temporary names.
    /// </summary>
    internal static string Host { get; } = HostOf(Environment.MachineName) + PidNamespace();

    /// <summary>Creates a name for a new temporary file of <paramref name="fullPath"/> and registers it; nothing is created on disk.</summary>
    /// <exception cref="OperationCanceledException">The process is being stopped (<see cref="Abandon"/> was called).</exception>
    public static string Reserve(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath)!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.krr-{Host}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        lock (Gate)
        {
            ThrowIfAbandoned();
            Live.Add(temporary);
        }

        return temporary;
    }

    /// <summary>Throws once the process is stopping (<see cref="Abandon"/> was called): no file may be created or moved into place.</summary>
    internal static void ThrowIfAbandoned()
    {
        lock (Gate)
        {
            if (Abandoned)
            {
                throw new OperationCanceledException("the process is stopping; no files are written.");
            }
        }
    }

    /// <summary>Forgets <paramref name="temporary"/> after it was moved into place.</summary>
    internal static void Release(string temporary)
    {
        lock (Gate)
        {
            Live.Remove(temporary);
        }
    }

    /// <summary>Deletes <paramref name="temporary"/> (if it exists) and forgets it; never throws for an I/O error.</summary>
    public static void Delete(string temporary)
    {
        TryDelete(temporary);
        Release(temporary);
    }

    /// <summary>
    /// Deletes every registered temporary and refuses new ones: called when the process is asked to stop. Waits for a
    /// commit in progress to finish, so a set of files is either moved into place completely or not at all.
    /// </summary>
    public static void Abandon()
    {
        lock (Gate)
        {
            Abandoned = true;
            foreach (string temporary in Live)
            {
                TryDelete(temporary);
            }

            Live.Clear();
        }
    }

    /// <summary>
    /// True when <paramref name="fileName"/> is a temporary (or commit journal) of this tool written on this machine by a
    /// process that no longer runs; such a file can only be left over from a killed run.
    /// </summary>
    internal static bool IsStale(string fileName)
        => TryParse(fileName, out _, out string host, out int pid) && host == Host && pid != Environment.ProcessId && !IsRunning(pid);

    /// <summary>
    /// Reads a temporary's name (<c>.{name}.krr-{host}-{pid}-{random}.tmp</c>: <paramref name="destinationName"/> is
    /// <c>name</c>) or a journal's (<paramref name="destinationName"/> is empty); false for any other file name.
    /// </summary>
    internal static bool TryParse(string fileName, out string destinationName, out string host, out int pid)
    {
        Match match = OwnedName().Match(fileName);
        destinationName = match.Groups["name"].Value;
        host = match.Groups["host"].Value;
        pid = 0;
        return match.Success && int.TryParse(match.Groups["pid"].ValueSpan, out pid);
    }

    /// <summary>Deletes <paramref name="path"/>; an I/O error leaves it (a leftover matters less than the error being handled).</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // As the summary says.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The inode of this process's pid namespace (<c>/proc/self/ns/pid</c> → <c>pid:[4026531836]</c>), or "" where there is none.</summary>
    private static string PidNamespace()
    {
        try
        {
            string? target = new FileInfo("/proc/self/ns/pid").LinkTarget;
            return target is null ? "" : new string(target.Where(char.IsAsciiDigit).ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string HostOf(string machineName)
    {
        string host = new(machineName.Where(char.IsAsciiLetterOrDigit).ToArray());
        return host.Length == 0 ? "host" : host;
    }

    /// <summary>A temporary (<c>.name.krr-host-pid-hex.tmp</c>) or a commit journal (<c>.krr-commit-host-pid-hex.journal</c>).</summary>
    [GeneratedRegex(@"^\.(?:(?<name>.+)\.krr-(?<host>[A-Za-z0-9]+)-(?<pid>[0-9]{1,10})-[0-9a-f]{12}\.tmp|krr-commit-(?<host>[A-Za-z0-9]+)-(?<pid>[0-9]{1,10})-[0-9a-f]{12}\.journal)$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnedName();
}
