using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using KrrDistill.Data;
using KrrDistill.Reproduction.Images;
using KrrDistill.Tests.Data;

namespace KrrDistill.Tests.Reproduction;

public sealed class PngWriterTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(37, 23, 1)]
    [InlineData(1, 50, 3)]
    [InlineData(29, 31, 3)]
    [InlineData(300, 200, 3)]
    public void Write_RoundTripsPixelsExactly(int width, int height, int channels)
    {
        byte[] pixels = RandomPixels(width * height * channels, seed: (width * 7919) + height + channels);
        var stream = new MemoryStream();

        PngWriter.Write(stream, width, height, channels, pixels);

        PngImage png = PngTestDecoder.Decode(stream.ToArray());
        Assert.Equal(width, png.Width);
        Assert.Equal(height, png.Height);
        Assert.Equal(8, png.BitDepth);
        Assert.Equal(channels == 1 ? 0 : 2, png.ColourType);
        Assert.Equal(pixels, png.Pixels);
    }

    [Fact]
    public void Write_SplitsLongDataOverSeveralIdatChunks()
    {
        const int width = 64;
        const int height = 48;
        byte[] pixels = RandomPixels(width * height * 3, seed: 5);
        var stream = new MemoryStream();

        PngWriter.Write(stream, width, height, 3, pixels, maxIdatLength: 1000);

        PngImage png = PngTestDecoder.Decode(stream.ToArray());
        Assert.True(png.IdatCount > 1, $"expected several IDAT chunks, got {png.IdatCount}");
        Assert.Equal(pixels, png.Pixels);
    }

    [Fact]
    public void Write_StartsWithSignatureAndIhdrAndEndsWithStandardIend()
    {
        var stream = new MemoryStream();

        PngWriter.Write(stream, 3, 2, 1, new byte[6]);

        byte[] bytes = stream.ToArray();
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal([0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'], bytes[8..16]);
        // An empty IEND chunk is always the same 12 bytes, CRC AE 42 60 82 included.
        Assert.Equal([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82], bytes[^12..]);
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValueAndABitwiseImplementation()
    {
        Assert.Equal(0xCBF43926u, PngWriter.Crc32("123456789"u8));
        Assert.Equal(0u, PngWriter.Crc32([]));
        byte[] data = RandomPixels(10_000, seed: 11);
        Assert.Equal(PngTestDecoder.BitwiseCrc32(data), PngWriter.Crc32(data));
    }

    [Fact]
    public void WriteToPath_CreatesReadableFileAndNoTemporary()
    {
        using var dir = new TempDirectory();
        string path = dir.File("grid.png");
        byte[] pixels = RandomPixels(5 * 4 * 3, seed: 3);

        PngWriter.Write(path, 5, 4, 3, pixels);

        Assert.Equal(["grid.png"], dir.Entries());
        PngImage png = PngTestDecoder.Decode(File.ReadAllBytes(path));
        Assert.Equal(pixels, png.Pixels);
    }

    [Fact]
    public void TestDecoder_DetectsACorruptedChunk()
    {
        var stream = new MemoryStream();
        PngWriter.Write(stream, 8, 8, 1, RandomPixels(64, seed: 2));
        byte[] bytes = stream.ToArray();
        bytes[8 + 25 + 8 + 2] ^= 0x01;   // a byte inside the first IDAT's data

        Assert.ThrowsAny<Exception>(() => PngTestDecoder.Decode(bytes));
    }

    [Theory]
    [InlineData(0, 4, 1, 0)]
    [InlineData(4, 0, 1, 0)]
    [InlineData(-1, 4, 1, 4)]
    [InlineData(4, 4, 2, 32)]
    [InlineData(4, 4, 4, 64)]
    [InlineData(4, 4, 1, 15)]
    [InlineData(4, 4, 3, 16)]
    public void Write_RejectsBadArgumentsAndLeavesNoFile(int width, int height, int channels, int length)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.png");

        Assert.Throws<ArgumentException>(() => PngWriter.Write(new MemoryStream(), width, height, channels, new byte[length]));
        Assert.Throws<ArgumentException>(() => PngWriter.Write(path, width, height, channels, new byte[length]));

        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void WriteToPath_KeepsTheOldFileWhenTheArgumentsAreBad()
    {
        using var dir = new TempDirectory();
        string path = dir.File("grid.png");
        PngWriter.Write(path, 2, 2, 1, [1, 2, 3, 4]);
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => PngWriter.Write(path, 2, 2, 1, [1, 2, 3]));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["grid.png"], dir.Entries());
    }

    private static byte[] RandomPixels(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        // Some runs of equal bytes too, so the deflate stream has matches as well as literals.
        for (int i = 0; i < length / 3; i++)
        {
            bytes[i] = (byte)(i / 17);
        }

        return bytes;
    }
}

