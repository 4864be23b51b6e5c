using KrrDistill.Output;
using KrrDistill.Tests.Data;
namespace KrrDistill.Tests.Output;

public sealed class AtomicFileTests
{
    [Fact]
    public void Write_CreatesFileWithContentAndNoTemporary()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.bin");

        AtomicFile.Write(path, s => s.Write([1, 2, 3]));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], dir.Entries());
    }

    [Fact]
    public void Write_WhenWriterThrows_LeavesNoFileAndNoTemporary()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.bin");

        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[10_000]);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", e.Message);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Write_ReplacesExistingFileOnlyOnSuccess()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.txt");
        File.WriteAllText(path, "old");

        var e = Assert.Throws<InputException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("partial"u8);
            throw new IOException("disk full");
        }));
        Assert.Equal($"{path}: cannot be written (disk full)", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["out.txt"], dir.Entries());

        AtomicFile.Write(path, s => s.Write("new"u8));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["out.txt"], dir.Entries());
    }

    [Fact]
    public void Write_TemporaryIsHiddenInSameDirectory()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.npz");
        string[]? during = null;

        AtomicFile.Write(path, s =>
        {
            s.WriteByte(42);
            during = dir.Entries();
        });

        string temporary = Assert.Single(during!);
        Assert.StartsWith(".model.npz.", temporary, StringComparison.Ordinal);
        Assert.EndsWith(".tmp", temporary, StringComparison.Ordinal);
        Assert.Equal(["model.npz"], dir.Entries());
    }

    [Fact]
    public void WriteAllText_WritesUtf8WithoutBom()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.json");

        AtomicFile.WriteAllText(path, "{\"λ\": 1}");

        Assert.Equal("{\"λ\": 1}"u8.ToArray(), File.ReadAllBytes(path));
    }
}
