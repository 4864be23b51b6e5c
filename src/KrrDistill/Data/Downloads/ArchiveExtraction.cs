using System.Formats.Tar;
using System.IO.Compression;

namespace KrrDistill.Data.Downloads;

/// <summary>
/// Extracts a <c>.tar.gz</c> into a directory: into a staging directory first, then its top-level entries are moved into
/// place (replacing older copies), so a failed extraction leaves nothing half-written. Only regular files and
/// directories whose paths stay inside the directory are taken; links, devices and paths with <c>..</c> or a root are
/// refused, naming the archive and the entry.
/// </summary>
internal static class ArchiveExtraction
{
    public static void Extract(string archive, string directory)
    {
        string staging = Path.Join(directory, $".extracting-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            using (FileStream file = DataFile.OpenRead(archive))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            using (var tar = new TarReader(gzip))
            {
                while (tar.GetNextEntry() is { } entry)
                {
                    string name = entry.Name.Replace('\\', '/');
                    string[] parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
                    if (Path.IsPathRooted(name) || parts.Contains("..") || parts.Length == 0)
                    {
                        throw new DataFormatException($"{archive}: entry '{Printable.Escape(entry.Name)}' points outside the archive's directory; refused.");
                    }

                    string path = Path.Join([staging, .. parts]);
                    switch (entry.EntryType)
                    {
                        case TarEntryType.Directory:
                            Directory.CreateDirectory(path);
                            break;
                        case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                            using (FileStream output = File.Create(path))
                            {
                                entry.DataStream?.CopyTo(output);
                            }

                            break;
                        case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                            break;
                        default:
                            throw new DataFormatException($"{archive}: entry '{Printable.Escape(entry.Name)}' is a {entry.EntryType}, not a file or directory; refused.");
                    }
                }
            }

            foreach (string item in Directory.EnumerateFileSystemEntries(staging))
            {
                string destination = Path.Join(directory, Path.GetFileName(item));
                if (Directory.Exists(destination))
                {
                    Directory.Delete(destination, recursive: true);
                }
                else if (File.Exists(destination))
                {
                    File.Delete(destination);
                }

                if (Directory.Exists(item))
                {
                    Directory.Move(item, destination);
                }
                else
                {
                    File.Move(item, destination);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DataFormatException($"{archive}: not a readable .tar.gz ({e.Message.TrimEnd('.')}).");
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
