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
            var arrays = new List<KeyValuePair<string, NpyArray>>(zip.Entries.Count);
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
                    using Stream data = entry.Open();
                    arrays.Add(new(key, NpyReader.Read(data, where, entry.Length)));
                }
                catch (InvalidDataException e)
                {
                    throw new DataFormatException($"{where}: corrupt zip entry ({DataFile.OneLine(e.Message)})", e);
                }
            }

            return new NpzArchive(source, arrays);
        }
    }
}
