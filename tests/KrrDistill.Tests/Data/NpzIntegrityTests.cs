using System.Buffers.Binary;
using System.Text;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.Distillation;

namespace KrrDistill.Tests.Data;

/// <summary>A flipped bit anywhere in an npz the tool reads is refused; statistics that no data could give are refused.</summary>
public class NpzIntegrityTests
{
    public static TheoryData<string, bool> Artefacts()
    {
        var data = new TheoryData<string, bool>();
        foreach (string kind in new[] { "stats", "model", "distilled", "dataset" })
        {
            data.Add(kind, false);
            data.Add(kind, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Artefacts))]
    public void AFlippedBitInAnyEntryIsRefusedByItsCrc(string kind, bool compressed)
    {
        using var directory = new TempDirectory();
        string path = directory.File($"{kind}.npz");
        (string key, Action<string> load) = Write(kind, path, compressed);
        load(path); // intact: reads

        byte[] bytes = File.ReadAllBytes(path);
        Flip(bytes, key, compressed);
        File.WriteAllBytes(path, bytes);
        DataFormatException e = Assert.Throws<DataFormatException>(() => load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(compressed ? key : $"key '{key}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatisticsNoDataCouldGiveAreRefused()
    {
        using var directory = new TempDirectory();
        DatasetPair data = DistillationChainTests.RandomData(n: 200, d: 5, k: 2, seed: 1);
        var ridge = new KernelRidge(FeatureMap.Identity(5));
        SufficientStatistics good = ridge.Accumulate(new TrainingRows(data.Train));

        Assert.Contains("diagonal", Refused(directory, good.Gram.Scaled(-1), good.CrossProduct, good.Count, [.. good.ClassCounts!]), StringComparison.Ordinal);
        Matrix cauchy = good.Gram;
        cauchy[0, 1] = cauchy[1, 0] = 2 * Math.Sqrt(cauchy[0, 0] * cauchy[1, 1]);
        Assert.Contains("Cauchy", Refused(directory, cauchy, good.CrossProduct, good.Count, [.. good.ClassCounts!]), StringComparison.Ordinal);
        Assert.Contains("2^53", Refused(directory, good.Gram, good.CrossProduct, long.MaxValue, [long.MaxValue - 5, 5]), StringComparison.Ordinal);

        var huge = new SufficientStatistics(good.Gram, good.CrossProduct, SufficientStatistics.MaxCount, [SufficientStatistics.MaxCount, 0]);
        var more = new SufficientStatistics(good.Gram, good.CrossProduct, 1, [1, 0]);
        Assert.Throws<InputException>(() => huge.Merge(more));
    }

    private static string Refused(TempDirectory directory, Matrix gram, Matrix cross, long count, long[] classCounts)
    {
        string path = directory.File("edited.npz");
        NpzWriter.Write(path, new Dictionary<string, NpyArray>
        {
            ["gram"] = NpyArray.FromDoubles(gram.Data, gram.Rows, gram.Columns),
            ["features_labels"] = NpyArray.FromDoubles(cross.Data, cross.Rows, cross.Columns),
            ["count"] = NpyArray.ScalarInt64(count),
            ["class_counts"] = NpyArray.FromInt64(classCounts, classCounts.Length),
        });
        return Assert.Throws<DataFormatException>(() => SufficientStatistics.Load(path)).Message;
    }

    /// <summary>Writes an artefact of <paramref name="kind"/>; returns the key whose data will be flipped and its reader.</summary>
    private static (string Key, Action<string> Load) Write(string kind, string path, bool compressed)
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 200, d: 6, k: 2, seed: 3);
        var ridge = new KernelRidge(FeatureMap.Identity(6), new KernelRidgeOptions { Lambda = 0.5 });
        switch (kind)
        {
            case "stats":
                SufficientStatistics statistics = ridge.Accumulate(new TrainingRows(data.Train));
                Resave(path, statistics.Save, compressed);
                return ("gram", p => SufficientStatistics.Load(p));
            case "model":
                Resave(path, ridge.Fit(data.Train).Save, compressed);
                return ("w", p => RidgeModel.Load(p));
            case "distilled":
                RidgeModel model = ridge.Fit(data.Train);
                DistilledSet set = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = 2 }).Distill(model, data.Train);
                Resave(path, p => set.Save(p), compressed);
                return ("x_s", p => DistilledSet.Load(p));
            default:
                double[] x = new double[data.Train.Count * 6];
                data.Train.CopyInputs(0, data.Train.Count, x);
                NpzWriter.Write(path, new Dictionary<string, NpyArray>
                {
                    ["x_train"] = NpyArray.FromDoubles(x, data.Train.Count, 6),
                    ["y_train"] = NpyArray.FromInt64([.. data.Train.Labels.Select(l => (long)l)], data.Train.Count),
                    ["x_test"] = NpyArray.FromDoubles(x[..60], 10, 6),
                    ["y_test"] = NpyArray.FromInt64(new long[10], 10),
                }, compressed);
                return ("x_train", p => DatasetCatalog.Load(p, null));
        }
    }

    /// <summary>Saves with <paramref name="save"/>, then rewrites the archive compressed when asked (as np.savez_compressed would).</summary>
    private static void Resave(string path, Action<string> save, bool compressed)
    {
        save(path);
        if (compressed)
        {
            NpzArchive archive = NpzReader.Read(path);
            NpzWriter.Write(path, archive.Keys.Select(k => new KeyValuePair<string, NpyArray>(k, archive[k])), compress: true);
        }
    }

    /// <summary>Flips one bit in the middle of <paramref name="key"/>'s stored (or deflated) bytes.</summary>
    private static void Flip(byte[] zip, string key, bool compressed)
    {
        byte[] name = Encoding.ASCII.GetBytes(key + ".npy");
        for (int at = 0; at + 30 < zip.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) != 0x04034b50)
            {
                continue;
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 26));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            if (!zip.AsSpan(at + 30, nameLength).SequenceEqual(name))
            {
                continue;
            }

            int start = at + 30 + nameLength + extraLength;
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at + 18));
            int middle = start + (compressed ? size / 2 : Math.Max(160, size / 2));
            zip[middle] ^= 0x04;
            return;
        }

        throw new InvalidOperationException($"entry {key}.npy not found");
    }
}
