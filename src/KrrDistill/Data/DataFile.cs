namespace KrrDistill.Data;

/// <summary>File access shared by the readers: opening with one-line errors that name the file.</summary>
internal static class DataFile
{
    /// <summary>Opens <paramref name="path"/> for reading; a missing or unreadable file becomes a <see cref="DataFormatException"/>.</summary>
    public static FileStream OpenRead(string path, int bufferSize = 1 << 16)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileKind kind = FileKindProbe.Of(path);
        if (kind is not (FileKind.Regular or FileKind.Missing or FileKind.Unknown))
        {
            throw new DataFormatException($"{path} is {FileKindProbe.Describe(kind)}; data files must be regular files.");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new DataFormatException($"{path}: no such file.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new DataFormatException($"{path}: no such file (the directory does not exist).");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataFormatException($"{path}: cannot be read ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new DataFormatException($"{path}: cannot be opened ({OneLine(e.Message)})", e);
        }
    }

    /// <summary>True when the stream starts with the gzip magic bytes 1f 8b; the position is restored.</summary>
    public static bool IsGzip(FileStream stream)
    {
        long position = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = position;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>Collapses a message to one line.</summary>
    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
