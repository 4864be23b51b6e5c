using System.IO.Compression;
using KrrDistill.Data;

namespace KrrDistill.Tests.Data;

public sealed class NpzFileTests
{
    private static KeyValuePair<string, NpyArray> Entry(string key, NpyArray array) => new(key, array);

    private static List<KeyValuePair<string, NpyArray>> Artefact() =>
    [
        Entry("x_s", NpyArray.FromDoubles([0.5, -1.25, 3, 4, 5, 6], 2, 3)),
        Entry("y_s", NpyArray.FromDoubles([1, 0, 0, 1], 2, 2)),
        Entry("lambda_s", NpyArray.Scalar(1e-6)),
        Entry("image_shape", NpyArray.FromInt64([1, 28, 28])),
        Entry("feature_kind", NpyArray.FromString("fcnn")),
        Entry("pixels", NpyArray.FromBytes([1, 2, 3], 3, 1)),
        Entry("weights32", NpyArray.FromSingles([0.25f])),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteThenRead_RoundTripsAllArraysInOrder(bool compress)
    {
        using var dir = new TempDirectory();
        string path = dir.File("distilled.npz");
        List<KeyValuePair<string, NpyArray>> arrays = Artefact();

        NpzWriter.Write(path, arrays, compress);
        NpzArchive read = NpzReader.Read(path);

        Assert.Equal(arrays.Select(a => a.Key), read.Keys);
        foreach ((string key, NpyArray array) in arrays)
        {
            Assert.Equal(array.DType, read[key].DType);
            Assert.Equal(array.Shape, read[key].Shape);
            Assert.Equal(array.Data, read[key].Data);
        }

        Assert.Equal(["distilled.npz"], dir.Entries());
    }

    [Fact]
    public void Write_EntriesAreNpyFilesStoredOrDeflated()
    {
        using var stored = new MemoryStream();
        using var deflated = new MemoryStream();
        NpzWriter.Write(stored, Artefact());
        NpzWriter.Write(deflated, [Entry("zeros", NpyArray.FromDoubles(new double[10_000]))], compress: true);

        using var zip = new ZipArchive(new MemoryStream(stored.ToArray()), ZipArchiveMode.Read);
        Assert.Equal(Artefact().Select(a => a.Key + ".npy"), zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(e.Length, e.CompressedLength));
        Assert.True(deflated.Length < 10_000);
    }

    [Fact]
    public void Write_IsDeterministic()
    {
        using var a = new MemoryStream();
        using var b = new MemoryStream();

        NpzWriter.Write(a, Artefact());
        NpzWriter.Write(b, Artefact());

        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Read_NumpySavez()
    {
        using var dir = new TempDirectory();
        string path = dir.File("numpy.npz");
        File.WriteAllBytes(path, NumpyReference.Bytes(NumpyReference.Npz));

        NpzArchive read = NpzReader.Read(path);

        Assert.Equal(["x_s", "meta_json", "image_shape"], read.Keys);
        Assert.Equal(new[] { 0.0, 1.0, 2.0, 3.0 }, read.GetNumeric("x_s", 2, 2).Data);
        Assert.Equal("{\"a\": 1}", read.GetString("meta_json"));
        Assert.Equal(new long[] { 1, 2, 2 }, read.GetNumeric("image_shape", 3).Data);
    }

    [Fact]
    public void Read_NumpySavezCompressed()
    {
        using var stream = new MemoryStream(NumpyReference.Bytes(NumpyReference.NpzCompressed));

        NpzArchive read = NpzReader.Read(stream, "c.npz");

        Assert.Equal(["b", "a"], read.Keys);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, read["b"].Data);
        Assert.Equal(new[] { 0.5 }, read.GetNumeric("a").Data);
    }

    [Fact]
    public void MissingKey_IsRefusedNamingArchiveAndKey()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.npz");
        NpzWriter.Write(path, [Entry("w", NpyArray.FromDoubles([1, 2], 1, 2)), Entry("lambda", NpyArray.Scalar(0.1))]);
        NpzArchive archive = NpzReader.Read(path);

        var e = Assert.Throws<DataFormatException>(() => archive["feature_kind"]);

        Assert.Equal($"{path}: no array 'feature_kind' (keys present: w, lambda).", e.Message);
        Assert.False(archive.ContainsKey("feature_kind"));
        Assert.False(archive.TryGetValue("feature_kind", out _));
    }

