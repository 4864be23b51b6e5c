using System.Text;
using KrrDistill.Data;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Data;

/// <summary>
/// A data set given as a directory of NPY files is streamed from disk (only labels in memory) and gives exactly the
/// model of the same arrays in an npz; files that cannot be streamed are refused by name.
/// </summary>
public sealed class NpyDirectoryTests
{
    private const int Train = 300, Test = 40, Width = 12;

    [Theory]
    [InlineData("u1")]
    [InlineData("f8")]
    [InlineData("f4")]
    public void SingleFilesAndShards_GiveTheModelOfTheSameArraysInAnNpz(string dtype)
    {
        using var dir = new TempDirectory();
        (NpyArray xTrain, NpyArray yTrain, NpyArray xTest, NpyArray yTest) = Arrays(dtype);
        NpzWriter.Write(dir.File("d.npz"), [new("x_train", xTrain), new("y_train", yTrain), new("x_test", xTest), new("y_test", yTest)]);
        Directory.CreateDirectory(dir.File("single"));
        NpyWriter.Write(dir.File("single/x_train.npy"), xTrain);
        NpyWriter.Write(dir.File("single/y_train.npy"), yTrain);
        NpyWriter.Write(dir.File("single/x_test.npy"), xTest);
        NpyWriter.Write(dir.File("single/y_test.npy"), yTest);
        WriteShards(dir.File("sharded"), dtype, [0, 100, 100, 101, 250, Train]); // an empty shard among them

        RidgeModel Fit(string dataset)
        {
            DatasetPair pair = DatasetCatalog.Load(dataset, null);
            return new KernelRidge(KrrDistill.Features.FeatureMap.Fcnn(Width, seed: 1), new KernelRidgeOptions { Seed = 1 }).Fit(pair.Train);
        }

        RidgeModel fromNpz = Fit(dir.File("d.npz"));
        foreach (string streamed in new[] { dir.File("single"), dir.File("sharded") })
        {
            DatasetPair pair = DatasetCatalog.Load(streamed, null);
            Assert.True(pair.Train.IsStreamed);
            Assert.Equal(Train, pair.Train.Count);
            RidgeModel model = Fit(streamed);
            Assert.Equal(fromNpz.Lambda, model.Lambda);
            Assert.Equal(fromNpz.Weights.Data, model.Weights.Data); // the same rows in the same order: bit for bit
            Assert.Equal(fromNpz.Accuracy(DatasetCatalog.Load(dir.File("d.npz"), null).Test), model.Accuracy(pair.Test));
        }
    }

