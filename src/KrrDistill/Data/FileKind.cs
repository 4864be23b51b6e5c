namespace KrrDistill.Data;

/// <summary>
/// What a path names, after following symbolic links, from the file-type bits of <c>statx(2)</c>: .NET reports a FIFO or a
/// device as an ordinary file, and opening a FIFO for reading blocks until a writer appears, so the readers ask first.
/// </summary>
public enum FileKind
{
    /// <summary>Nothing at the path (or the type could not be read).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A FIFO (named pipe).</summary>
    Fifo,

    /// <summary>A character device (e.g. <c>/dev/zero</c>).</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A Unix socket.</summary>
    Socket,

    /// <summary>The type is not known on this platform (not Linux); treated as a regular file.</summary>
    Unknown,
}
