using System.Buffers.Binary;
using System.IO.Compression;

using KrrDistill.Output;

namespace KrrDistill.Data;

/// <summary>Writes unsigned-byte IDX files, raw or gzip-compressed, atomically (see <see cref="AtomicFile"/>).</summary>
internal static class IdxWriter
{
    /// <summary>
    /// Writes <paramref name="array"/> to <paramref name="path"/>. When <paramref name="gzip"/> is null the
    /// file is gzip-compressed exactly when the path ends in <c>.gz</c>. The gzip stream carries no
    /// name and no timestamp, so equal arrays give equal files.
    /// </summary>
    public static void Write(string path, IdxArray array, bool? gzip = null)
    {
        ArgumentNullException.ThrowIfNull(array);
        bool compress = gzip ?? path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, stream =>
        {
            if (compress)
            {
                using var deflated = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
                Write(deflated, array);
            }
            else
            {
                Write(stream, array);
            }
        });
    }

    /// <summary>Writes the IDX bytes of <paramref name="array"/> (header, then data) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IdxArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        var header = new byte[4 + (4 * array.Shape.Length)];
        header[2] = IdxReader.UnsignedByteType;
        header[3] = (byte)array.Shape.Length;
        for (int i = 0; i < array.Shape.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), array.Shape[i]);
        }

        stream.Write(header);
        stream.Write(array.Data);
    }
}
