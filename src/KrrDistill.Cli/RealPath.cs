namespace KrrDistill.Cli;

/// <summary>
/// A path with every symbolic link along it resolved (like <c>realpath(3)</c>, for paths whose last part may not exist
/// yet), so that two spellings of one file compare equal. Hard links need no check: outputs are written to a new file
/// that is renamed over the name, which never changes the content of another name of the old file.
/// </summary>
internal static class RealPath
{
    /// <summary>The resolved full path of <paramref name="path"/>.</summary>
    public static string Of(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "/";
        string resolved = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Join(resolved, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            resolved = info.LinkTarget is null ? next : Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next);
        }

        return resolved;
    }
}
