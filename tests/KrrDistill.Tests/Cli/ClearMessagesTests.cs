using System.IO.Compression;
using KrrDistill.Data;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Refusals that used to be unhelpful (a .NET exception text, an internal error, or the parser's generic line) now
/// say what is wrong and what is expected, with exit code 2.
/// </summary>
public class ClearMessagesTests
{
    [Fact]
    public void UnknownCommand_ListsTheCommands()
    {
        CliRun run = CliRun.Of("frobnicate", "--dataset", "mnist");
        run.AssertBadInput("unknown command 'frobnicate'");
        Assert.Contains("distill, fit", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void NoCommand_SaysOneIsNeeded() => CliRun.Of().AssertBadInput("a command is needed");

    [Fact]
    public void EmptyDataset_IsRefusedByName() => CliRun.Of("fit", "--dataset", " ").AssertBadInput("--dataset is empty");

    [Fact]
    public void EmptyDataDirectory_IsRefusedByName()
        => CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--data-dir", "").AssertBadInput("--data-dir is empty");

    [Fact]
    public void ZeroWidthData_IsADataError()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "w0.npz");
        NpzWriter.Write(path, new Dictionary<string, NpyArray>
        {
            ["x_train"] = NpyArray.FromDoubles([], 4, 0),
            ["y_train"] = NpyArray.FromInt64([0, 1, 0, 1], 4),
            ["x_test"] = NpyArray.FromDoubles([], 2, 0),
            ["y_test"] = NpyArray.FromInt64([0, 1], 2),
        });
        CliRun.Of("fit", "--dataset", path).AssertBadInput("no features (width 0)");
    }

    [Fact]
    public void GzipWithABadChecksum_SaysSoRatherThanTheRuntimesText()
    {
        using var dir = new TempDirectory();
        BadInputTests.WriteMnistLike(dir.Path, train: 20, test: 5);
        string labels = Path.Combine(dir.Path, "train-labels-idx1-ubyte");
        using (FileStream target = File.Create(labels + ".gz"))
        using (var gzip = new GZipStream(target, CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(labels));
        }

        File.Delete(labels);
        byte[] bytes = File.ReadAllBytes(labels + ".gz");
        bytes[^6] ^= 0xFF; // inside the CRC-32 trailer
        File.WriteAllBytes(labels + ".gz", bytes);
        CliRun run = CliRun.Of("fit", "--dataset", "mnist", "--data-dir", dir.Path);
        run.AssertBadInput("corrupt gzip data");
        Assert.DoesNotContain("compression method", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void KipRefusesLambdaWhichItDoesNotTakeBeforeAnyWork()
    {
        CliRun run = CliRun.Of("kip", "--dataset", "fashion-mnist-sample", "--lambda", "1", "--steps", "1000");
        run.AssertBadInput("'--lambda' is not an option of kip (it is one of distill, fit)");
        Assert.DoesNotContain("features", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty test", 6, 0, new long[] { 0, 1, 0, 1, 0, 1 }, "x_test has no samples")]
    [InlineData("stray label", 6, 2, new long[] { 0, 1, 0, 1, 0, 999_999 }, "1000000 classes for 8 samples in all; labels must be 0…k−1 with k at most 1000")]
    public void NpzDataThatCannotGiveTheReportedNumbers_IsRefused(string what, int train, int test, long[] labels, string fragment)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, $"{what.Replace(' ', '-')}.npz");
        NpzWriter.Write(path, new Dictionary<string, NpyArray>
        {
            ["x_train"] = NpyArray.FromDoubles(new double[train * 3], train, 3),
            ["y_train"] = NpyArray.FromInt64(labels, train),
            ["x_test"] = NpyArray.FromDoubles(new double[test * 3], test, 3),
            ["y_test"] = NpyArray.FromInt64(new long[test], test),
        });
        CliRun.Of("fit", "--dataset", path).AssertBadInput(fragment);
    }
}
