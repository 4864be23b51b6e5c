using System.Runtime.InteropServices;

namespace KrrDistill.Data;

/// <summary>Reads the <see cref="FileKind"/> of a path (see there why) and its owner, from <c>statx(2)</c>.</summary>
public static partial class FileKindProbe
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1, StatxUid = 0x8;

    // struct statx (the same on every architecture): stx_mask u32, stx_blksize u32, stx_attributes u64, stx_nlink u32,
    // stx_uid u32, stx_gid u32, stx_mode u16.
    private const int UidOffset = 20, ModeOffset = 28;
    private static bool Unavailable = !OperatingSystem.IsLinux();

    /// <summary>The kind of <paramref name="path"/>, following symbolic links.</summary>
    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!TryStat(path, followLinks: true, out int mode, out _))
        {
            return Unavailable ? (File.Exists(path) ? FileKind.Unknown : Directory.Exists(path) ? FileKind.Directory : FileKind.Missing) : FileKind.Missing;
        }

        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>
    /// True when <paramref name="path"/> itself (a symbolic link is not followed) is a regular file owned by this process's
    /// effective user; true wherever ownership cannot be read (not Linux).
    /// </summary>
    public static bool IsOwnRegularFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!TryStat(path, followLinks: false, out int mode, out uint owner))
        {
            return Unavailable && File.Exists(path);
        }

        return (mode & 0xF000) == 0x8000 && owner == EffectiveUserId();
    }

    private static bool TryStat(string path, bool followLinks, out int mode, out uint owner)
    {
        (mode, owner) = (0, 0);
        if (Unavailable)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxUid, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return false;
            }
        }
        catch (EntryPointNotFoundException)
        {
            Unavailable = true;
            return false;
        }

        mode = BitConverter.ToUInt16(buffer.Slice(ModeOffset, 2));
        owner = BitConverter.ToUInt32(buffer.Slice(UidOffset, 4));
        return true;
    }

    /// <summary>"a FIFO (named pipe)", "a character device", ...: how messages name a kind that is not a regular file.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint EffectiveUserId();

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, ref byte buffer);
}
