using System.IO.Compression;
using System.Text;
using KrrDistill.Data;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Hostile but realistic inputs to the surfaces that scale a fit out: <c>stats</c>, <c>merge</c>, <c>fit</c> and
/// <c>distill --stats</c>, and NPY directories. Each runs in a copy of a directory holding a good NPY data set, the
/// statistics of its two shards and of one pass, a model and a distilled set. Every case must end with exit 2 and one
/// line naming the option, file or key at fault, no .NET words, nothing raw from a file, no file of the directory
/// created, changed or removed (temporaries included), within 20 seconds (no hang). The MPI and Python cases of the
/// same corpus are in <see cref="MpiTests"/> and python/tests.
/// </summary>
public sealed class ScaleOutCorpusTests
{
    /// <summary>One bad run: its arguments ({d} is the directory), what the error line must contain, and how to make its bad input.</summary>
    public sealed record Hostile(string Name, string[] Args, string Names, Action<string>? Make = null)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<string> Golden = new(MakeGolden);

    private static string[] Stats(params string[] extra) => ["stats", "--dataset", "{d}/data", .. extra];

    private static string[] Merge(params string[] inputs) => ["merge", .. inputs, "--out", "{d}/m.npz"];

    private static string[] FitStats(string stats, params string[] extra) => ["fit", "--stats", stats, .. extra];

