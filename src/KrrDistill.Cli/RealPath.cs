using System.Runtime.InteropServices;

namespace KrrDistill.Cli;

/// <summary>
/// A path with every symbolic link along it resolved, so that two spellings of one file compare equal: <c>realpath(3)</c>
/// of the deepest part that exists, with the rest (an output that does not exist yet) appended. Hard links need no
/// check: outputs are written to a new file that is renamed over the name, which never changes another name's content.
/// </summary>
internal static partial class RealPath
{
    private static bool Unavailable = !OperatingSystem.IsLinux();

    /// <summary>The resolved full path of <paramref name="path"/>.</summary>
    /// <exception cref="InputException">The path cannot be resolved (a symbolic-link loop, an unreadable directory).</exception>
    public static string Of(string path)
    {
        string absolute = Path.IsPathRooted(path) ? path : Path.Join(Directory.GetCurrentDirectory(), path);
        string existing = absolute;
        string rest = "";
        while (!Path.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            rest = Path.Join(Path.GetFileName(existing), rest);
            existing = parent;
        }

        string resolved = Resolve(existing, path);
        return Path.GetFullPath(rest.Length == 0 ? resolved : Path.Join(resolved, rest));
    }

    private static string Resolve(string existing, string original)
    {
        if (Unavailable)
        {
            return Path.GetFullPath(existing);
        }

        nint result;
        try
        {
            result = Realpath(existing, 0);
        }
        catch (EntryPointNotFoundException)
        {
            Unavailable = true;
            return Path.GetFullPath(existing);
        }

        if (result == 0)
        {
            throw new InputException($"{original}: the path cannot be resolved ({Marshal.GetLastPInvokeErrorMessage()}).");
        }

        try
        {
            return Marshal.PtrToStringUTF8(result)!;
        }
        finally
        {
            Free(result);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint Realpath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
