using System.IO.Compression;
using KrrDistill.Data;

namespace KrrDistill.Tests.Data;

public sealed class IdxFileTests
{
    private static IdxArray Sample(int count, int rows, int cols, int seed = 1)
    {
        var data = new byte[count * rows * cols];
        new Random(seed).NextBytes(data);
        return new IdxArray([count, rows, cols], data);
    }

    private static byte[] Header(byte type, params int[] dims)
    {
        var header = new byte[4 + (4 * dims.Length)];
        header[2] = type;
        header[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), dims[i]);
        }

        return header;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData("images-idx3-ubyte", null)]
    [InlineData("images-idx3-ubyte.gz", null)]
    [InlineData("compressed-without-extension", true)]
    [InlineData("raw-despite-extension.gz", false)]
    public void WriteThenRead_RoundTrips_RawOrGzipByMagicBytes(string name, bool? gzip)
    {
        using var dir = new TempDirectory();
        string path = dir.File(name);
        IdxArray original = Sample(7, 28, 28);

        IdxWriter.Write(path, original, gzip);
        IdxArray read = IdxReader.Read(path);

        bool isGzip = File.ReadAllBytes(path) is [0x1f, 0x8b, ..];
        Assert.Equal(gzip ?? name.EndsWith(".gz", StringComparison.Ordinal), isGzip);
        Assert.Equal([7, 28, 28], read.Shape);
        Assert.Equal(original.Data, read.Data);
        Assert.Equal(7, read.Count);
        Assert.Equal(784, read.ItemSize);
    }

    [Fact]
    public void Read_OneDimensionalLabels()
    {
        using var dir = new TempDirectory();
        string path = dir.File("labels");
        File.WriteAllBytes(path, [.. Header(0x08, 3), 5, 0, 9]);

        IdxArray read = IdxReader.Read(path);

        Assert.Equal([3], read.Shape);
        Assert.Equal([5, 0, 9], read.Data);
    }

    [Fact]
    public void Read_RawFileWrittenByHand_MatchesTheFormat()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x");
        File.WriteAllBytes(path, [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);

        IdxArray read = IdxReader.Read(path);

        Assert.Equal([2, 3], read.Shape);
        Assert.Equal([1, 2, 3, 4, 5, 6], read.Data);
    }

    [Fact]
    public void Read_TruncatedRawFile_IsRefusedNamingFileAndSizes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("train-images-idx3-ubyte");
        File.WriteAllBytes(path, [.. Header(0x08, 60000, 28, 28), .. new byte[1000]]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.Equal($"{path}: truncated: header says 60000×28×28 = 47040000 bytes, file holds 1000.", e.Message);
    }

    [Fact]
    public void Read_TruncatedGzipFile_IsRefusedNamingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t10k-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, Gzip([.. Header(0x08, 10, 4, 4), .. new byte[100]]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.StartsWith(path + ": truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("10×4×4 = 160 bytes", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Read_GzipStreamCutShort_IsRefusedNamingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.gz");
        byte[] whole = Gzip([.. Header(0x08, 50, 28, 28), .. Enumerable.Range(0, 50 * 784).Select(i => (byte)(i * 7))]);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedHeader_IsRefused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("short");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.StartsWith(path + ": truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongMagic_IsRefusedNamingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("not-idx");
        File.WriteAllBytes(path, "PK\u0003\u0004 this is a zip file"u8.ToArray());

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.StartsWith(path + ": not an IDX file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0D, "float32")]
    [InlineData(0x09, "signed byte")]
    [InlineData(0x0C, "int32")]
    public void Read_NonUnsignedByteType_IsRefusedByName(byte type, string typeName)
    {
        using var dir = new TempDirectory();
        string path = dir.File("floats");
        File.WriteAllBytes(path, [.. Header(type, 2), .. new byte[8]]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(typeName, e.Message, StringComparison.Ordinal);
        Assert.Contains("only unsigned byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrailingGarbage_IsRefused_RawAndGzip()
    {
        using var dir = new TempDirectory();
        byte[] bytes = [.. Header(0x08, 2, 2), 1, 2, 3, 4, 99, 98, 97];
        string raw = dir.File("raw");
        string gz = dir.File("gz");
        File.WriteAllBytes(raw, bytes);
        File.WriteAllBytes(gz, Gzip(bytes));

        var e1 = Assert.Throws<DataFormatException>(() => IdxReader.Read(raw));
        var e2 = Assert.Throws<DataFormatException>(() => IdxReader.Read(gz));

        Assert.Equal($"{raw}: 3 bytes of trailing data: header says 2×2 = 4 bytes, file holds 7.", e1.Message);
        Assert.Equal($"{gz}: 3 bytes of trailing data: header says 2×2 = 4 bytes, decompressed data hold 7.", e2.Message);
    }

    [Theory]
    [InlineData(new[] { int.MaxValue, int.MaxValue })]
    [InlineData(new[] { 1 << 20, 1 << 20, 1 << 20 })]
    public void Read_AbsurdDimensions_AreRefusedWithoutAllocating(int[] dims)
    {
        using var dir = new TempDirectory();
        string path = dir.File("absurd.gz");
        File.WriteAllBytes(path, Gzip([.. Header(0x08, dims), 1, 2, 3]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.StartsWith(path + ": header says", e.Message, StringComparison.Ordinal);
        Assert.Contains("more than can be loaded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NegativeDimensionOrZeroRank_IsRefused()
    {
        using var dir = new TempDirectory();
        string negative = dir.File("negative");
        string rank0 = dir.File("rank0");
        File.WriteAllBytes(negative, [0, 0, 8, 1, 0xff, 0xff, 0xff, 0xfe]);
        File.WriteAllBytes(rank0, [0, 0, 8, 0]);

        Assert.Contains("absurd", Assert.Throws<DataFormatException>(() => IdxReader.Read(negative)).Message, StringComparison.Ordinal);
        Assert.Contains("0 dimensions", Assert.Throws<DataFormatException>(() => IdxReader.Read(rank0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GzipPromisingMoreThanItCanHold_IsRefusedBeforeAllocating()
    {
        using var dir = new TempDirectory();
        string path = dir.File("liar.gz");
        File.WriteAllBytes(path, Gzip([.. Header(0x08, 60000, 200, 150), 1, 2, 3]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.StartsWith(path + ": truncated: header says 60000×200×150 = 1800000000 bytes, more than a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_IsDataFormatExceptionNamingIt()
    {
        using var dir = new TempDirectory();
        string path = dir.File("nope");

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.Equal($"{path}: no such file.", e.Message);
    }
}