    [Fact]
    public void ADirectoryPast2To31Elements_Streams()
    {
        // (2,200,000 × 1000) uint8: 2.2·10⁹ elements, past what one array holds; a sparse file (zeros but where written).
        const int Rows = 2_200_000, D = 1000;
        using var dir = new TempDirectory();
        string data = dir.File("big");
        Directory.CreateDirectory(data);
        string x = Path.Combine(data, "x_train.npy");
        long dataOffset;
        using (FileStream file = File.Create(x))
        {
            byte[] header = NpyHeader.Encode("|u1", [Rows, D]);
            file.Write(header);
            dataOffset = header.Length;
            file.SetLength(dataOffset + ((long)Rows * D));
            file.Position = dataOffset + ((long)(Rows - 1) * D); // the last sample: 0, 1, …, 255, 0, 1, …
            file.Write([.. Enumerable.Range(0, D).Select(i => (byte)i)]);
        }

        NpyWriter.Write(Path.Combine(data, "y_train.npy"), NpyArray.FromBytes([.. Enumerable.Range(0, Rows).Select(i => (byte)(i % 3))], Rows));
        NpyWriter.Write(Path.Combine(data, "x_test.npy"), NpyArray.FromBytes(new byte[10 * D], 10, D));
        NpyWriter.Write(Path.Combine(data, "y_test.npy"), NpyArray.FromBytes([.. Enumerable.Range(0, 10).Select(i => (byte)(i % 3))], 10));

        DatasetPair pair = DatasetCatalog.Load(data, null);
        Assert.True(pair.Train.IsStreamed);
        Assert.Equal(Rows, pair.Train.Count);
        var last = new double[D];
        pair.Train.CopyInputs(Rows - 1, 1, last);
        Assert.Equal([.. Enumerable.Range(0, D).Select(i => (i % 256) / 255.0)], last);

        // The command line: the statistics of one shard of the training rows, rows read from all over the file.
        CliRun run = CliRun.Of("stats", "--dataset", data, "--shard", "1000/1000", "--width", "16", "--out", dir.File("s.npz"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        StatisticsArtefact statistics = StatisticsArtefact.Load(dir.File("s.npz"));
        Assert.InRange(statistics.Train.Count, 2089, 2091); // 1/1000 of the 95 % training split
        Assert.Equal(32, statistics.SourceFingerprint!.Length);
    }

    [Fact]
    public void TheCliFitsAStreamedDirectory()
    {
        using var dir = new TempDirectory();
        WriteShards(dir.File("data"), "u1", [0, 150, Train]);
        CliRun run = CliRun.Of("fit", "--dataset", dir.File("data"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(Train - 15, run.Json().GetProperty("n_train").GetInt32());
    }

    [Theory]
    [InlineData("missing labels", "has no labels")]
    [InlineData("stray labels", "has no inputs")]
    [InlineData("row mismatch", "holds 100 samples but")]
    [InlineData("non-finite", "sample 7, feature 3 is NaN")]
    [InlineData("channels last", "channels-first")]
    [InlineData("mixed dtypes", "holds samples of shape")]
    [InlineData("fortran order", "Fortran-order arrays are not streamed")]
    [InlineData("big endian", "is not streamed")]
    [InlineData("truncated", "truncated")]
    [InlineData("int inputs", "is not streamed")]
    public void FilesThatCannotBeStreamed_AreRefusedByName(string fault, string expected)
    {
        using var dir = new TempDirectory();
        string data = dir.File("data");
        WriteShards(data, "f8", [0, 100, Train]);
        string x1 = Path.Combine(data, "train", "x_001.npy");
        switch (fault)
        {
            case "missing labels":
                File.Delete(Path.Combine(data, "train", "y_001.npy"));
                break;
            case "stray labels":
                File.Copy(Path.Combine(data, "train", "y_001.npy"), Path.Combine(data, "train", "y_009.npy"));
                break;
            case "row mismatch":
                NpyWriter.Write(Path.Combine(data, "train", "y_000.npy"), NpyArray.FromInt64(new long[99], 99));
                break;
            case "non-finite":
                double[] values = new double[200 * Width];
                values[(7 * Width) + 3] = double.NaN;
                NpyWriter.Write(x1, NpyArray.FromDoubles(values, 200, Width));
                break;
            case "channels last":
                foreach (string split in new[] { "train", "test" })
                {
                    foreach (string x in Directory.GetFiles(Path.Combine(data, split), "x_*.npy"))
                    {
                        NpyArray a = NpyReader.Read(x);
                        NpyWriter.Write(x, NpyArray.FromDoubles(a.ToDoubles(), a.Shape[0], 2, 2, 3));
                    }
                }

                break;
            case "mixed dtypes":
                NpyWriter.Write(x1, NpyArray.FromSingles(new float[200 * Width], 200, Width));
                break;
            case "fortran order":
                RewriteHeader(x1, "'fortran_order': False", "'fortran_order': True ");
                break;
            case "big endian":
                RewriteHeader(x1, "'<f8'", "'>f8'");
                break;
            case "truncated":
                byte[] bytes = File.ReadAllBytes(x1);
                File.WriteAllBytes(x1, bytes[..^8]);
                break;
            default:
                NpyWriter.Write(x1, NpyArray.FromInt64(new long[200 * Width], 200, Width));
                break;
        }

        CliRun run = CliRun.Of("fit", "--dataset", data);
        run.AssertBadInput(expected);
    }

    private static (NpyArray XTrain, NpyArray YTrain, NpyArray XTest, NpyArray YTest) Arrays(string dtype)
    {
        var random = new Random(4);
        NpyArray X(int n)
        {
            double[] v = [.. Enumerable.Range(0, n * Width).Select(_ => Math.Floor(random.NextDouble() * 256))];
            return dtype switch
            {
                "u1" => NpyArray.FromBytes([.. v.Select(x => (byte)x)], n, Width),
                "f4" => NpyArray.FromSingles([.. v.Select(x => (float)(x / 7))], n, Width),
                _ => NpyArray.FromDoubles([.. v.Select(x => x / 7)], n, Width),
            };
        }

        NpyArray Y(int n) => NpyArray.FromInt64([.. Enumerable.Range(0, n).Select(i => (long)(i % 3))], n);
        return (X(Train), Y(Train), X(Test), Y(Test));
    }

    /// <summary>The arrays of <see cref="Arrays"/> cut into train shards at <paramref name="cuts"/>, and one test shard.</summary>
    private static void WriteShards(string directory, string dtype, int[] cuts)
    {
        (NpyArray xTrain, NpyArray yTrain, NpyArray xTest, NpyArray yTest) = Arrays(dtype);
        Directory.CreateDirectory(Path.Combine(directory, "train"));
        Directory.CreateDirectory(Path.Combine(directory, "test"));
        double[] x = xTrain.ToDoubles(), y = yTrain.ToDoubles();
        for (int s = 0; s + 1 < cuts.Length; s++)
        {
            int a = cuts[s], n = cuts[s + 1] - a;
            double[] part = x[(a * Width)..((a + n) * Width)];
            NpyArray shard = dtype switch
            {
                "u1" => NpyArray.FromBytes([.. part.Select(v => (byte)v)], n, Width),
                "f4" => NpyArray.FromSingles([.. part.Select(v => (float)v)], n, Width),
                _ => NpyArray.FromDoubles(part, n, Width),
            };
            NpyWriter.Write(Path.Combine(directory, "train", $"x_{s:000}.npy"), shard);
            NpyWriter.Write(Path.Combine(directory, "train", $"y_{s:000}.npy"), NpyArray.FromInt64([.. y[a..(a + n)].Select(v => (long)v)], n));
        }

        NpyWriter.Write(Path.Combine(directory, "test", "x_000.npy"), xTest);
        NpyWriter.Write(Path.Combine(directory, "test", "y_000.npy"), yTest);
    }

    private static void RewriteHeader(string path, string from, string to)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string header = Encoding.Latin1.GetString(bytes, 0, 128);
        Assert.Contains(from, header, StringComparison.Ordinal);
        byte[] replaced = Encoding.Latin1.GetBytes(header.Replace(from, to, StringComparison.Ordinal));
        replaced.CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
    }
}