    [Fact]
    public void WrongShapeOrKind_IsRefusedNamingKey()
    {
        var archive = new NpzArchive("a.npz", Artefact());

        Assert.Equal(
            "a.npz: 'x_s' has shape (2, 3), expected (*, 4).",
            Assert.Throws<DataFormatException>(() => archive.GetNumeric("x_s", -1, 4)).Message);
        Assert.Equal(
            "a.npz: 'lambda_s' has shape (), expected (1,).",
            Assert.Throws<DataFormatException>(() => archive.GetNumeric("lambda_s", 1)).Message);
        Assert.Equal(
            "a.npz: 'feature_kind' holds text (<U4), expected numbers.",
            Assert.Throws<DataFormatException>(() => archive.GetNumeric("feature_kind")).Message);
        Assert.Equal(
            "a.npz: 'x_s' is <f8 of shape (2, 3), expected a single string.",
            Assert.Throws<DataFormatException>(() => archive.GetString("x_s")).Message);
        Assert.Same(archive["x_s"], archive.GetNumeric("x_s", 2, -1));
    }

    [Fact]
    public void BadEntry_IsRefusedNamingArchiveAndKey()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.npz");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            using (Stream s = zip.CreateEntry("good.npy").Open())
            {
                NpyWriter.Write(s, NpyArray.Scalar(1));
            }

            using (Stream s = zip.CreateEntry("w.npy").Open())
            {
                s.Write(NumpyReference.Bytes(NumpyReference.ObjectArray));
            }
        }

        var e = Assert.Throws<DataFormatException>(() => NpzReader.Read(path));

        Assert.StartsWith($"{path}, key 'w': object arrays (dtype |O) are not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedEntry_IsRefusedNamingKey()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.npz");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            using Stream s = zip.CreateEntry("x_s.npy").Open();
            using var full = new MemoryStream();
            NpyWriter.Write(full, NpyArray.FromDoubles([1, 2, 3]));
            s.Write(full.ToArray().AsSpan(0, (int)full.Length - 8));
        }

        var e = Assert.Throws<DataFormatException>(() => NpzReader.Read(path));

        Assert.Equal($"{path}, key 'x_s': truncated: header says shape (3,) of <f8 = 24 bytes, the file holds 16.", e.Message);
    }

    [Fact]
    public void NotAZipOrForeignEntry_IsRefused()
    {
        using var dir = new TempDirectory();
        string notZip = dir.File("a.npz");
        File.WriteAllBytes(notZip, NumpyReference.Bytes(NumpyReference.Arange3));
        string foreign = dir.File("b.npz");
        using (var zip = new ZipArchive(File.Create(foreign), ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }

        Assert.StartsWith(notZip + ": not an NPZ (zip) archive", Assert.Throws<DataFormatException>(() => NpzReader.Read(notZip)).Message, StringComparison.Ordinal);
        Assert.Equal(foreign + ": entry 'readme.txt' is not an .npy array.", Assert.Throws<DataFormatException>(() => NpzReader.Read(foreign)).Message);
    }

    [Fact]
    public void Write_BadKeys_AreRefusedAndLeaveNoFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.npz");

        Assert.Throws<ArgumentException>(() => NpzWriter.Write(path, [Entry("a", NpyArray.Scalar(1)), Entry("a", NpyArray.Scalar(2))]));
        Assert.Throws<ArgumentException>(() => NpzWriter.Write(path, [Entry("", NpyArray.Scalar(1))]));

        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void EncryptedEntry_IsRefusedByKey()
    {
        using var dir = new TempDirectory();
        string path = dir.File("locked.npz");
        NpzWriter.Write(path, [new KeyValuePair<string, NpyArray>("x", NpyArray.FromDoubles([1.0, 2.0], 2))]);
        byte[] bytes = File.ReadAllBytes(path);

        // Set bit 0 (encrypted) of the general-purpose flags in the local header (offset 6) and the central directory
        // record (offset 8) of the one entry.
        for (int i = 0; i + 4 <= bytes.Length; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 3 && bytes[i + 3] == 4)
            {
                bytes[i + 6] |= 1;
            }
            else if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 1 && bytes[i + 3] == 2)
            {
                bytes[i + 8] |= 1;
            }
        }

        File.WriteAllBytes(path, bytes);
        DataFormatException e = Assert.Throws<DataFormatException>(() => NpzReader.Read(path));
        Assert.Contains("key 'x'", e.Message, StringComparison.Ordinal);
        Assert.Contains("encrypted", e.Message, StringComparison.Ordinal);
    }
}