    public static TheoryData<Hostile> Corpus() =>
    [
        // stats: shards and options.
        new Hostile("shard zero", Stats("--shard", "0/2", "--out", "{d}/o.npz"), "--shard '0/2'"),
        new Hostile("shard past the count", Stats("--shard", "3/2", "--out", "{d}/o.npz"), "--shard '3/2'"),
        new Hostile("shard of zero", Stats("--shard", "1/0", "--out", "{d}/o.npz"), "--shard '1/0'"),
        new Hostile("shard in words", Stats("--shard", "one/two", "--out", "{d}/o.npz"), "--shard 'one/two'"),
        new Hostile("shard of three parts", Stats("--shard", "1/2/3", "--out", "{d}/o.npz"), "--shard '1/2/3'"),
        new Hostile("shard negative", Stats("--shard", "-1/2", "--out", "{d}/o.npz"), "--shard"),
        new Hostile("shard past int", Stats("--shard", "1/99999999999", "--out", "{d}/o.npz"), "--shard '1/99999999999'"),
        new Hostile("more shards than rows", Stats("--shard", "1/100000", "--out", "{d}/o.npz"), "--shard 1/100000: the training split"),
        new Hostile("stats out is an input", Stats("--out", "{d}/data/x_train.npy"), "--out"),
        new Hostile("stats out is a directory", Stats("--out", "{d}/data"), "--out"),
        new Hostile("stats out is empty", Stats("--out", ""), "--out needs a file name"),
        new Hostile("stats out in a missing directory", Stats("--out", "{d}/none/s.npz"), "--out"),
        new Hostile("stats of a missing directory", ["stats", "--dataset", "{d}/nowhere", "--out", "{d}/o.npz"], "{d}/nowhere"),
        new Hostile("stats width zero", Stats("--width", "0", "--out", "{d}/o.npz"), "--width"),
        new Hostile("stats rff with a negative sigma", Stats("--features", "rff", "--rff-sigma2", "-1", "--out", "{d}/o.npz"), "--rff-sigma2"),
        new Hostile("stats with an empty data-dir", ["stats", "--dataset", "mnist", "--data-dir", "", "--out", "{d}/o.npz"], "--data-dir is empty"),

        // NPY directories that cannot be streamed.
        new Hostile("big-endian inputs", Stats("--out", "{d}/o.npz"), "x_train.npy: dtype >f8 is not streamed", d => WriteNpy(d, "x_train.npy", ">f8", [120, 8], new byte[120 * 8 * 8])),
        new Hostile("int32 inputs", Stats("--out", "{d}/o.npz"), "dtype <i4 is not streamed", d => WriteNpy(d, "x_train.npy", "<i4", [120, 8], new byte[120 * 8 * 4])),
        new Hostile("object inputs", Stats("--out", "{d}/o.npz"), "x_train.npy", d => WriteNpy(d, "x_train.npy", "|O", [120, 8], new byte[120 * 8 * 8])),
        new Hostile("Fortran-order inputs", Stats("--out", "{d}/o.npz"), "Fortran-order arrays are not streamed", d => WriteNpy(d, "x_train.npy", "|u1", [120, 8], new byte[120 * 8], fortran: true)),
        new Hostile("one-dimensional inputs", Stats("--out", "{d}/o.npz"), "inputs need one row per sample", d => WriteNpy(d, "x_train.npy", "|u1", [960], new byte[960])),
        new Hostile("channels-last images", Stats("--out", "{d}/o.npz"), "channels-first", d =>
        {
            WriteNpy(d, "x_train.npy", "|u1", [120, 2, 2, 2], new byte[120 * 8]);
            WriteNpy(d, "x_test.npy", "|u1", [30, 2, 2, 2], new byte[30 * 8]);
        }),
        new Hostile("fewer labels than samples", Stats("--out", "{d}/o.npz"), "holds 120 samples but", d => WriteLabels(d, "y_train.npy", 119)),
        new Hostile("labels missing", Stats("--out", "{d}/o.npz"), "y_train.npy", d => File.Delete(Path.Combine(d, "data", "y_train.npy"))),
        new Hostile("test inputs missing", Stats("--out", "{d}/o.npz"), "x_test.npy", d => File.Delete(Path.Combine(d, "data", "x_test.npy"))),
        new Hostile("truncated inputs", Stats("--out", "{d}/o.npz"), "truncated", d => Truncate(Path.Combine(d, "data", "x_train.npy"), 100)),
        new Hostile("trailing bytes", Stats("--out", "{d}/o.npz"), "trailing data", d => File.AppendAllText(Path.Combine(d, "data", "x_train.npy"), "extra")),
        new Hostile("an absurd header length", Stats("--out", "{d}/o.npz"), "absurd", d => Poke(Path.Combine(d, "data", "x_train.npy"), 6, [2, 0, 0xFF, 0xFF, 0xFF, 0x7F])),
        new Hostile("not NPY at all", Stats("--out", "{d}/o.npz"), "x_train.npy", d => File.WriteAllText(Path.Combine(d, "data", "x_train.npy"), "label,a,b\n0,1,2\n")),
        new Hostile("NPY version 9", Stats("--out", "{d}/o.npz"), "version 9.0 is not supported", d => Poke(Path.Combine(d, "data", "x_train.npy"), 6, [9])),
        new Hostile("a header shape past any file", Stats("--out", "{d}/o.npz"), "holds more bytes than any file can", d => WriteNpy(d, "x_train.npy", "<f8", [int.MaxValue, int.MaxValue, int.MaxValue], [])),
        new Hostile("a negative dimension", Stats("--out", "{d}/o.npz"), "x_train.npy", d => RewriteHeader(Path.Combine(d, "data", "x_train.npy"), "(120, 8)", "(120, -8)")),
        new Hostile("inputs are a FIFO", Stats("--out", "{d}/o.npz"), "x_train.npy", d => Replace(d, "x_train.npy", p => OutputSafetyTests.MakeFifo(p))),
        new Hostile("inputs are a directory", Stats("--out", "{d}/o.npz"), "x_train.npy", d => Replace(d, "x_train.npy", p => Directory.CreateDirectory(p))),
        new Hostile("inputs are a device", Stats("--out", "{d}/o.npz"), "x_train.npy", d => Replace(d, "x_train.npy", p => File.CreateSymbolicLink(p, "/dev/zero"))),
        new Hostile("a symbolic link loop", Stats("--out", "{d}/o.npz"), "x_train.npy", d => Replace(d, "x_train.npy", p => File.CreateSymbolicLink(p, p))),
        new Hostile("fractional labels", Stats("--out", "{d}/o.npz"), "y_train.npy", d => WriteNpy(d, "y_train.npy", "<f8", [120], [.. Enumerable.Range(0, 120).SelectMany(i => BitConverter.GetBytes(i % 3 + 0.5))])),
        new Hostile("negative labels", Stats("--out", "{d}/o.npz"), "y_train.npy", d => WriteNpy(d, "y_train.npy", "<i8", [120], [.. Enumerable.Range(0, 120).SelectMany(i => BitConverter.GetBytes((long)-1 - i % 3))])),
        new Hostile("labels past any class", Stats("--out", "{d}/o.npz"), "y_train.npy", d => WriteNpy(d, "y_train.npy", "<i8", [120], [.. Enumerable.Range(0, 120).SelectMany(i => BitConverter.GetBytes(i == 5 ? 1L << 40 : i % 3))])),
        new Hostile("labels as text", Stats("--out", "{d}/o.npz"), "y_train.npy", d => WriteNpy(d, "y_train.npy", "<U1", [120], [.. Enumerable.Range(0, 120).SelectMany(i => BitConverter.GetBytes(48 + (i % 3)))])),
        new Hostile("labels of two columns", Stats("--out", "{d}/o.npz"), "y_train.npy", d => WriteNpy(d, "y_train.npy", "<i8", [60, 2], new byte[120 * 8])),
        new Hostile("NaN among float inputs", Stats("--out", "{d}/o.npz"), "sample 7, feature 3 is NaN", d => WriteFloatInputs(d, 7, 3, double.NaN)),
        new Hostile("infinity among float inputs", Stats("--out", "{d}/o.npz"), "sample 100, feature 0 is Infinity", d => WriteFloatInputs(d, 100, 0, double.PositiveInfinity)),
        new Hostile("a shard without labels", Stats("--out", "{d}/o.npz"), "has no labels", d => Shard(d, dropLabels: true)),
        new Hostile("labels without a shard", Stats("--out", "{d}/o.npz"), "has no inputs", d => Shard(d, strayLabels: true)),
        new Hostile("shards of two widths", Stats("--out", "{d}/o.npz"), "holds samples of shape", d => Shard(d, otherWidth: true)),
        new Hostile("no shards in train", Stats("--out", "{d}/o.npz"), "no x_*.npy shards", d => Shard(d, empty: true)),
        new Hostile("test samples of another shape", Stats("--out", "{d}/o.npz"), "holds samples of shape", d => WriteNpy(d, "x_test.npy", "|u1", [30, 9], new byte[30 * 9])),
        new Hostile("no training samples", Stats("--out", "{d}/o.npz"), "data", d =>
        {
            WriteNpy(d, "x_train.npy", "|u1", [0, 8], []);
            WriteNpy(d, "y_train.npy", "<i8", [0], []);
        }),
        new Hostile("a directory in neither layout", ["stats", "--dataset", "{d}/empty", "--out", "{d}/o.npz"], "{d}/empty", d => Directory.CreateDirectory(Path.Combine(d, "empty"))),

        // merge: what is not statistics, or not these statistics.
        new Hostile("merge a missing file", Merge("{d}/none.npz"), "none.npz: no such file"),
        new Hostile("merge a text file", Merge("{d}/s1.npz", "{d}/notes.npz"), "notes.npz", d => File.WriteAllText(Path.Combine(d, "notes.npz"), "not a zip")),
        new Hostile("merge a model", Merge("{d}/s1.npz", "{d}/model.npz"), "model.npz: required key 'gram' is missing"),
        new Hostile("merge a distilled set", Merge("{d}/s1.npz", "{d}/set.npz"), "set.npz: required key 'gram' is missing"),
        new Hostile("merge an NPY data file", Merge("{d}/s1.npz", "{d}/data/x_train.npy"), "x_train.npy"),
        new Hostile("merge a file with itself", Merge("{d}/s1.npz", "{d}/s1.npz"), "shard 1 of 2 is in both"),
        new Hostile("merge a shard into the whole", Merge("{d}/whole.npz", "{d}/s2.npz"), "different shard counts (2 against 1)"),
        new Hostile("merge a flipped bit", Merge("{d}/s1.npz", "{d}/flipped.npz"), "flipped.npz", d => FlipInEntry(d, "s2.npz", "flipped.npz", "gram.npy")),
        new Hostile("merge a truncated file", Merge("{d}/s1.npz", "{d}/cut.npz"), "cut.npz", d => File.WriteAllBytes(Path.Combine(d, "cut.npz"), File.ReadAllBytes(Path.Combine(d, "s2.npz"))[..900])),
        new Hostile("merge a negative count", Merge("{d}/s1.npz", "{d}/e.npz"), "e.npz", d => EditStats(d, "count", NpyArray.ScalarInt64(-5))),
        new Hostile("merge a count of 2^63 - 1", Merge("{d}/s1.npz", "{d}/e.npz"), "e.npz", d => EditStats(d, "count", NpyArray.ScalarInt64(long.MaxValue))),
        new Hostile("merge a count that is not whole", Merge("{d}/s1.npz", "{d}/e.npz"), "e.npz", d => EditStats(d, "count", NpyArray.FromDoubles([57.5]))),
        new Hostile("merge a negated Gram", Merge("{d}/s1.npz", "{d}/e.npz"), "diagonal", d => EditStats(d, "gram", a => a.Select(v => -v))),
        new Hostile("merge an asymmetric Gram", Merge("{d}/s1.npz", "{d}/e.npz"), "symmetric", d => EditStats(d, "gram", a => a.Select((v, i) => i == 1 ? v + 1 : v))),
        new Hostile("merge a Gram past Cauchy-Schwarz", Merge("{d}/s1.npz", "{d}/e.npz"), "Cauchy", d => EditStats(d, "gram", a => a.Select((v, i) => i is 1 or 8 ? 1e6 : v))),
        new Hostile("merge a Gram with NaN", Merge("{d}/s1.npz", "{d}/e.npz"), "gram", d => EditStats(d, "gram", a => a.Select((v, i) => i == 0 ? double.NaN : v))),
        new Hostile("merge a Gram of the wrong shape", Merge("{d}/s1.npz", "{d}/e.npz"), "e.npz", d => EditStats(d, "gram", NpyArray.FromDoubles(new double[12], 3, 4))),
        new Hostile("merge class counts that do not add up", Merge("{d}/s1.npz", "{d}/e.npz"), "e.npz", d => EditStats(d, "class_counts", a => a.Select((v, i) => i == 0 ? v + 1 : v))),
        new Hostile("merge infinite features-labels", Merge("{d}/s1.npz", "{d}/e.npz"), "features_labels", d => EditStats(d, "features_labels", a => a.Select((v, i) => i == 0 ? double.PositiveInfinity : v))),
        new Hostile("merge meta_json that is not JSON", Merge("{d}/s1.npz", "{d}/e.npz"), "meta_json", d => EditMeta(d, _ => "{not json")),
        new Hostile("merge meta_json of another format", Merge("{d}/s1.npz", "{d}/e.npz"), "'format'", d => EditMeta(d, m => m.Replace("krr-distill stats 1", "krr-distill stats 9", StringComparison.Ordinal))),
        new Hostile("merge a shard past the count", Merge("{d}/s1.npz", "{d}/e.npz"), "'shards'", d => EditMeta(d, m => m.Replace("\"shards\":[2]", "\"shards\":[7]", StringComparison.Ordinal))),
        new Hostile("merge a seed as a string", Merge("{d}/s1.npz", "{d}/e.npz"), "'seed' (an integer expected, found the string \"0\")", d => EditMeta(d, m => m.Replace("\"seed\":0", "\"seed\":\"0\"", StringComparison.Ordinal))),
        new Hostile("merge without a source", Merge("{d}/s1.npz", "{d}/e.npz"), "'source'", d => EditMeta(d, m => m.Replace("\"source\":", "\"origin\":", StringComparison.Ordinal))),
        new Hostile("merge a shard count of zero", Merge("{d}/s1.npz", "{d}/e.npz"), "e.npz", d => EditMeta(d, m => m.Replace("\"shard_count\":2", "\"shard_count\":0", StringComparison.Ordinal))),
        new Hostile("merge a checksum that does not match", Merge("{d}/s1.npz", "{d}/e.npz"), "feature_checksum", d => EditMeta(d, m => m.Replace("\"feature_checksum\":\"", "\"feature_checksum\":\"0", StringComparison.Ordinal))),
        new Hostile("merge a fraction as a string", Merge("{d}/s1.npz", "{d}/e.npz"), "'validation_fraction'", d => EditMeta(d, m => m.Replace("\"validation_fraction\":0.05", "\"validation_fraction\":\"0.05\"", StringComparison.Ordinal))),
        new Hostile("merge another seed", Merge("{d}/s1.npz", "{d}/seed.npz"), "different seeds", d => Run(d, Stats("--seed", "3", "--shard", "2/2", "--out", "{d}/seed.npz"))),
        new Hostile("merge another shard count", Merge("{d}/s1.npz", "{d}/three.npz"), "different shard counts", d => Run(d, Stats("--shard", "2/3", "--out", "{d}/three.npz"))),
        new Hostile("merge another feature map", Merge("{d}/s1.npz", "{d}/rff.npz"), "different feature maps", d => Run(d, Stats("--features", "rff", "--width", "8", "--shard", "2/2", "--out", "{d}/rff.npz"))),
        new Hostile("merge other samples", Merge("{d}/s1.npz", "{d}/other.npz"), "different sources (their content differs)", d =>
        {
            CopyDirectory(Path.Combine(d, "data"), Path.Combine(d, "changed"));
            Poke(Path.Combine(d, "changed", "x_train.npy"), (int)new FileInfo(Path.Combine(d, "changed", "x_train.npy")).Length - 1, [7]);
            Run(d, ["stats", "--dataset", "{d}/changed", "--shard", "2/2", "--out", "{d}/other.npz"]);
        }),
        new Hostile("merge out is an input", ["merge", "{d}/s1.npz", "{d}/s2.npz", "--out", "{d}/s1.npz"], "--out"),
        new Hostile("merge out is a directory", ["merge", "{d}/s1.npz", "{d}/s2.npz", "--out", "{d}/data"], "--out"),
        new Hostile("merge out in a missing directory", ["merge", "{d}/s1.npz", "{d}/s2.npz", "--out", "{d}/none/m.npz"], "--out"),
        new Hostile("merge a FIFO", Merge("{d}/s1.npz", "{d}/pipe.npz"), "pipe.npz", d => OutputSafetyTests.MakeFifo(Path.Combine(d, "pipe.npz"))),
        new Hostile("merge a device", Merge("{d}/s1.npz", "/dev/zero"), "/dev/zero"),
        new Hostile("merge a directory", Merge("{d}/s1.npz", "{d}/data"), "{d}/data"),
        new Hostile("merge an entry that declares gigabytes", Merge("{d}/s1.npz", "{d}/padded.npz"), "padded.npz", d =>
        {
            File.Copy(Path.Combine(d, "s2.npz"), Path.Combine(d, "padded.npz"));
            using var zip = new ZipArchive(File.Open(Path.Combine(d, "padded.npz"), FileMode.Open), ZipArchiveMode.Update);
            zip.GetEntry("gram.npy")!.Delete();
            using Stream gram = zip.CreateEntry("gram.npy").Open();
            gram.Write(NpyHeader.Encode("<f8", [100_000, 100_000])); // 80 GB declared, nothing behind it
        }),

        // fit and distill from statistics.
        new Hostile("fit from half the shards", FitStats("{d}/s1.npz"), "covers shards 1 of 2; merge every shard first"),
        new Hostile("fit from statistics with a width", FitStats("{d}/whole.npz", "--width", "100"), "--width does not apply with --stats"),
        new Hostile("fit from statistics with another seed", FitStats("{d}/whole.npz", "--seed", "4"), "--seed 4 differs from the seed 0"),
        new Hostile("fit from statistics against other samples", FitStats("{d}/whole.npz", "--dataset", "{d}/other"), "is not the source of --stats", d =>
        {
            CopyDirectory(Path.Combine(d, "data"), Path.Combine(d, "other"));
            Poke(Path.Combine(d, "other", "x_train.npy"), (int)new FileInfo(Path.Combine(d, "other", "x_train.npy")).Length - 1, [7]);
        }),
        new Hostile("distill from statistics without data", ["distill", "--stats", "{d}/whole.npz", "--ipc", "1", "--out", "{d}/o.npz"], "--stats needs --dataset as well"),
        new Hostile("fit from a model", FitStats("{d}/model.npz"), "model.npz: required key 'gram' is missing"),
        new Hostile("fit from a flipped bit", FitStats("{d}/flipped.npz"), "flipped.npz", d => FlipInEntry(d, "whole.npz", "flipped.npz", "features_labels.npy")),
        new Hostile("fit from statistics saved over themselves", FitStats("{d}/whole.npz", "--save-model", "{d}/whole.npz"), "is an input of this command"),
        new Hostile("fit from statistics with a negative lambda", FitStats("{d}/whole.npz", "--lambda", "-1"), "--lambda"),
        new Hostile("fit from a FIFO", FitStats("{d}/pipe.npz"), "pipe.npz", d => OutputSafetyTests.MakeFifo(Path.Combine(d, "pipe.npz"))),
        new Hostile("fit from a directory", FitStats("{d}/data"), "{d}/data"),
        new Hostile("fit from a class count of the wrong length", FitStats("{d}/e.npz"), "e.npz", d => EditStats(d, "class_counts", NpyArray.FromInt64([1, 2], 2), from: "whole.npz")),
        new Hostile("fit from a validation Gram of another width", FitStats("{d}/e.npz"), "e.npz", d => EditStats(d, "validation_gram", NpyArray.FromDoubles(new double[49], 7, 7), from: "whole.npz")),
        new Hostile("fit from edited normalization", FitStats("{d}/e.npz"), "e.npz", d => EditStats(d, "input_std", NpyArray.FromDoubles(new double[8], 8), from: "whole.npz")),
        new Hostile("fit from statistics with a validation fraction of 0 against the data", FitStats("{d}/e.npz", "--dataset", "{d}/data"), "validation fraction of 0, not 0.05", d => EditMeta(d, m => m.Replace("\"validation_fraction\":0.05", "\"validation_fraction\":0", StringComparison.Ordinal), from: "whole.npz")),
        new Hostile("distill from statistics with privacy", ["distill", "--stats", "{d}/whole.npz", "--dataset", "{d}/data", "--ipc", "1", "--privacy", "dp", "--out", "{d}/o.npz"], "--stats"),
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task EveryCase_IsRefusedWithOneLine_TouchingNothing(Hostile bad)
    {
        using var dir = new TempDirectory();
        CopyDirectory(Golden.Value, dir.Path);
        bad.Make?.Invoke(dir.Path);
        Dictionary<string, byte[]> before = Snapshot(dir.Path);
        string[] args = [.. bad.Args.Select(a => a.Replace("{d}", dir.Path, StringComparison.Ordinal))];

        Task<CliRun> running = Task.Run(() => CliRun.Of(args), TestContext.Current.CancellationToken);
        Assert.True(await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken)) == running, $"{bad.Name}: no answer after 20 s");
        CliRun run = await running;

