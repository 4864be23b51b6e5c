using KrrDistill.Data;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>Bad input: one clear line naming the file or option, exit code 2, no partial output file.</summary>
public class BadInputTests
{
    [Fact]
    public void NegativeLambda() => CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--lambda", "-1").AssertBadInput("--lambda");

    [Fact]
    public void NanLambda() => CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--lambda", "NaN").AssertBadInput("--lambda");

    [Fact]
    public void UnknownDataSet() => CliRun.Of("fit", "--dataset", "imagenet").AssertBadInput("unknown data set 'imagenet'");

    [Fact]
    public void UnknownFeatureMap() => CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "gaussian").AssertBadInput("gaussian");

    [Fact]
    public void MissingRequiredOption() => CliRun.Of("fit").AssertBadInput("--dataset");

    [Fact]
    public void ZeroWidth() => CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--width", "0").AssertBadInput("--width");

    [Fact]
    public void TruncatedImageFileIsNamed()
    {
        using var dir = new TempDirectory();
        WriteMnistLike(dir.Path, train: 20, test: 5);
        string images = Path.Combine(dir.Path, "train-images-idx3-ubyte");
        byte[] bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..(bytes.Length - 100)]);
        CliRun.Of("fit", "--dataset", "mnist", "--data-dir", dir.Path).AssertBadInput(images);
    }

    [Fact]
    public void ImagesAndLabelsOfDifferentCountsNameBothFiles()
    {
        using var dir = new TempDirectory();
        WriteMnistLike(dir.Path, train: 20, test: 5);
        IdxWriter.Write(Path.Combine(dir.Path, "train-labels-idx1-ubyte"), new IdxArray([19], new byte[19]));
        CliRun run = CliRun.Of("fit", "--dataset", "mnist", "--data-dir", dir.Path);
        run.AssertBadInput("train-labels-idx1-ubyte");
        Assert.Contains("train-images-idx3-ubyte", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void NanInCsvIsNamedByLineAndColumn()
    {
        using var dir = new TempDirectory();
        string train = dir.File("toy.train.csv");
        File.WriteAllText(train, "0,1.0,2.0\n1,NaN,1.0\n0,0.5,0.5\n");
        File.WriteAllText(dir.File("toy.test.csv"), "0,1.0,2.0\n1,3.0,1.0\n");
        CliRun.Of("fit", "--dataset", train, "--features", "identity", "--lambda", "1").AssertBadInput("line 2");
    }

    [Fact]
    public void UnwritableModelPathLeavesNoFile()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "no-such-dir", "model.npz");
        CliRun run = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--lambda", "1", "--save-model", path);
        run.AssertBadInput("--save-model");
        Assert.Contains("does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void FailedSaveKeepsAnExistingModelIntact()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.npz");
        File.WriteAllText(path, "previous");
        Directory.CreateDirectory(dir.File("blocker"));

        // A save that fails (the target is a directory) must not leave temporaries or touch other files.
        CliRun run = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--lambda", "1", "--save-model", dir.File("blocker"));
        run.AssertBadInput("is a directory");
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["blocker", "model.npz"], dir.Entries());
    }

    internal static void WriteMnistLike(string directory, int train, int test)
    {
        var random = new Random(1);
        foreach ((string prefix, int n) in new[] { ("train", train), ("t10k", test) })
        {
            byte[] pixels = new byte[n * 784];
            random.NextBytes(pixels);
            byte[] labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
            IdxWriter.Write(Path.Combine(directory, $"{prefix}-images-idx3-ubyte"), new IdxArray([n, 28, 28], pixels));
            IdxWriter.Write(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte"), new IdxArray([n], labels));
        }
    }
}
