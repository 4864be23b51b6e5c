using System.IO.Compression;
using System.Security.Cryptography;
using KrrDistill.Cli;
using KrrDistill.Data;
using KrrDistill.Data.Downloads;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Every example at the end of a command's help runs as written: in an empty directory, one after another, by bash,
/// with <c>krr-distill</c> on PATH and HOME a fresh directory, and
/// finishes with exit 0 and no error or warning. The fetch example runs in-process against a loopback mirror.
/// </summary>
public class CommandExamplesTests
{
    [Fact]
    public void EveryCommandHasAnExampleAndEveryExampleNamesItsCommand()
    {
        string[] commands = [.. CliApplication.Tree().Subcommands.Select(c => c.Name)];
        Assert.All(commands, c => Assert.Contains(CommandExamples.All, e => e.Command == c));
        Assert.All(CommandExamples.All, e => Assert.Matches($@"^(mkdir -p \S+ && )?krr-distill {e.Command}( |$)", e.Line));
        Assert.All(CommandExamples.All, e => Assert.True(e.Line.Length + 2 <= HelpLayout.MaxColumns, e.Line));
    }

    [Fact]
    public void EveryExampleButTheDownloadRunsAsWritten()
    {
        using var dir = new TempDirectory();
        string home = Home(dir);
        foreach (CommandExample example in CommandExamples.All.Where(e => e.Command != "fetch"))
        {
            Run(example, dir.Path, home, null);
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, "distilled.npz")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "reproduce", "report.md")));
        Assert.Contains("_krr_distill", File.ReadAllText(Path.Combine(home, ".bash_completion")), StringComparison.Ordinal);
        Assert.Contains("__krr_distill_complete", File.ReadAllText(Path.Combine(home, ".config/fish/completions/krr-distill.fish")), StringComparison.Ordinal);
        Assert.StartsWith("#compdef krr-distill", File.ReadAllText(Path.Combine(home, ".zfunc/_krr-distill")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheDownloadExampleFetchesVerifiesAndPlacesADataSetThatLoads()
    {
        // In-process, against a loopback mirror of a stand-in catalogue (the publishers' checksums are of files that
        // cannot be served here), with the example's relative --data-dir placed in the test's directory.
        using var dir = new TempDirectory();
        using var files = new TempDirectory();
        BadInputTests.WriteMnistLike(files.Path, train: 40, test: 10);
        using var server = new LoopbackHttpServer();
        var published = new List<PublishedFile>();
        foreach (string file in Directory.GetFiles(files.Path))
        {
            byte[] gz = Gzip(File.ReadAllBytes(file));
            string name = Path.GetFileName(file) + ".gz";
            server.Add(name, gz);
            published.Add(new PublishedFile(name, new Uri("https://publisher.invalid/" + name), Md5(gz)));
        }

        using IDisposable catalogue = Publishers.Use([new PublishedDataset("fashion-mnist", new Uri("https://publisher.invalid/"), published)]);
        CommandExample fetch = Assert.Single(CommandExamples.All, e => e.Command == "fetch");
        string[] words = fetch.Line.Split(' ')[1..];
        string[] args = [.. words.Select((w, i) => i > 0 && words[i - 1] == "--data-dir" ? Path.Combine(dir.Path, w) : w), "--mirror", server.Base.AbsoluteUri];
        CliRun run = CliRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout + run.Stderr); // its table too is plain when not on a terminal
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(40, DatasetCatalog.Load("fashion-mnist", Path.Combine(dir.Path, "data")).Train.Count);
    }

    private static string Md5(byte[] bytes)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5); // the publishers' checksum, not a security control
        md5.AppendData(bytes);
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    /// <summary>A fresh HOME, with the fish completions directory that the fish example's comment asks for.</summary>
    private static string Home(TempDirectory dir)
    {
        string home = Path.Combine(dir.Path, "home");
        Directory.CreateDirectory(Path.Combine(home, ".config/fish/completions"));
        return home;
    }

    private static void Run(CommandExample example, string directory, string home, string? mirror)
    {
        Dictionary<string, string?> environment = ProcessRun.WithToolOnPath(home);
        environment["KRRDISTILL_MIRROR"] = mirror;
        ProcessRun run = ProcessRun.Of("bash", ["--norc", "--noprofile", "-c", example.Line], directory, environment);
        Assert.True(run.ExitCode == 0, $"{example.Line}: exit {run.ExitCode}: {run.Stderr}");
        Assert.DoesNotContain("krr-distill:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", run.Stderr, StringComparison.Ordinal);
    }
}
