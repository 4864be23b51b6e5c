using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Data.Downloads;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Data.Downloads;

/// <summary>
/// fetch against a real HTTP server on the loopback interface, started by each test and serving fixture archives made
/// here (their checksums given to a test catalog): success and no second download, a wrong checksum, a body cut short
/// and its resumption, a server without ranges, 404, a stall bounded by the timeout, an unreachable host, an archive
/// that points outside its directory, and the command line fetching and distilling.
/// </summary>
public sealed class DatasetFetcherTests
{
    private const int PerBatch = 30;

    [Fact]
    public void AnArchive_IsFetchedVerifiedExtractedAndRecorded_AndNotDownloadedTwice()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        byte[] archive = CifarArchive();
        server.Add("cifar-10-binary.tar.gz", archive);
        using IDisposable catalog = Publishers.Use([Cifar10(Md5(archive))]);
        var options = new FetchOptions { Root = root.Path, Mirror = server.Base, Timeout = TimeSpan.FromSeconds(10) };

        FetchResult result = DatasetFetcher.Fetch(Publishers.Find("cifar10")!, options, progress: null, cancellation: TestContext.Current.CancellationToken);
        FetchedFile file = Assert.Single(result.Files);
        Assert.True(file.Downloaded);
        Assert.Equal(Md5(archive), file.Md5);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(archive)), file.Sha256);
        Assert.Equal(archive.Length, file.Bytes);
        Assert.True(File.Exists(Path.Combine(root.Path, "cifar10", "cifar-10-batches-bin", "data_batch_5.bin")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.Combine(root.Path, "cifar10")), e => e.EndsWith(".part", StringComparison.Ordinal) || Path.GetFileName(e).StartsWith('.'));
        using (JsonDocument record = JsonDocument.Parse(File.ReadAllText(Path.Combine(root.Path, "cifar10", DatasetFetcher.RecordName))))
        {
            JsonElement recorded = record.RootElement.GetProperty("files")[0];
            Assert.Equal(Md5(archive), recorded.GetProperty("md5").GetString());
            Assert.Equal(new Uri(server.Base, "cifar-10-binary.tar.gz").AbsoluteUri, recorded.GetProperty("url").GetString());
        }

        DatasetPair data = DatasetCatalog.Load("cifar10", root.Path);
        Assert.Equal(5 * PerBatch, data.Train.Count);
        Assert.Equal(PerBatch, data.Test.Count);

        FetchResult again = DatasetFetcher.Fetch(Publishers.Find("cifar10")!, options, progress: null, cancellation: TestContext.Current.CancellationToken);
        Assert.False(Assert.Single(again.Files).Downloaded);
        Assert.Single(server.Requests); // verified in place, not downloaded again
    }

    [Fact]
    public void AWrongChecksum_IsRefused_AndNothingIsLeft()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        server.Add("cifar-10-binary.tar.gz", CifarArchive());
        using IDisposable catalog = Publishers.Use([Cifar10(new string('0', 32))]);
        var e = Assert.Throws<InputException>(() => DatasetFetcher.Fetch(Publishers.Find("cifar10")!, Options(root, server), progress: null, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains("is not the publisher's 00000000000000000000000000000000, so the file was deleted", e.Message, StringComparison.Ordinal);
        Assert.Empty(root.Entries());
    }

    [Fact]
    public void ABodyCutShort_KeepsThePart_AndTheNextFetchResumesIt()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        byte[] archive = CifarArchive();
        server.Add("cifar-10-binary.tar.gz", archive, LoopbackHttpServer.Mode.CutShort);
        using IDisposable catalog = Publishers.Use([Cifar10(Md5(archive))]);
        var e = Assert.Throws<InputException>(() => DatasetFetcher.Fetch(Publishers.Find("cifar10")!, Options(root, server), progress: null, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains($"stopped after {archive.Length / 2}", e.Message, StringComparison.Ordinal);
        Assert.Contains("the next fetch resumes it", e.Message, StringComparison.Ordinal);
        string part = Path.Combine(root.Path, "cifar10", "cifar-10-binary.tar.gz.part");
        Assert.Equal(archive.Length / 2, new FileInfo(part).Length);
        Assert.False(File.Exists(Path.Combine(root.Path, "cifar10", "cifar-10-binary.tar.gz"))); // never mistaken for complete

        server.Add("cifar-10-binary.tar.gz", archive);
        FetchResult result = DatasetFetcher.Fetch(Publishers.Find("cifar10")!, Options(root, server), progress: null, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(Md5(archive), Assert.Single(result.Files).Md5);
        Assert.Equal($"GET /cifar-10-binary.tar.gz Range: {archive.Length / 2}-", server.Requests[^1]);
        Assert.False(File.Exists(part));
    }

    [Fact]
    public void AServerWithoutRanges_SendsItAllAgain_AndTheFileIsRight()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        byte[] archive = CifarArchive();
        Directory.CreateDirectory(Path.Combine(root.Path, "cifar10"));
        File.WriteAllBytes(Path.Combine(root.Path, "cifar10", "cifar-10-binary.tar.gz.part"), archive[..1000]);
        server.Add("cifar-10-binary.tar.gz", archive, ranges: false);
        using IDisposable catalog = Publishers.Use([Cifar10(Md5(archive))]);
        FetchResult result = DatasetFetcher.Fetch(Publishers.Find("cifar10")!, Options(root, server), progress: null, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(archive.Length, Assert.Single(result.Files).Bytes);
    }

    [Fact]
    public void NotFound_SaysWhereToPutTheFileByHand()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        using IDisposable catalog = Publishers.Use([Cifar10(new string('a', 32))]);
        var e = Assert.Throws<InputException>(() => DatasetFetcher.Fetch(Publishers.Find("cifar10")!, Options(root, server), progress: null, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains("answered HTTP 404 Not Found: download", e.Message, StringComparison.Ordinal);
        Assert.Contains($"by hand into {Path.Combine(root.Path, "cifar10")}", e.Message, StringComparison.Ordinal);
        Assert.Empty(root.Entries());
    }

    [Fact]
    public void AStallingServer_IsGivenUpOn_AfterTheTimeout()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        byte[] archive = CifarArchive();
        server.Add("cifar-10-binary.tar.gz", archive, LoopbackHttpServer.Mode.Stall);
        using IDisposable catalog = Publishers.Use([Cifar10(Md5(archive))]);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InputException>(() => DatasetFetcher.Fetch(Publishers.Find("cifar10")!, Options(root, server, seconds: 3), progress: null, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains("sent nothing for 3 s after 100 bytes", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"gave up after {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void AnUnreachableHost_IsOneLineSayingWhatToDo()
    {
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        using var root = new TempDirectory();
        using IDisposable catalog = Publishers.Use([Cifar10(new string('a', 32))]);
        var options = new FetchOptions { Root = root.Path, Mirror = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var e = Assert.Throws<InputException>(() => DatasetFetcher.Fetch(Publishers.Find("cifar10")!, options, progress: null, cancellation: TestContext.Current.CancellationToken));
        Assert.StartsWith("cannot reach 127.0.0.1 for cifar-10-binary.tar.gz (", e.Message, StringComparison.Ordinal);
        Assert.Contains("or give --mirror URL.", e.Message, StringComparison.Ordinal);
        Assert.Empty(root.Entries());
    }

    [Fact]
    public void AnArchivePointingOutsideItsDirectory_IsRefused()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        byte[] archive = TarGz(("../escaped.bin", new byte[10]));
        server.Add("cifar-10-binary.tar.gz", archive);
        using IDisposable catalog = Publishers.Use([Cifar10(Md5(archive))]);
        var e = Assert.Throws<DataFormatException>(() => DatasetFetcher.Fetch(Publishers.Find("cifar10")!, Options(root, server), progress: null, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains("entry '../escaped.bin' points outside the archive's directory", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root.Path, "escaped.bin")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.Combine(root.Path, "cifar10")), p => Path.GetFileName(p).StartsWith(".extracting", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCommandLine_FetchesAndDistills_InOneCommand_OrFetchesFirst()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        byte[] archive = CifarArchive();
        server.Add("cifar-10-binary.tar.gz", archive);
        using IDisposable catalog = Publishers.Use([Cifar10(Md5(archive))]);

        CliRun.Of("fit", "--dataset", "cifar10", "--data-dir", root.File("a")).AssertBadInput("run 'krr-distill fetch cifar10' (or add --download)");
        CliRun oneCommand = CliRun.Of("distill", "--dataset", "cifar10", "--data-dir", root.File("a"), "--download", "--mirror", server.Base.AbsoluteUri,
            "--features", "identity", "--ipc", "1", "--out", root.File("d.npz"), "--json");
        Assert.True(oneCommand.ExitCode == 0, oneCommand.Stderr);
        Assert.Equal(10, oneCommand.Json().GetProperty("m").GetInt32());

        CliRun fetch = CliRun.Of("fetch", "cifar10", "--data-dir", root.File("b"), "--mirror", server.Base.AbsoluteUri, "--json");
        JsonElement fetched = fetch.Json().GetProperty("datasets")[0];
        Assert.Equal(Path.Combine(root.File("b"), "cifar10"), fetched.GetProperty("directory").GetString());
        Assert.Equal(Md5(archive), fetched.GetProperty("files")[0].GetProperty("md5").GetString());
        Assert.True(CliRun.Of("fit", "--dataset", "cifar10", "--data-dir", root.File("b"), "--features", "identity").ExitCode == 0);
    }

    [Fact]
    public void ACifar10SizeArchive_IsFetchedAndDistilled_InOneCommand()
    {
        using var server = new LoopbackHttpServer();
        using var root = new TempDirectory();
        var clock = Stopwatch.StartNew();
        byte[] archive = CifarArchive(perBatch: 10_000); // the real size: 6 × 10,000 images, 184 MB of records
        double make = clock.Elapsed.TotalSeconds;
        server.Add("cifar-10-binary.tar.gz", archive);
        using IDisposable catalog = Publishers.Use([Cifar10(Md5(archive))]);

        clock.Restart();
        CliRun run = CliRun.Of("distill", "--dataset", "cifar10", "--data-dir", root.Path, "--download", "--mirror", server.Base.AbsoluteUri,
            "--features", "identity", "--ipc", "10", "--out", root.File("d.npz"), "--json");
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.True(run.ExitCode == 0, run.Stderr);
        JsonElement result = run.Json();
        Assert.Equal(100, result.GetProperty("m").GetInt32());
        Assert.Equal(result.GetProperty("original_test_accuracy").GetDouble(), result.GetProperty("distilled_test_accuracy").GetDouble());
        Assert.True(result.GetProperty("relative_error_after_inversion").GetDouble() < 1e-8);
        Assert.Equal(10_000L * 3073, new FileInfo(Path.Combine(root.Path, "cifar10", "cifar-10-batches-bin", "data_batch_1.bin")).Length);
        TestContext.Current.TestOutputHelper?.WriteLine($"archive {archive.Length / 1e6:F1} MB made in {make:F1} s; fetched, verified, extracted and distilled in {seconds:F1} s");
    }

    [Theory]
    [InlineData(new[] { "fetch", "imagenet" }, "'imagenet' cannot be fetched: the data sets fetch knows are cifar10")]
    [InlineData(new[] { "fetch", "cifar10", "--timeout", "0" }, "--timeout must be a number of seconds")]
    [InlineData(new[] { "fetch", "cifar10", "--mirror", "ftp://example.org/" }, "--mirror 'ftp://example.org/' is not an http or https URL")]
    [InlineData(new[] { "fetch", "cifar10", "--data-dir", "" }, "--data-dir is empty")]
    [InlineData(new[] { "fit", "--dataset", "cifar10", "--download", "--mirror", "not a url" }, "--mirror 'not a url' is not an http or https URL")]
    public void BadFetchOptions_AreRefusedByName(string[] args, string expected)
    {
        using IDisposable catalog = Publishers.Use([Cifar10(new string('a', 32))]);
        CliRun.Of(args).AssertBadInput(expected);
    }

    [Theory]
    [InlineData("/data/sets", "/xdg", "/home/u", "/data/sets")]
    [InlineData(null, "/xdg", "/home/u", "/xdg/krrdistill")]
    [InlineData(null, "relative/xdg", "/home/u", "/home/u/.cache/krrdistill")]
    [InlineData(null, null, "/home/u", "/home/u/.cache/krrdistill")]
    public void TheCache_IsKrrDistillData_ElseXdg_ElseHome(string? data, string? xdg, string home, string expected)
        => Assert.Equal(expected, DataCache.Root(data, xdg, home));

    private static FetchOptions Options(TempDirectory root, LoopbackHttpServer server, double seconds = 10)
        => new() { Root = root.Path, Mirror = server.Base, Timeout = TimeSpan.FromSeconds(seconds) };

    private static PublishedDataset Cifar10(string md5)
        => new("cifar10", new Uri("https://www.cs.toronto.edu/~kriz/cifar.html"),
            [new("cifar-10-binary.tar.gz", new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), md5, IsArchive: true)]);

    private static string Md5(byte[] bytes)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5); // the publishers' checksum, not a security control
        md5.AppendData(bytes);
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary>A CIFAR-10 binary archive of <paramref name="perBatch"/> images per batch, the publisher's layout.</summary>
    private static byte[] CifarArchive(int perBatch = PerBatch)
    {
        var random = new Random(5);
        byte[] Batch()
        {
            var bytes = new byte[perBatch * 3073];
            for (int i = 0; i < perBatch; i++)
            {
                bytes[i * 3073] = (byte)(i % 10);
                random.NextBytes(bytes.AsSpan((i * 3073) + 1, 3072));
            }

            return bytes;
        }

        return TarGz([.. Enumerable.Range(1, 5).Select(b => ($"cifar-10-batches-bin/data_batch_{b}.bin", Batch())), ("cifar-10-batches-bin/test_batch.bin", Batch())]);
    }

    private static byte[] TarGz(params (string Name, byte[] Data)[] files)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            foreach ((string name, byte[] data) in files)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return memory.ToArray();
    }
}