/// <summary>A decoded 8-bit, non-interlaced PNG.</summary>
internal sealed record PngImage(int Width, int Height, int BitDepth, int ColourType, int IdatCount, byte[] Pixels)
{
    public int Channels => ColourType == 2 ? 3 : 1;
}

/// <summary>
/// An independent, strict reader for the PNGs <see cref="PngWriter"/> writes: checks the signature, walks
/// the chunks checking each CRC with a bitwise CRC-32, requires IHDR first, consecutive IDATs and an empty
/// IEND last, inflates the IDAT data and undoes the per-scanline filters (all five types).
/// </summary>
internal static class PngTestDecoder
{
    public static PngImage Decode(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        int at = 8;
        while (at < png.Length)
        {
            Assert.True(at + 12 <= png.Length, "truncated chunk header");
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            Assert.InRange(length, 0, png.Length - at - 12);
            byte[] typeAndData = png.AsSpan(at + 4, 4 + length).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            string type = Encoding.ASCII.GetString(typeAndData, 0, 4);
            Assert.True(BitwiseCrc32(typeAndData) == crc, $"bad CRC in chunk {type}");
            chunks.Add((type, typeAndData[4..]));
            at += 12 + length;
        }

        Assert.Equal(png.Length, at);
        Assert.True(chunks.Count >= 3);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Empty(chunks[^1].Data);
        List<string> middle = chunks.Skip(1).SkipLast(1).Select(c => c.Type).ToList();
        Assert.All(middle, t => Assert.Equal("IDAT", t));

        byte[] ihdr = chunks[0].Data;
        Assert.Equal(13, ihdr.Length);
        int width = BinaryPrimitives.ReadInt32BigEndian(ihdr);
        int height = BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4));
        int bitDepth = ihdr[8];
        int colourType = ihdr[9];
        Assert.Equal(0, ihdr[10]);   // compression
        Assert.Equal(0, ihdr[11]);   // filter method
        Assert.Equal(0, ihdr[12]);   // interlace
        Assert.Equal(8, bitDepth);
        Assert.Contains(colourType, new[] { 0, 2 });
        int channels = colourType == 2 ? 3 : 1;

        var compressed = new MemoryStream();
        foreach ((string _, byte[] data) in chunks.Skip(1).SkipLast(1))
        {
            compressed.Write(data);
        }

        compressed.Position = 0;
        var raw = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(raw);
        }

        int stride = width * channels;
        byte[] filtered = raw.ToArray();
        Assert.Equal(height * (stride + 1), filtered.Length);
        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            int filter = filtered[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int left = i >= channels ? pixels[(y * stride) + i - channels] : 0;
                int up = y > 0 ? pixels[((y - 1) * stride) + i] : 0;
                int upLeft = y > 0 && i >= channels ? pixels[((y - 1) * stride) + i - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"filter type {filter} in row {y}"),
                };
                pixels[(y * stride) + i] = (byte)(filtered[(y * (stride + 1)) + 1 + i] + predictor);
            }
        }

        return new PngImage(width, height, bitDepth, colourType, middle.Count, pixels);
    }

    /// <summary>CRC-32 (polynomial 0xEDB88320, reflected, initial and final XOR 0xFFFFFFFF), one bit at a time.</summary>
    public static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
            }
        }

        return ~crc;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
