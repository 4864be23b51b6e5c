using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using KrrDistill.Data;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// A corpus of bad inputs and options across every command, each run in a directory holding good inputs and an earlier
/// run's artefacts. Every case must end with exit 2 and one line naming the option, file or key at fault, no stack
/// trace, no file of the directory created, changed or removed (temporaries included), and, for sizes that can be known
/// from the options and headers, within a second.
/// </summary>
public sealed class BadInputCorpusTests
{
    /// <summary>One bad run: its arguments ({d} is the directory), what the error line must name, and any bad file it needs.</summary>
    public sealed record BadInput(string Name, string[] Args, string Names, bool SizeLimit = false, Action<string>? Make = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<BadInput> Corpus() =>
    [
        // 1. Sizes, refused before any work.
        new BadInput("ipc beyond any array", ["distill", "--dataset", "fashion-mnist-sample", "--ipc", "1000000000", "--out", "{d}/d.npz"], "--ipc", SizeLimit: true),
        new BadInput("ipc beyond the smallest class", ["distill", "--dataset", "fashion-mnist-sample", "--ipc", "280", "--out", "{d}/d.npz"], "--ipc", SizeLimit: true),
        new BadInput("kip ipc beyond the smallest class", ["kip", "--dataset", "fashion-mnist-sample", "--ipc", "400", "--out", "{d}/d.npz"], "--ipc", SizeLimit: true),
        new BadInput("ipc zero", ["distill", "--dataset", "{d}/data.npz", "--ipc", "0", "--out", "{d}/d.npz"], "--ipc", SizeLimit: true),
        new BadInput("width whose Gram is no array", ["fit", "--dataset", "fashion-mnist-sample", "--width", "100000"], "--width", SizeLimit: true),
        new BadInput("width beyond memory", ["fit", "--dataset", "fashion-mnist-sample", "--width", "40000"], "--width", SizeLimit: true),
        new BadInput("depth beyond memory", ["fit", "--dataset", "fashion-mnist-sample", "--depth", "100000"], "--depth", SizeLimit: true),
        new BadInput("negative width", ["fit", "--dataset", "{d}/data.npz", "--width", "-3"], "--width", SizeLimit: true),

        // 2. Numbers by the invariant rules, with the option named.
        new BadInput("decimal comma", ["fit", "--dataset", "{d}/data.npz", "--lambda", "0,5"], "--lambda"),
        new BadInput("group separator", ["fit", "--dataset", "{d}/data.npz", "--lambda", "1,000"], "--lambda"),
        new BadInput("not a number", ["fit", "--dataset", "{d}/data.npz", "--lambda", "abc"], "--lambda"),
        new BadInput("NaN lambda", ["fit", "--dataset", "{d}/data.npz", "--lambda", "NaN"], "--lambda"),
        new BadInput("infinite lambda", ["fit", "--dataset", "{d}/data.npz", "--lambda", "Infinity"], "--lambda"),
        new BadInput("negative lambda", ["fit", "--dataset", "{d}/data.npz", "--lambda", "-1"], "--lambda"),
        new BadInput("fractional seed", ["fit", "--dataset", "{d}/data.npz", "--seed", "1.5"], "--seed"),
        new BadInput("exponent ipc", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1e3", "--out", "{d}/e.npz"], "--ipc"),
        new BadInput("hex width", ["fit", "--dataset", "{d}/data.npz", "--width", "0x10"], "--width"),
        new BadInput("negative sigma2", ["fit", "--dataset", "{d}/data.npz", "--features", "rff", "--rff-sigma2", "-1"], "--rff-sigma2"),
        new BadInput("bad lambda-s", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--lambda-s", "-2", "--out", "{d}/e.npz"], "--lambda-s"),
        new BadInput("kip given lambda, which it does not take", ["kip", "--dataset", "{d}/data.npz", "--ipc", "1", "--lambda", "-1", "--out", "{d}/e.npz"], "--lambda"),
        new BadInput("kip zero lr", ["kip", "--dataset", "{d}/data.npz", "--ipc", "1", "--lr", "0", "--out", "{d}/e.npz"], "--lr"),
        new BadInput("kip negative steps", ["kip", "--dataset", "{d}/data.npz", "--ipc", "1", "--steps", "-1", "--out", "{d}/e.npz"], "--steps"),
        new BadInput("kip bad time budget", ["kip", "--dataset", "{d}/data.npz", "--ipc", "1", "--time-budget", "soon", "--out", "{d}/e.npz"], "--time-budget"),
        new BadInput("privacy epsilon zero", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--privacy", "dp", "--epsilon", "0", "--out", "{d}/e.npz"], "--epsilon"),
        new BadInput("privacy delta one", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--privacy", "dp", "--delta", "1", "--out", "{d}/e.npz"], "--delta"),
        new BadInput("unknown privacy mode", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--privacy", "feature-dp", "--out", "{d}/e.npz"], "--privacy"),
        new BadInput("unknown init", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--init", "zeros", "--out", "{d}/e.npz"], "--init"),
        new BadInput("unknown root", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--root", "both", "--out", "{d}/e.npz"], "--root"),
        new BadInput("unknown labels", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--labels", "best", "--out", "{d}/e.npz"], "--labels"),
        new BadInput("features as a list", ["fit", "--dataset", "{d}/data.npz", "--features", "fcnn,rff"], "--features"),
        new BadInput("an extra entry that declares gigabytes", ["fit", "--dataset", "{d}/padded.npz"], "padded.npz", SizeLimit: true, Make: d =>
        {
            File.Copy(Path.Combine(d, "data.npz"), Path.Combine(d, "padded.npz"));
            using var zip = new ZipArchive(File.Open(Path.Combine(d, "padded.npz"), FileMode.Open), ZipArchiveMode.Update);
            using Stream pad = zip.CreateEntry("pad.npy").Open();
            pad.Write(NpyHeader.Encode("<f8", [2_000_000_000])); // 16 GB declared, nothing behind it
        }),
        new BadInput("features by number", ["fit", "--dataset", "{d}/data.npz", "--features", "2"], "--features"),
        new BadInput("unknown features", ["fit", "--dataset", "{d}/data.npz", "--features", "cnn"], "--features"),
        new BadInput("reproduce table 5", ["reproduce", "--table", "5", "--out-dir", "{d}/r"], "--table"),
        new BadInput("reproduce out-dir where nothing can be written", ["reproduce", "--table", "3", "--datasets", "fashion-mnist-sample", "--out-dir", "/proc/reports"], "--out-dir", SizeLimit: true),
        new BadInput("reproduce out-dir in a missing directory", ["reproduce", "--table", "3", "--datasets", "fashion-mnist-sample", "--out-dir", "{d}/no/reports"], "--out-dir", SizeLimit: true),
        new BadInput("reproduce out-dir is a file", ["reproduce", "--table", "3", "--datasets", "fashion-mnist-sample", "--out-dir", "{d}/data.npz"], "--out-dir"),

        // 3. Data no factorization can use.
        new BadInput("values near 1e300", ["fit", "--dataset", "{d}/huge.npz"], "huge.npz", Make: d => WriteNpz(d, "huge.npz", train: (60, 6), value: 1e300)),
        new BadInput("all-zero data", ["fit", "--dataset", "{d}/zeros.npz", "--features", "identity"], "zeros.npz", Make: d => WriteNpz(d, "zeros.npz", train: (60, 6), value: 0)),
        new BadInput("all-zero data, kip", ["kip", "--dataset", "{d}/zeros.npz", "--features", "identity", "--ipc", "1", "--out", "{d}/e.npz"], "zeros.npz", Make: d => WriteNpz(d, "zeros.npz", train: (60, 6), value: 0)),

        // 4. Outputs.
        new BadInput("out is the input", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--out", "{d}/data.npz"], "--out", SizeLimit: true),
        new BadInput("save-model is the input", ["fit", "--dataset", "{d}/data.npz", "--save-model", "{d}/./data.npz"], "--save-model", SizeLimit: true),
        new BadInput("out is the CSV's test file", ["fit", "--dataset", "{d}/data.csv", "--save-model", "{d}/data.test.csv"], "--save-model", SizeLimit: true),
        new BadInput("png is out", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--out", "{d}/d.npz", "--png", "{d}/d.npz"], "--png", SizeLimit: true),
        new BadInput("metrics is png", ["kip", "--dataset", "{d}/data.npz", "--ipc", "1", "--out", "{d}/d.npz", "--png", "{d}/x", "--metrics", "{d}/x"], "--metrics", SizeLimit: true),
        new BadInput("out is a device", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--out", "/dev/null"], "--out", SizeLimit: true),
        new BadInput("out is a FIFO", ["fit", "--dataset", "{d}/data.npz", "--save-model", "{d}/pipe"], "--save-model", SizeLimit: true, Make: d => OutputSafetyTests.MakeFifo(Path.Combine(d, "pipe"))),
        new BadInput("out is a directory", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--out", "{d}"], "--out", SizeLimit: true),
        new BadInput("out in a missing directory", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--out", "{d}/no/d.npz"], "--out", SizeLimit: true),
        new BadInput("out where nothing can be written", ["fit", "--dataset", "{d}/data.npz", "--save-model", "/proc/m.npz"], "--save-model", SizeLimit: true),
        new BadInput("empty out", ["distill", "--dataset", "{d}/data.npz", "--ipc", "1", "--out", ""], "--out", SizeLimit: true),

        // 5. Inputs that cannot give the numbers a run reports.
        new BadInput("no test rows", ["fit", "--dataset", "{d}/notest.npz"], "notest.npz", Make: d => WriteNpz(d, "notest.npz", train: (60, 6), test: 0)),
        new BadInput("no training rows", ["fit", "--dataset", "{d}/notrain.npz"], "notrain.npz", Make: d => WriteNpz(d, "notrain.npz", train: (0, 6))),
        new BadInput("a label of 999999", ["fit", "--dataset", "{d}/label.csv"], "label.csv", SizeLimit: true, Make: d => WriteCsv(d, "label", bigLabel: true)),
        new BadInput("data file is a FIFO", ["fit", "--dataset", "{d}/fifo.npz"], "fifo.npz", SizeLimit: true, Make: d => OutputSafetyTests.MakeFifo(Path.Combine(d, "fifo.npz"))),
        new BadInput("data file is a device", ["fit", "--dataset", "{d}/zero.csv"], "zero.csv", SizeLimit: true, Make: d =>
        {
            File.CreateSymbolicLink(Path.Combine(d, "zero.csv"), "/dev/zero");
            File.CreateSymbolicLink(Path.Combine(d, "zero.test.csv"), "/dev/zero");
        }),
        new BadInput("x and y disagree", ["fit", "--dataset", "{d}/mismatch.npz"], "'y_train'", SizeLimit: true, Make: d => WriteNpz(d, "mismatch.npz", train: (60, 6), trainLabels: 59)),
        new BadInput("CSV test file missing", ["fit", "--dataset", "{d}/alone.csv"], "alone.test.csv", SizeLimit: true, Make: d => File.Copy(Path.Combine(d, "data.csv"), Path.Combine(d, "alone.csv"))),
        new BadInput("NaN in a CSV", ["fit", "--dataset", "{d}/nan.csv"], "nan.csv", Make: d => WriteCsv(d, "nan", nan: true)),
        new BadInput("text in a CSV", ["fit", "--dataset", "{d}/text.csv"], "text.csv", Make: d => WriteCsv(d, "text", text: true)),

        // 6. Arrays numpy writes that cannot be data.
        new BadInput("object array", ["fit", "--dataset", "{d}/object.npz"], "object.npz", Make: d => WriteRawNpz(d, "object.npz", NpyHeader.Encode("|O", [2]), new byte[16])),
        new BadInput("complex array", ["fit", "--dataset", "{d}/complex.npz"], "complex.npz", Make: d => WriteRawNpz(d, "complex.npz", NpyHeader.Encode("<c16", [2]), new byte[32])),

        // 7. Files and names that do not help unless the message does.
        new BadInput("width 0", ["fit", "--dataset", "{d}/width0.npz"], "width0.npz", Make: d => WriteNpz(d, "width0.npz", train: (60, 0))),
        new BadInput("empty dataset", ["fit", "--dataset", ""], "--dataset", SizeLimit: true),
        new BadInput("empty data-dir", ["fit", "--dataset", "mnist", "--data-dir", ""], "--data-dir", SizeLimit: true),
        new BadInput("unknown data set", ["fit", "--dataset", "imagenet"], "imagenet", SizeLimit: true),
        new BadInput("missing data-dir", ["fit", "--dataset", "mnist", "--data-dir", "{d}/nowhere"], "{d}/nowhere", SizeLimit: true),
        new BadInput("unknown command", ["distil", "--dataset", "mnist"], "distil", SizeLimit: true),
        new BadInput("no command", [], "a command is needed", SizeLimit: true),
        new BadInput("gzip CRC wrong", ["fit", "--dataset", "fashion-mnist", "--data-dir", "{d}/idx"], "t10k-labels-idx1-ubyte.gz", Make: MakeCorruptIdx),
        new BadInput("truncated npz", ["fit", "--dataset", "{d}/cut.npz"], "cut.npz", Make: d => File.WriteAllBytes(Path.Combine(d, "cut.npz"), File.ReadAllBytes(Path.Combine(d, "data.npz"))[..700])),
        new BadInput("not a zip", ["fit", "--dataset", "{d}/text.npz"], "text.npz", Make: d => File.WriteAllText(Path.Combine(d, "text.npz"), "x_train,y_train\n")),
        new BadInput("evaluate a missing set", ["evaluate", "--distilled", "{d}/none.npz", "--dataset", "{d}/data.npz"], "none.npz", SizeLimit: true),
        new BadInput("evaluate a data set as a distilled set", ["evaluate", "--distilled", "{d}/data.npz", "--dataset", "{d}/data.npz"], "data.npz"),
        // 8. Surfaces added since (statistics, merge, NPY directories): empty names, binary text, numbers past double.
        new BadInput("empty stats", ["fit", "--stats", ""], "--stats is empty", SizeLimit: true),
        new BadInput("empty stats for distill", ["distill", "--stats", "", "--dataset", "{d}/data.npz", "--ipc", "1", "--out", "{d}/e.npz"], "--stats is empty", SizeLimit: true),
        new BadInput("empty merge input", ["merge", "", "{d}/d.npz", "--out", "{d}/m.npz"], "file 1 of 2 is an empty name", SizeLimit: true),
        new BadInput("blank merge input", ["merge", "{d}/d.npz", " ", "--out", "{d}/m.npz"], "file 2 of 2 is an empty name", SizeLimit: true),
        new BadInput("empty distilled", ["evaluate", "--distilled", "", "--dataset", "{d}/data.npz"], "--distilled is empty", SizeLimit: true),
        new BadInput("info with an empty data-dir", ["info", "--data-dir", ""], "--data-dir is empty", SizeLimit: true),
        new BadInput("reproduce with an empty data-dir", ["reproduce", "--table", "3", "--data-dir", "", "--out-dir", "{d}/r"], "--data-dir is empty", SizeLimit: true),
        new BadInput("evaluate with an empty data-dir", ["evaluate", "--distilled", "{d}/d.npz", "--dataset", "mnist", "--data-dir", ""], "--data-dir is empty", SizeLimit: true),
        new BadInput("binary file as CSV", ["fit", "--dataset", "{d}/bin.csv"], "bin.csv: line 1 holds binary data", SizeLimit: true, Make: d =>
        {
            File.Copy(Path.Combine(d, "data.npz"), Path.Combine(d, "bin.csv"));
            File.Copy(Path.Combine(d, "data.npz"), Path.Combine(d, "bin.test.csv"));
        }),
        new BadInput("terminal escape in a CSV cell", ["fit", "--dataset", "{d}/esc.csv"], "'\\x1B[31mred' is not a number", SizeLimit: true, Make: d =>
        {
            File.WriteAllText(Path.Combine(d, "esc.csv"), "0,1,2\n1,\u001b[31mred,3\n");
            File.WriteAllText(Path.Combine(d, "esc.test.csv"), "0,1,2\n");
        }),
        new BadInput("terminal escape in a file name", ["fit", "--dataset", "{d}/x\u001b[2Jy.npz"], "x\\x1B[2Jy.npz: no such file", SizeLimit: true),
        new BadInput("columns that change after a header", ["fit", "--dataset", "{d}/hdr.csv"], "line 2 has 2 columns, line 1 has 3", SizeLimit: true, Make: d =>
        {
            File.WriteAllText(Path.Combine(d, "hdr.csv"), "label,a,b\n1,2\n");
            File.WriteAllText(Path.Combine(d, "hdr.test.csv"), "0,1,2\n");
        }),
        new BadInput("kip learning rate past double", ["kip", "--dataset", "{d}/data.npz", "--ipc", "1", "--lr", "1e300", "--steps", "3", "--out", "{d}/e.npz"], "--lr 1E+300 made KIP diverge at step 1"),
        new BadInput("a map too deep to invert in double", ["distill", "--dataset", "{d}/data.npz", "--ipc", "3", "--depth", "300", "--out", "{d}/e.npz"], "--depth is 300: the constructed inputs are beyond what double precision can carry"),
        // 9. The user's own data: image folders and downloads.
        new BadInput("a folder prefix without a path", ["fit", "--dataset", "folder:"], "names no folder", SizeLimit: true),
        new BadInput("a missing image folder", ["fit", "--dataset", "folder:{d}/nowhere"], "{d}/nowhere: no such folder", SizeLimit: true),
        new BadInput("an image folder of one class", ["fit", "--dataset", "folder:{d}/one"], "1 class folder", SizeLimit: true, Make: d => MakeImages(d, "one", classes: 1)),
        new BadInput("an image folder without images", ["fit", "--dataset", "folder:{d}/empty"], "no images", SizeLimit: true, Make: d =>
        {
            Directory.CreateDirectory(Path.Combine(d, "empty", "a"));
            Directory.CreateDirectory(Path.Combine(d, "empty", "b"));
        }),
        new BadInput("an image that is not one", ["fit", "--dataset", "folder:{d}/bad"], "fake.png: not an image", SizeLimit: true, Make: d =>
        {
            MakeImages(d, "bad", classes: 2);
            File.WriteAllText(Path.Combine(d, "bad", "c1", "fake.png"), "text, not a PNG");
        }),
        new BadInput("images of two sizes", ["fit", "--dataset", "folder:{d}/mixed"], "give --image-size H W", SizeLimit: true, Make: d =>
        {
            MakeImages(d, "mixed", classes: 2);
            MakeImages(d, "mixed", classes: 2, size: 5, stem: "big");
        }),
        new BadInput("an image size of one number", ["fit", "--dataset", "folder:{d}/ok", "--image-size", "8"], "--image-size", SizeLimit: true, Make: d => MakeImages(d, "ok", classes: 2)),
        new BadInput("a negative image size", ["fit", "--dataset", "folder:{d}/ok", "--image-size", "-4", "4"], "--image-size", SizeLimit: true, Make: d => MakeImages(d, "ok", classes: 2)),
        new BadInput("an image size past any array", ["fit", "--dataset", "folder:{d}/ok", "--image-size", "100000", "100000"], "--image-size 100000 100000 must be two positive sizes", SizeLimit: true, Make: d => MakeImages(d, "ok", classes: 2)),
        new BadInput("a scaling that is none", ["fit", "--dataset", "folder:{d}/ok", "--normalize", "zscore"], "--normalize 'zscore' is not a scaling", SizeLimit: true, Make: d => MakeImages(d, "ok", classes: 2)),
        new BadInput("a scaling with a zero std", ["distill", "--dataset", "folder:{d}/ok", "--normalize", "0.5/0"], "--normalize needs finite means and positive, finite standard deviations", SizeLimit: true, Make: d => MakeImages(d, "ok", classes: 2)),
        new BadInput("a scaling for three channels of grey images", ["distill", "--dataset", "folder:{d}/ok", "--normalize", "0.5,0.5,0.5/0.2,0.2,0.2"], "--normalize gives 3 values per list but the images have 1 channel", SizeLimit: true, Make: d => MakeImages(d, "ok", classes: 2)),
        new BadInput("a folder scaling for an npz", ["distill", "--dataset", "{d}/data.npz", "--normalize", "channels"], "--normalize applies to image folders", SizeLimit: true),
        new BadInput("skipping images of an npz", ["stats", "--dataset", "{d}/data.npz", "--skip-bad-images", "--out", "{d}/s.npz"], "--skip-bad-images applies to image folders", SizeLimit: true),
        new BadInput("a folder whose every training image is bad, skipped", ["fit", "--dataset", "folder:{d}/allbad", "--skip-bad-images"], "none of the 4 training images can be read", SizeLimit: true, Make: d =>
        {
            foreach (string c in new[] { "a", "b" })
            {
                Directory.CreateDirectory(Path.Combine(d, "allbad", "train", c));
                Directory.CreateDirectory(Path.Combine(d, "allbad", "test", c));
                File.WriteAllText(Path.Combine(d, "allbad", "train", c, "1.png"), "no");
                File.WriteAllText(Path.Combine(d, "allbad", "train", c, "2.png"), "no");
                File.WriteAllText(Path.Combine(d, "allbad", "test", c, "1.png"), "no");
            }
        }),
        new BadInput("a ZCA ε of zero", ["distill", "--dataset", "{d}/data.npz", "--zca", "0"], "--zca ε must be a positive, finite number (got 0)", SizeLimit: true),
        new BadInput("a ZCA ε that is not a number", ["fit", "--dataset", "{d}/data.npz", "--zca", "1,5"], "--zca: '1,5' is not a number", SizeLimit: true),
        new BadInput("ZCA moments that are not a file", ["fit", "--dataset", "{d}/data.npz", "--zca-from", "{d}/none.npz"], "none.npz", SizeLimit: true),
        new BadInput("ZCA moments that are a truncated file", ["stats", "--dataset", "{d}/data.npz", "--zca-from", "{d}/cut.npz", "--out", "{d}/s.npz"], "cut.npz", SizeLimit: true, Make: d => File.WriteAllBytes(Path.Combine(d, "cut.npz"), File.ReadAllBytes(Path.Combine(d, "data.npz"))[..700])),
        new BadInput("ZCA on kip", ["kip", "--dataset", "{d}/data.npz", "--zca"], "--zca", SizeLimit: true),
        new BadInput("fetch of an unknown data set", ["fetch", "imagenet", "--data-dir", "{d}"], "'imagenet' cannot be fetched", SizeLimit: true),
        new BadInput("fetch from a mirror that is not a URL", ["fetch", "mnist", "--mirror", "mirror.example.org", "--data-dir", "{d}"], "--mirror 'mirror.example.org' is not an http or https URL", SizeLimit: true),
        new BadInput("fetch with a negative timeout", ["fetch", "mnist", "--timeout", "-1", "--data-dir", "{d}"], "--timeout must be a number of seconds", SizeLimit: true),
        new BadInput("fetch with nothing to fetch", ["fetch"], "datasets", SizeLimit: true),
        new BadInput("evaluate a truncated set", ["evaluate", "--distilled", "{d}/cut.npz", "--dataset", "{d}/data.npz"], "cut.npz", Make: d => File.WriteAllBytes(Path.Combine(d, "cut.npz"), File.ReadAllBytes(Path.Combine(d, "data.npz"))[..700])),
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void EveryBadInput_IsRefusedWithOneLine_TouchingNothing(BadInput bad)
    {
        using var dir = new TempDirectory();
        Prepare(dir.Path);
        bad.Make?.Invoke(dir.Path);
        Dictionary<string, byte[]> before = Snapshot(dir.Path);
        string[] args = [.. bad.Args.Select(a => a.Replace("{d}", dir.Path, StringComparison.Ordinal))];

        var clock = Stopwatch.StartNew();
        CliRun run = CliRun.Of(args);
        TimeSpan elapsed = clock.Elapsed;

        run.AssertBadInput(bad.Names.Replace("{d}", dir.Path, StringComparison.Ordinal));
        Assert.DoesNotMatch(@"System\.|KrrDistill\.[A-Z]|Parameter '|\(\w+Exception\)", run.Stderr); // what a valid value looks like, never .NET's words
        Assert.DoesNotMatch(@"[\x00-\x09\x0B-\x1F\x7F-\x9F]", run.Stderr); // nothing quoted reaches the terminal raw
        Dictionary<string, byte[]> after = Snapshot(dir.Path);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, f => Assert.True(f.Value.AsSpan().SequenceEqual(after[f.Key]), $"{f.Key} was changed"));
        if (bad.SizeLimit)
        {
            Assert.True(elapsed < TimeSpan.FromSeconds(1), $"refused after {elapsed.TotalSeconds:F2} s");
        }
    }

    /// <summary>Good inputs (an npz and a CSV data set) and an earlier run's artefacts, which no bad run may touch.</summary>
    private static void Prepare(string d)
    {
        OutputSafetyTests.WriteDataSet(Path.Combine(d, "data.npz"));
        WriteCsv(d, "data");
        File.WriteAllText(Path.Combine(d, "d.npz"), "an earlier run's set");
        File.WriteAllText(Path.Combine(d, "d.png"), "an earlier run's grid");
        File.WriteAllText(Path.Combine(d, "d.metrics.json"), "{\"earlier\": true}");
    }

    /// <summary>Every file under <paramref name="d"/> (hidden ones and subdirectories included; FIFOs and devices by name only).</summary>
    private static Dictionary<string, byte[]> Snapshot(string d)
        => Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories).ToDictionary(
            p => p,
            p => File.Exists(p) && FileKindProbe.Of(p) == FileKind.Regular ? File.ReadAllBytes(p) : []);

    private static void WriteNpz(string d, string name, (int Rows, int Width) train, int test = 20, double value = double.NaN, int? trainLabels = null)
    {
        var random = new Random(3);
        NpyArray X(int n) => NpyArray.FromDoubles([.. Enumerable.Range(0, n * train.Width).Select(_ => double.IsNaN(value) ? random.NextDouble() : value)], [n, train.Width]);
        NpyArray Y(int n) => NpyArray.FromInt64([.. Enumerable.Range(0, n).Select(i => (long)(i % 2))], [n]);
        NpzWriter.Write(Path.Combine(d, name), [new("x_train", X(train.Rows)), new("y_train", Y(trainLabels ?? train.Rows)), new("x_test", X(test)), new("y_test", Y(test))]);
    }

    private static void WriteRawNpz(string d, string name, byte[] header, byte[] data)
    {
        using var zip = new ZipArchive(File.Create(Path.Combine(d, name)), ZipArchiveMode.Create);
        foreach (string key in new[] { "x_train", "y_train", "x_test", "y_test" })
        {
            using Stream entry = zip.CreateEntry(key + ".npy").Open();
            entry.Write(header);
            entry.Write(data);
        }
    }

    private static void WriteCsv(string d, string stem, bool bigLabel = false, bool nan = false, bool text = false)
    {
        string Rows(int n, bool bad)
        {
            var s = new StringBuilder();
            for (int i = 0; i < n; i++)
            {
                string label = bad && bigLabel && i == 0 ? "999999" : (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string first = bad && nan && i == 3 ? "NaN" : bad && text && i == 3 ? "seven" : $"0.{i + 1}";
                s.Append(label).Append(',').Append(first).Append(",0.5,0.25\n");
            }

            return s.ToString();
        }

        File.WriteAllText(Path.Combine(d, stem + ".csv"), Rows(40, bad: true));
        File.WriteAllText(Path.Combine(d, stem + ".test.csv"), Rows(10, bad: false));
    }

    /// <summary>An image folder d/<paramref name="name"/> of <paramref name="classes"/> class folders of three grey PNGs each.</summary>
    private static void MakeImages(string d, string name, int classes, int size = 4, string stem = "img")
    {
        for (int c = 0; c < classes; c++)
        {
            string folder = Path.Combine(d, name, $"c{c}");
            Directory.CreateDirectory(folder);
            for (int i = 0; i < 3; i++)
            {
                using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(size, size, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque));
                bitmap.GetPixelSpan().Fill((byte)(40 * (i + c)));
                using SkiaSharp.SKData png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(folder, $"{stem}{i}.png"), png.ToArray());
            }
        }
    }

    /// <summary>The bundled Fashion-MNIST sample with one bit of the test labels' gzip CRC flipped.</summary>
    private static void MakeCorruptIdx(string d)
    {
        string idx = Path.Combine(d, "idx");
        Directory.CreateDirectory(idx);
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist"), "*.gz"))
        {
            File.Copy(file, Path.Combine(idx, Path.GetFileName(file)));
        }

        string labels = Path.Combine(idx, "t10k-labels-idx1-ubyte.gz");
        byte[] bytes = File.ReadAllBytes(labels);
        bytes[^8] ^= 1; // the CRC-32 of the gzip trailer
        File.WriteAllBytes(labels, bytes);
    }
}
