using KrrDistill.Data;

namespace KrrDistill.Output;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a partial file: the
/// bytes go to a hidden temporary file in the same directory (see <see cref="TemporaryFiles"/>), which is flushed to
/// disk and then moved over the destination. Inside an <see cref="AtomicFileSet"/> the move waits for the set's
/// <see cref="AtomicFileSet.Commit"/>, so several files appear together. If the writer throws, the temporary file is
/// deleted, the destination is left as it was, and the exception propagates.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Creates or replaces <paramref name="path"/> with what <paramref name="write"/> writes to the
    /// stream it is given. The stream is writable and seekable; <paramref name="write"/> must not
    /// dispose it.
    /// </summary>
    /// <param name="path">Destination file; its directory must exist.</param>
    /// <param name="write">Writes the whole content.</param>
    /// <exception cref="InputException">The file cannot be created, written or moved into place (the message names <paramref name="path"/>, not the temporary).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        if (Path.GetFileName(fullPath).Length == 0)
        {
            throw new ArgumentException($"'{path}' names a directory, not a file.", nameof(path));
        }

        string temporary = TemporaryFiles.Reserve(fullPath);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                TemporaryFiles.ThrowIfAbandoned(); // a stop request between the name's reservation and the file's creation
                write(stream);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TemporaryFiles.Delete(temporary);
            throw CannotWrite(fullPath, temporary, e);
        }
        catch
        {
            TemporaryFiles.Delete(temporary);
            throw;
        }

        if (AtomicFileSet.Current is { } set)
        {
            set.Stage(temporary, fullPath);
        }
        else
        {
            AtomicFileSet.MoveIntoPlace([(temporary, fullPath)]);
        }
    }

    /// <summary>Creates or replaces <paramref name="path"/> with <paramref name="bytes"/>, atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Creates or replaces <paramref name="path"/> with <paramref name="contents"/> in UTF-8 (no BOM), atomically.</summary>
    public static void WriteAllText(string path, string contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(contents));
    }

    /// <summary>The one-line error for a destination that could not be written, naming it rather than its temporary.</summary>
    internal static InputException CannotWrite(string fullPath, string temporary, Exception e)
        => new($"{fullPath}: cannot be written ({DataFile.OneLine(e.Message.Replace(temporary, fullPath, StringComparison.Ordinal))})", e);
}
