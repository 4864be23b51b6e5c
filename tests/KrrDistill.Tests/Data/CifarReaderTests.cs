using KrrDistill.Data;

namespace KrrDistill.Tests.Data;

public sealed class CifarReaderTests
{
    /// <summary>Records of <paramref name="labels"/>.Length label bytes each, then 3072 pixels whose value encodes (record, position).</summary>
    private static byte[] Records(int count, Func<int, byte[]> labels)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < count; i++)
        {
            bytes.AddRange(labels(i));
            for (int p = 0; p < CifarReader.ImageBytes; p++)
            {
                bytes.Add(Pixel(i, p));
            }
        }

        return bytes.ToArray();
    }

    private static byte Pixel(int record, int position) => (byte)((record * 31) + (position * 7) + (position >> 10));

    [Fact]
    public void ReadCifar10_GeneratedBatches_ConcatenatesImagesAndLabels()
    {
        using var dir = new TempDirectory();
        string a = dir.File("data_batch_1.bin");
        string b = dir.File("data_batch_2.bin");
        File.WriteAllBytes(a, Records(3, i => [(byte)(i + 1)]));
        File.WriteAllBytes(b, Records(2, i => [(byte)(9 - i)]));

        CifarBatch batch = CifarReader.ReadCifar10(a, b);

        Assert.Equal(5, batch.Count);
        Assert.Equal([1, 2, 3, 9, 8], batch.Labels);
        Assert.Equal(5 * 3072, batch.Pixels.Length);
        for (int p = 0; p < 3072; p++)
        {
            Assert.Equal(Pixel(2, p), batch.Pixels[(2 * 3072) + p]);
            Assert.Equal(Pixel(1, p), batch.Pixels[(4 * 3072) + p]);
        }
    }

    [Theory]
    [InlineData(CifarLabelKind.Fine)]
    [InlineData(CifarLabelKind.Coarse)]
    public void ReadCifar100_GeneratedFile_ReadsChosenLabels(CifarLabelKind kind)
    {
        using var dir = new TempDirectory();
        string path = dir.File("train.bin");
        File.WriteAllBytes(path, Records(4, i => [(byte)(19 - i), (byte)(99 - (10 * i))]));

        CifarBatch batch = CifarReader.ReadCifar100(kind, path);

        Assert.Equal(kind == CifarLabelKind.Fine ? [99, 89, 79, 69] : new[] { 19, 18, 17, 16 }, batch.Labels);
        Assert.Equal(Pixel(3, 3071), batch.Pixels[^1]);
        Assert.Equal(Pixel(0, 0), batch.Pixels[0]);
        Assert.Equal(batch.Labels, CifarReader.ReadCifar100(kind, path).Labels);
    }

    [Fact]
    public void ReadCifar100_DefaultsToFineLabels()
    {
        using var dir = new TempDirectory();
        string path = dir.File("test.bin");
        File.WriteAllBytes(path, Records(1, _ => [3, 42]));

        Assert.Equal([42], CifarReader.ReadCifar100(path).Labels);
    }

    [Fact]
    public void Read_LengthNotMultipleOfRecord_IsRefusedNamingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("data_batch_3.bin");
        File.WriteAllBytes(path, Records(2, _ => [1])[..^5]);

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10(path));

        Assert.Equal($"{path}: 6141 bytes is not a whole number of CIFAR-10 records of 3073 bytes (truncated, or not a CIFAR-10 binary file?).", e.Message);
    }

    [Fact]
    public void Read_Cifar100FileAsCifar10_IsRefusedByLength()
    {
        using var dir = new TempDirectory();
        string path = dir.File("train.bin");
        File.WriteAllBytes(path, Records(3, _ => [1, 2]));

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10(path));

        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LabelOutOfRange_IsRefusedNamingFileAndRecord()
    {
        using var dir = new TempDirectory();
        string c10 = dir.File("test_batch.bin");
        string c100 = dir.File("test.bin");
        File.WriteAllBytes(c10, Records(3, i => [(byte)(i == 2 ? 10 : 0)]));
        File.WriteAllBytes(c100, Records(2, i => [(byte)(i == 1 ? 20 : 0), 5]));

        Assert.Equal(
            $"{c10}: record 2 has label 10, outside 0..9 for CIFAR-10.",
            Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10(c10)).Message);
        Assert.Equal(
            $"{c100}: record 1 has label 20, outside 0..19 for CIFAR-100.",
            Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100(CifarLabelKind.Coarse, c100)).Message);
        Assert.Equal([5, 5], CifarReader.ReadCifar100(CifarLabelKind.Fine, c100).Labels);
    }

    [Fact]
    public void Read_EmptyOrMissingFile_IsRefused()
    {
        using var dir = new TempDirectory();
        string empty = dir.File("empty.bin");
        File.WriteAllBytes(empty, []);

        Assert.StartsWith(empty + ": empty file", Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10(empty)).Message, StringComparison.Ordinal);
        Assert.Equal(dir.File("none.bin") + ": no such file.", Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10(dir.File("none.bin"))).Message);
    }
}
