using System.Diagnostics;
using KrrDistill.Data;
using KrrDistill.Output;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Every output path is checked before any work (writable, not a directory, device or FIFO, distinct from every input
/// and from each other), in well under a second, with nothing written and every input untouched.
/// </summary>
public sealed class OutputSafetyTests
{
    [Theory]
    [InlineData("--png", "d.npz", "--png d.npz is the same file as --out")]
    [InlineData("--metrics", "./d.npz", "--metrics ./d.npz is the same file as --out")]
    [InlineData("--metrics", "link/d.npz", "--metrics link/d.npz is the same file as --out")]
    [InlineData("--png", "x.metrics.json", "--metrics x.metrics.json is the same file as --png")]
    public void OutputsThatNameOneFile_AreRefusedBeforeWork(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        Directory.CreateSymbolicLink(dir.File("link"), dir.Path);
        string[] extra = option == "--png" && value == "x.metrics.json" ? ["--metrics", dir.File("x.metrics.json")] : [];
        CliRun run = CliRun.Of(["distill", "--dataset", "fashion-mnist-sample", "--out", dir.File("d.npz"), option, dir.File(value), .. extra]);
        run.AssertBadInput(expected.Replace(value, dir.File(value), StringComparison.Ordinal));
        Assert.Equal(["link"], dir.Entries());
    }

    [Theory]
    [InlineData("distill", "--out", "data.npz")]
    [InlineData("distill", "--png", "./data.npz")]
    [InlineData("distill", "--metrics", "link/data.npz")]
    [InlineData("kip", "--out", "data.npz")]
    [InlineData("fit", "--save-model", "link/data.npz")]
    public void AnOutputThatIsTheInput_IsRefused_AndTheInputIsUntouched(string command, string option, string value)
    {
        using var dir = new TempDirectory();
        Directory.CreateSymbolicLink(dir.File("link"), dir.Path);
        WriteDataSet(dir.File("data.npz"));
        byte[] before = File.ReadAllBytes(dir.File("data.npz"));
        string data = dir.File("data.npz");
        string[] args = command == "fit" ? ["fit", "--dataset", data, option, dir.File(value)] : [command, "--dataset", data, "--ipc", "1", option, dir.File(value)];
        var clock = Stopwatch.StartNew();
        CliRun run = CliRun.Of(args);
        run.AssertBadInput($"{option} {dir.File(value)} is an input of this command");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal(before, File.ReadAllBytes(dir.File("data.npz")));
        Assert.Equal(["data.npz", "link"], dir.Entries());
    }

    [Fact]
    public void AnOutputThatIsAFileOfANamedDataSet_IsRefused()
    {
        using var dir = new TempDirectory();
        string sample = Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist");
        foreach (string file in Directory.GetFiles(sample, "*.gz"))
        {
            File.Copy(file, dir.File(Path.GetFileName(file)));
        }

        string target = dir.File("train-labels-idx1-ubyte.gz");
        byte[] before = File.ReadAllBytes(target);
        CliRun run = CliRun.Of("fit", "--dataset", "fashion-mnist", "--data-dir", dir.Path, "--save-model", target);
        run.AssertBadInput("is an input of this command");
        Assert.Equal(before, File.ReadAllBytes(target));
    }

    [Theory]
    [InlineData("--metrics", "/dev/null", "is a character device")]
    [InlineData("--out", "fifo.npz", "is a FIFO (named pipe)")]
    [InlineData("--png", "sub", "is a directory")]
    [InlineData("--out", "missing/d.npz", "does not exist")]
    [InlineData("--out", "/proc/d.npz", "cannot write in directory /proc")]
    [InlineData("--out", "", "--out needs a file name")]
    public void UnusableOutputs_AreRefusedBeforeWork_NamingTheOption(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        MakeFifo(dir.File("fifo.npz"));
        Directory.CreateDirectory(dir.File("sub"));
        string path = value.Length == 0 || value.StartsWith('/') ? value : dir.File(value);
        var clock = Stopwatch.StartNew();
        CliRun run = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--ipc", "1", option, path);
        run.AssertBadInput(expected);
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.DoesNotContain("loading", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["fifo.npz", "sub"], dir.Entries());
    }

    [Fact]
    public async Task AFifoOrDeviceAsDataFile_IsRefusedWithoutBlocking()
    {
        using var dir = new TempDirectory();
        MakeFifo(dir.File("pipe.npz"));
        CliRun fifo = await Task.Run(() => CliRun.Of("fit", "--dataset", dir.File("pipe.npz")), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        fifo.AssertBadInput("is a FIFO (named pipe); data files must be regular files");

        File.CreateSymbolicLink(dir.File("zero.csv"), "/dev/zero");
        File.CreateSymbolicLink(dir.File("zero.test.csv"), "/dev/zero");
        CliRun device = await Task.Run(() => CliRun.Of("fit", "--dataset", dir.File("zero.csv")), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        device.AssertBadInput("is a character device");
    }

    [Fact]
    public void AFailedRun_WritesNothing_AndASuccessfulOneWritesTheWholeSet()
    {
        using var dir = new TempDirectory();
        WriteDataSet(dir.File("data.npz"));
        CliRun failed = CliRun.Of("distill", "--dataset", dir.File("data.npz"), "--ipc", "1", "--lambda-s", "-1", "--out", dir.File("d.npz"));
        failed.AssertBadInput("--lambda-s");
        Assert.Equal(["data.npz"], dir.Entries());

        CliRun ok = CliRun.Of("distill", "--dataset", dir.File("data.npz"), "--ipc", "1", "--out", dir.File("d.npz"));
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Equal(["d.metrics.json", "d.npz", "data.npz"], dir.Entries()); // no PNG for non-image data, no temporaries
    }

    [Fact]
    public void StaleTemporariesOfAKilledRun_AreRemovedByTheNextRun()
    {
        using var dir = new TempDirectory();
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();
        string stale = dir.File($".d.npz.krr-{TemporaryFiles.Host}-{exited.Id}-00112233aabb.tmp");
        File.WriteAllText(stale, "left by a SIGKILL");
        WriteDataSet(dir.File("data.npz"));

        CliRun run = CliRun.Of("fit", "--dataset", dir.File("data.npz"), "--save-model", dir.File("model.npz"));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["data.npz", "model.npz"], dir.Entries());
    }

    /// <summary>A small two-class data set as an npz file (non-image: x is (n, 6)).</summary>
    internal static void WriteDataSet(string path)
    {
        var random = new Random(5);
        NpyArray Inputs(int n) => NpyArray.FromDoubles([.. Enumerable.Range(0, n * 6).Select(_ => random.NextDouble())], [n, 6]);
        NpyArray Labels(int n) => NpyArray.FromInt64([.. Enumerable.Range(0, n).Select(i => (long)(i % 2))], [n]);
        NpzWriter.Write(path, [new("x_train", Inputs(60)), new("y_train", Labels(60)), new("x_test", Inputs(20)), new("y_test", Labels(20))]);
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
