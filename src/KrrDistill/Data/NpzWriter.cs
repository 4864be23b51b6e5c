using System.IO.Compression;

using KrrDistill.Output;

namespace KrrDistill.Data;

/// <summary>
/// Writes numpy <c>.npz</c> archives that <c>np.load</c> reads: a zip with one <c><i>key</i>.npy</c>
/// entry per array (see <see cref="NpyWriter"/>), stored uncompressed like <c>np.savez</c> or deflated
/// like <c>np.savez_compressed</c>. Entry timestamps are fixed (1980-01-01), so equal arrays give equal bytes.
/// </summary>
internal static class NpzWriter
{
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Writes all <paramref name="arrays"/> to <paramref name="path"/>, in the order given, atomically
    /// (see <see cref="AtomicFile"/>): if anything fails, no file, or the previous file, is left.
    /// </summary>
    /// <param name="path">Destination, conventionally ending in <c>.npz</c>.</param>
    /// <param name="arrays">Key and array pairs; keys must be non-empty and distinct.</param>
    /// <param name="compress">Deflate the entries (like <c>np.savez_compressed</c>) instead of storing them.</param>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        List<KeyValuePair<string, NpyArray>> list = Validate(arrays);
        AtomicFile.Write(path, stream => WriteValidated(stream, list, compress));
    }

    /// <summary>Writes the archive to <paramref name="stream"/>, which is left open.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NpyArray>> arrays, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        WriteValidated(stream, Validate(arrays), compress);
    }

    private static List<KeyValuePair<string, NpyArray>> Validate(IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        var list = arrays.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string key, NpyArray array) in list)
        {
            if (string.IsNullOrEmpty(key) || key.Contains('/') || key.Contains('\\'))
            {
                throw new ArgumentException($"NPZ key '{key}' must be non-empty and contain no slash.", nameof(arrays));
            }

            if (!seen.Add(key))
            {
                throw new ArgumentException($"NPZ key '{key}' appears twice.", nameof(arrays));
            }

            ArgumentNullException.ThrowIfNull(array, nameof(arrays));
        }

        return list;
    }

    private static void WriteValidated(Stream stream, List<KeyValuePair<string, NpyArray>> arrays, bool compress)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach ((string key, NpyArray array) in arrays)
        {
            ZipArchiveEntry entry = zip.CreateEntry(key + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = EntryTime;
            using Stream data = entry.Open();
            NpyWriter.Write(data, array);
        }
    }
}
