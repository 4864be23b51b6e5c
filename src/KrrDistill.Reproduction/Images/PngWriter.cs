using System.Buffers.Binary;
using System.IO.Compression;
using KrrDistill.Data;

namespace KrrDistill.Reproduction.Images;

/// <summary>
/// Writes 8-bit PNG images, grayscale (colour type 0) or RGB (colour type 2), without an image library:
/// the signature, an <c>IHDR</c> chunk, the zlib-compressed scanlines (each with filter type 0, None) in
/// one or more <c>IDAT</c> chunks, and <c>IEND</c>. Every chunk carries the CRC-32 (ISO-HDLC, polynomial
/// 0xEDB88320) of its type and data. No interlacing, no ancillary chunks.
/// </summary>
public static class PngWriter
{
    /// <summary>Largest amount of compressed data put in one <c>IDAT</c> chunk.</summary>
    internal const int DefaultMaxIdatLength = 1 << 16;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>
    /// Writes a PNG image to <paramref name="stream"/> (which is left open).
    /// </summary>
    /// <param name="stream">Writable destination; it need not be seekable.</param>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="channels">1 for grayscale, 3 for RGB.</param>
    /// <param name="pixels">
    /// width·height·channels bytes: rows top to bottom, pixels left to right, channels interleaved
    /// (R, G, B for RGB).
    /// </param>
    /// <exception cref="ArgumentException">A dimension is out of range, channels is not 1 or 3, or
    /// <paramref name="pixels"/> has the wrong length.</exception>
    public static void Write(Stream stream, int width, int height, int channels, ReadOnlySpan<byte> pixels)
        => Write(stream, width, height, channels, pixels, DefaultMaxIdatLength);

    /// <summary>
    /// Creates or replaces the PNG file <paramref name="path"/> atomically (through <see cref="AtomicFile"/>):
    /// if anything fails, no partial file is left behind. Arguments as for
    /// <see cref="Write(Stream, int, int, int, ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <param name="path">Destination file; its directory must exist.</param>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="channels">1 for grayscale, 3 for RGB.</param>
    /// <param name="pixels">width·height·channels bytes, row-major, channels interleaved.</param>
    public static void Write(string path, int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(width, height, channels, pixels.Length);
        byte[] copy = pixels.ToArray();
        AtomicFile.Write(path, stream => Write(stream, width, height, channels, copy));
    }

    /// <summary>As the public overload, with at most <paramref name="maxIdatLength"/> compressed bytes per <c>IDAT</c> chunk.</summary>
    internal static void Write(Stream stream, int width, int height, int channels, ReadOnlySpan<byte> pixels, int maxIdatLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIdatLength, 1);
        Validate(width, height, channels, pixels.Length);

        stream.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                               // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);   // colour type: grayscale or truecolour
        header[10] = 0;                              // compression method: deflate
        header[11] = 0;                              // filter method: adaptive (types 0–4 per scanline)
        header[12] = 0;                              // interlace method: none
        WriteChunk(stream, "IHDR"u8, header);

        byte[] compressed = Compress(width, height, channels, pixels);
        for (int offset = 0; offset < compressed.Length; offset += maxIdatLength)
        {
            int length = Math.Min(maxIdatLength, compressed.Length - offset);
            WriteChunk(stream, "IDAT"u8, compressed.AsSpan(offset, length));
        }

        WriteChunk(stream, "IEND"u8, []);
    }

    /// <summary>The CRC-32 used by PNG (and zlib, gzip, zip) of <paramref name="data"/>.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data) => UpdateCrc(0xFFFFFFFFu, data) ^ 0xFFFFFFFFu;

    private static void Validate(int width, int height, int channels, int pixelCount)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentException($"a PNG image must be at least 1×1 pixels; got {width}×{height}.");
        }

        if (channels is not (1 or 3))
        {
            throw new ArgumentException($"channels must be 1 (grayscale) or 3 (RGB); got {channels}.", nameof(channels));
        }

        long rowBytes = (long)width * channels;
        if (rowBytes + 1 > Array.MaxLength)
        {
            throw new ArgumentException($"a row of {width} pixels with {channels} channels is too long.", nameof(width));
        }

        long expected = rowBytes * height;
        if (pixelCount != expected)
        {
            throw new ArgumentException(
                $"pixels has {pixelCount} bytes; a {width}×{height} image with {channels} channel(s) needs {expected}.",
                "pixels");
        }
    }

    private static byte[] Compress(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        int rowBytes = width * channels;
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var line = new byte[rowBytes + 1];   // line[0] = 0: filter type None
            for (int y = 0; y < height; y++)
            {
                pixels.Slice(y * rowBytes, rowBytes).CopyTo(line.AsSpan(1));
                zlib.Write(line);
            }
        }

        return output.ToArray();
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        uint crc = UpdateCrc(UpdateCrc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    private static uint UpdateCrc(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = CrcTable;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
