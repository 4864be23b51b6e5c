using System.IO.Compression;

namespace KrrDistill.Data;

/// <summary>
/// Reads numpy <c>.npz</c> archives (from <c>np.savez</c> or <c>np.savez_compressed</c>): a zip whose
/// entries <c><i>name</i>.npy</c> each hold one array (see <see cref="NpyReader"/>). Errors name the
/// archive and the key.
/// </summary>
internal static class NpzReader
{
    /// <summary>Reads every array of the archive at <paramref name="path"/>, in archive order.</summary>
    /// <exception cref="DataFormatException">The file is missing or not a zip, an entry is not an .npy file, or an array cannot be read.</exception>
    public static NpzArchive Read(string path)
    {
        using FileStream stream = DataFile.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads every array of the archive in <paramref name="stream"/>; <paramref name="source"/> names it in messages.</summary>
    public static NpzArchive Read(Stream stream, string source)
        => new(source, Visit(stream, source, (data, where, entry) => NpyReader.Read(data, where, entry.Length), verifyCrc: true));

    /// <summary>
    /// The header of every array of the archive in <paramref name="stream"/>, by key in archive order, inflating only the
    /// first bytes of each entry: so that shapes can be checked against each other and against memory before any data
    /// is inflated (a small compressed entry may inflate to gigabytes). The stream is left open.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, NpyPreamble>> ReadPreambles(Stream stream, string source)
        => Visit(stream, source, (data, where, entry) => NpyReader.ReadPreamble(data, where, entry.Length), verifyCrc: false);

    /// <summary>
    /// Opens every .npy entry of the archive in turn and returns what <paramref name="read"/> makes of it, by key. With
    /// <paramref name="verifyCrc"/> every byte of the entry is read and its CRC-32 must be the one the archive records.
    /// </summary>
    private static List<KeyValuePair<string, T>> Visit<T>(Stream stream, string source, Func<Stream, string, ZipArchiveEntry, T> read, bool verifyCrc)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException($"{source}: not an NPZ (zip) archive ({DataFile.OneLine(e.Message)})", e);
        }

        using (zip)
        {
            var results = new List<KeyValuePair<string, T>>(zip.Entries.Count);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    throw new DataFormatException($"{source}: entry '{entry.FullName}' is not an .npy array.");
                }

                string key = entry.FullName[..^".npy".Length];
                string where = $"{source}, key '{key}'";
                if (entry.IsEncrypted)
                {
                    throw new DataFormatException($"{where}: the zip entry is encrypted; numpy writes plain entries, and an encrypted one cannot be read.");
                }

                try
                {
                    using var data = new Crc32ReadStream(entry.Open());
                    results.Add(new(key, read(data, where, entry)));
                    if (verifyCrc)
                    {
                        data.ReadToEnd();
                        if (data.Crc != entry.Crc32)
                        {
                            throw new DataFormatException($"{where}: the zip entry's data do not match its CRC-32 ({data.Crc:x8}, recorded {entry.Crc32:x8}): the file is corrupt.");
                        }
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new DataFormatException($"{where}: corrupt zip entry ({DataFile.OneLine(e.Message)})", e);
                }
            }

            return results;
        }
    }
}