        run.AssertBadInput(bad.Names.Replace("{d}", dir.Path, StringComparison.Ordinal));
        Assert.DoesNotMatch(@"System\.|KrrDistill\.[A-Z]|Parameter '|\(\w+Exception\)|element of type", run.Stderr);
        Assert.DoesNotMatch(@"[\x00-\x09\x0B-\x1F\x7F-\x9F]", run.Stderr);
        Dictionary<string, byte[]> after = Snapshot(dir.Path);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, f => Assert.True(f.Value.AsSpan().SequenceEqual(after[f.Key]), $"{f.Key} was changed"));
    }

    /// <summary>The good inputs every case starts from, made once: an NPY data set, statistics, a model and a set.</summary>
    private static string MakeGolden()
    {
        string d = Path.Combine(Path.GetTempPath(), "krrdistill-scaleout-golden-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(d, "data"));
        var random = new Random(11);
        byte[] Pixels(int n) => [.. Enumerable.Range(0, n * 8).Select(_ => (byte)random.Next(256))];
        NpyWriter.Write(Path.Combine(d, "data", "x_train.npy"), NpyArray.FromBytes(Pixels(120), 120, 8));
        WriteLabels(d, "y_train.npy", 120);
        NpyWriter.Write(Path.Combine(d, "data", "x_test.npy"), NpyArray.FromBytes(Pixels(30), 30, 8));
        WriteLabels(d, "y_test.npy", 30);
        Run(d, Stats("--shard", "1/2", "--out", "{d}/s1.npz"));
        Run(d, Stats("--shard", "2/2", "--out", "{d}/s2.npz"));
        Run(d, Stats("--out", "{d}/whole.npz"));
        Run(d, ["fit", "--dataset", "{d}/data", "--save-model", "{d}/model.npz"]);
        Run(d, ["distill", "--dataset", "{d}/data", "--ipc", "1", "--out", "{d}/set.npz"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(d, recursive: true);
        return d;
    }

    private static void Run(string d, string[] args)
    {
        CliRun run = CliRun.Of([.. args.Select(a => a.Replace("{d}", d, StringComparison.Ordinal))]);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run.Stderr}");
    }

    private static void WriteLabels(string d, string name, int n)
        => NpyWriter.Write(Path.Combine(d, "data", name), NpyArray.FromInt64([.. Enumerable.Range(0, n).Select(i => (long)(i % 3))], n));

    /// <summary>An NPY file of <paramref name="descr"/> and <paramref name="shape"/> with exactly <paramref name="data"/> behind its header.</summary>
    private static void WriteNpy(string d, string name, string descr, int[] shape, byte[] data, bool fortran = false)
    {
        string header = Encoding.Latin1.GetString(NpyHeader.Encode(descr, shape));
        if (fortran)
        {
            Assert.Contains("'fortran_order': False,", header, StringComparison.Ordinal);
            header = header.Replace("'fortran_order': False,", "'fortran_order': True, ", StringComparison.Ordinal); // the same length
        }

        using FileStream file = File.Create(Path.Combine(d, "data", name));
        file.Write(Encoding.Latin1.GetBytes(header));
        file.Write(data);
    }

    private static void WriteFloatInputs(string d, int row, int column, double value)
    {
        var values = new double[120 * 8];
        values[(row * 8) + column] = value;
        NpyWriter.Write(Path.Combine(d, "data", "x_train.npy"), NpyArray.FromDoubles(values, 120, 8));
        NpyWriter.Write(Path.Combine(d, "data", "x_test.npy"), NpyArray.FromDoubles(new double[30 * 8], 30, 8));
    }

    /// <summary>Turns the data set into the sharded layout (train/x_000.npy …), with one fault.</summary>
    private static void Shard(string d, bool dropLabels = false, bool strayLabels = false, bool otherWidth = false, bool empty = false)
    {
        string data = Path.Combine(d, "data"), train = Path.Combine(data, "train"), test = Path.Combine(data, "test");
        Directory.CreateDirectory(train);
        Directory.CreateDirectory(test);
        File.Move(Path.Combine(data, "x_test.npy"), Path.Combine(test, "x_000.npy"));
        File.Move(Path.Combine(data, "y_test.npy"), Path.Combine(test, "y_000.npy"));
        if (!empty)
        {
            File.Move(Path.Combine(data, "x_train.npy"), Path.Combine(train, "x_000.npy"));
            File.Move(Path.Combine(data, "y_train.npy"), Path.Combine(train, "y_000.npy"));
            NpyWriter.Write(Path.Combine(train, "x_001.npy"), NpyArray.FromBytes(new byte[10 * (otherWidth ? 9 : 8)], 10, otherWidth ? 9 : 8));
            if (!dropLabels)
            {
                NpyWriter.Write(Path.Combine(train, "y_001.npy"), NpyArray.FromInt64(new long[10], 10));
            }

            if (strayLabels)
            {
                NpyWriter.Write(Path.Combine(train, "y_002.npy"), NpyArray.FromInt64(new long[10], 10));
            }
        }
        else
        {
            File.Delete(Path.Combine(data, "x_train.npy"));
            File.Delete(Path.Combine(data, "y_train.npy"));
        }
    }

    /// <summary>Replaces data/<paramref name="name"/> by what <paramref name="make"/> puts at its path.</summary>
    private static void Replace(string d, string name, Action<string> make)
    {
        string path = Path.Combine(d, "data", name);
        File.Delete(path);
        make(path);
    }

    private static void Truncate(string path, int bytes)
    {
        using FileStream file = File.Open(path, FileMode.Open);
        file.SetLength(file.Length - bytes);
    }

    private static void Poke(string path, int offset, byte[] bytes)
    {
        using FileStream file = File.Open(path, FileMode.Open);
        file.Position = offset;
        file.Write(bytes);
    }

    private static void RewriteHeader(string path, string from, string to)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string header = Encoding.Latin1.GetString(bytes, 0, 128);
        Assert.Contains(from, header, StringComparison.Ordinal);
        string replaced = header.Replace(from, to, StringComparison.Ordinal);
        replaced = replaced.Remove(replaced.LastIndexOf('\n') - (to.Length - from.Length), to.Length - from.Length); // keep the length: fewer pad spaces
        Encoding.Latin1.GetBytes(replaced).CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Copies <paramref name="from"/> with one bit flipped in the stored data of <paramref name="entry"/>.</summary>
    private static void FlipInEntry(string d, string from, string to, string entry)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(d, from)); // stored entries: the values are the bytes
        int name = IndexOf(bytes, Encoding.ASCII.GetBytes(entry));
        int data = name + entry.Length + 200; // past the local header and the NPY header, into the values
        bytes[data] ^= 0x10;
        File.WriteAllBytes(Path.Combine(d, to), bytes);
    }

    private static int IndexOf(byte[] bytes, byte[] pattern)
    {
        for (int i = 0; i + pattern.Length <= bytes.Length; i++)
        {
            if (bytes.AsSpan(i, pattern.Length).SequenceEqual(pattern))
            {
                return i;
            }
        }

        throw new InvalidOperationException("pattern not found");
    }

    /// <summary>e.npz: a copy of the second shard's statistics (or <paramref name="from"/>) with <paramref name="key"/> replaced.</summary>
    private static void EditStats(string d, string key, NpyArray value, string from = "s2.npz")
        => NpzEdit.Rewrite(Path.Combine(d, from), Path.Combine(d, "e.npz"), arrays => arrays[key] = value);

    private static void EditStats(string d, string key, Func<double[], IEnumerable<double>> edit, string from = "s2.npz")
        => NpzEdit.Rewrite(Path.Combine(d, from), Path.Combine(d, "e.npz"), arrays =>
        {
            NpyArray old = arrays[key];
            double[] values = [.. edit(old.ToDoubles())];
            arrays[key] = old.DType == "<i8" ? NpyArray.FromInt64([.. values.Select(v => (long)v)], old.Shape) : NpyArray.FromDoubles(values, old.Shape);
        });

    private static void EditMeta(string d, Func<string, string> edit, string from = "s2.npz")
        => NpzEdit.Rewrite(Path.Combine(d, from), Path.Combine(d, "e.npz"), arrays =>
        {
            string meta = arrays["meta_json"].AsString();
            string edited = edit(meta);
            Assert.NotEqual(meta, edited);
            arrays["meta_json"] = NpyArray.FromString(edited);
        });

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    /// <summary>Every entry under <paramref name="d"/> (hidden ones and subdirectories included; FIFOs, devices and links by name only).</summary>
    private static Dictionary<string, byte[]> Snapshot(string d)
        => Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories).ToDictionary(
            p => p,
            p => new FileInfo(p).LinkTarget is null && File.Exists(p) && FileKindProbe.Of(p) == FileKind.Regular ? File.ReadAllBytes(p) : []);
}
