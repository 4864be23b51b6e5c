using System.IO.Compression;
using KrrDistill.Data;

namespace KrrDistill.Tests.Data;

/// <summary>An npz data set is checked from its array headers before any data is inflated.</summary>
public sealed class NpzDatasetPreflightTests
{
    [Fact]
    public void ACompressedEntryOfHundredsOfMegabytes_IsRefusedFromItsHeader_WithoutInflatingIt()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bomb.npz");
        const int Rows = 16_000, Width = 3_072; // 393 MB of zeros, a few hundred kB compressed
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            using (Stream x = zip.CreateEntry("x_train.npy", CompressionLevel.Fastest).Open())
            {
                x.Write(NpyHeader.Encode("<f8", [Rows, Width]));
                var zeros = new byte[1 << 20];
                for (long left = (long)Rows * Width * sizeof(double); left > 0; left -= zeros.Length)
                {
                    x.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
                }
            }

            foreach ((string key, NpyArray array) in new[]
            {
                ("y_train", NpyArray.FromInt64(new long[10], 10)),
                ("x_test", NpyArray.FromDoubles(new double[2 * Width], 2, Width)),
                ("y_test", NpyArray.FromInt64(new long[2], 2)),
            })
            {
                using Stream entry = zip.CreateEntry(key + ".npy", CompressionLevel.Fastest).Open();
                NpyWriter.Write(entry, array);
            }
        }

        Assert.True(new FileInfo(path).Length < 5_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(path, null));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal($"{path}: 'x_train' has {Rows} samples but 'y_train' has 10 labels.", e.Message);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes: the entry was inflated");
    }

    [Fact]
    public void ArraysThatCannotFitInMemory_AreRefusedNamingTheSizes()
    {
        NpyPreamble Header(string descr, params int[] shape)
        {
            long count = shape.Aggregate(1L, (a, b) => a * b);
            var type = new NpyReader.ElementType(descr[1], int.Parse(descr[2..], System.Globalization.CultureInfo.InvariantCulture));
            return new NpyPreamble(descr, false, shape, count, type, $"header says shape {NpyHeader.FormatShape(shape)} of {descr}");
        }

        KeyValuePair<string, NpyPreamble>[] arrays =
        [
            new("x_train", Header("<f4", 1_000_000, 3_072)),
            new("y_train", Header("<i8", 1_000_000)),
            new("x_test", Header("<f4", 10_000, 3_072)),
            new("y_test", Header("<i8", 10_000)),
        ];

        var e = Assert.Throws<DataFormatException>(() => NpzDatasetPreflight.Check("big.npz", arrays, availableBytes: 24L << 30));
        Assert.StartsWith("big.npz: its arrays need 34.", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("more than the 24.0 GiB this process may use.", e.Message, StringComparison.Ordinal);
        // With the memory, an array is still read whole, so it cannot hold more than one array can (a directory of
        // .npy files streams instead); at 500,000 × 3,072 it can.
        var whole = Assert.Throws<DataFormatException>(() => NpzDatasetPreflight.Check("big.npz", arrays, availableBytes: 40L << 30));
        Assert.StartsWith("big.npz: 'x_train': shape (1000000, 3072) holds more elements than can be loaded at once", whole.Message, StringComparison.Ordinal);
        NpzDatasetPreflight.Check("big.npz", [new("x_train", Header("<f4", 500_000, 3_072)), new("y_train", Header("<i8", 500_000)), arrays[2], arrays[3]], availableBytes: 40L << 30);

        // Every entry is read, so an extra one counts too; a key twice is refused before either is read.
        KeyValuePair<string, NpyPreamble>[] small = [.. arrays.Select(a => new KeyValuePair<string, NpyPreamble>(a.Key, Header(a.Value.Descr, [.. a.Value.Shape.Select(n => Math.Min(n, 10))])))];
        NpzDatasetPreflight.Check("padded.npz", small, availableBytes: 4L << 30);
        var extra = Assert.Throws<DataFormatException>(() => NpzDatasetPreflight.Check("padded.npz", [.. small, new("pad", Header("<f8", 1_000_000_000))], availableBytes: 4L << 30));
        Assert.StartsWith("padded.npz: its arrays need 7.5 GiB", extra.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<DataFormatException>(() => NpzDatasetPreflight.Check("twice.npz", [.. small, small[0]], availableBytes: 4L << 30));
        Assert.Equal("twice.npz: key 'x_train' appears twice.", twice.Message);
    }

    [Theory]
    [InlineData("x_test", "no array 'x_test' (keys present: x_train, y_train, y_test)")]
    [InlineData("y_train", "no array 'y_train' (keys present: x_train, x_test, y_test)")]
    public void AMissingKey_IsNamed(string missing, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("d.npz");
        var arrays = new List<KeyValuePair<string, NpyArray>>
        {
            new("x_train", NpyArray.FromDoubles(new double[8], 4, 2)),
            new("y_train", NpyArray.FromInt64(new long[4], 4)),
            new("x_test", NpyArray.FromDoubles(new double[4], 2, 2)),
            new("y_test", NpyArray.FromInt64(new long[2], 2)),
        };
        NpzWriter.Write(path, arrays.Where(a => a.Key != missing));
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(path, null));
        Assert.Equal($"{path}: {expected}.", e.Message);
    }
}
