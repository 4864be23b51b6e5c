using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Ridge;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Ridge;

public class SufficientStatisticsTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void ChunkedStatisticsEqualWholeProducts(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        const int n = 103, p = 17, k = 4;
        Matrix phi = RandomMatrices.Gaussian(n, p, 11);
        int[] labels = Enumerable.Range(0, n).Select(i => (i * 5) % k).ToArray();
        var s = new SufficientStatistics(p, k);
        foreach (int start in new[] { 0, 10, 47, 48, 90 })
        {
            int end = start switch { 0 => 10, 10 => 47, 47 => 48, 48 => 90, _ => n };
            s.Add(phi.Data.AsSpan(start * p, (end - start) * p), end - start, labels.AsSpan(start, end - start));
        }

        Assert.Equal(n, s.Count);
        Assert.True(Matrix.RelativeError(s.Gram, RandomMatrices.Multiply(phi.Transpose(), phi)) < 1e-13);
        Assert.True(Matrix.RelativeError(s.CrossProduct, RandomMatrices.Multiply(phi.Transpose(), RandomMatrices.OneHot(labels, k))) < 1e-13);
        Assert.Equal(s.Gram[3, 9], s.Gram[9, 3]);
    }

    [Fact]
    public void StatisticsOfDisjointShardsAddUpToTheUnion()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        const int p = 9, k = 3;
        Matrix phi = RandomMatrices.Gaussian(60, p, 12);
        int[] labels = Enumerable.Range(0, 60).Select(i => i % k).ToArray();
        SufficientStatistics Shard(int start, int count)
        {
            var a = new SufficientStatistics(p, k);
            a.Add(phi.Data.AsSpan(start * p, count * p), count, labels.AsSpan(start, count));
            return a;
        }

        SufficientStatistics union = Shard(0, 25).Merge(Shard(25, 35));
        SufficientStatistics whole = Shard(0, 60);
        Assert.Equal(60, union.Count);
        Assert.True(Matrix.RelativeError(union.Gram, whole.Gram) < 1e-14);
        Assert.True(Matrix.RelativeError(union.CrossProduct, whole.CrossProduct) < 1e-14);
        Assert.Equal(whole.ClassCounts, union.ClassCounts);
        Assert.Equal([20L, 20L, 20L], whole.ClassCounts!);
    }

    [Fact]
    public void SavedStatisticsLoadBackAndMergedFilesEqualTheOnePassStatistics()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        const int p = 7, k = 3;
        Matrix phi = RandomMatrices.Gaussian(50, p, 13);
        int[] labels = Enumerable.Range(0, 50).Select(i => (i * 7) % k).ToArray();
        var first = new SufficientStatistics(p, k);
        first.Add(phi.Data.AsSpan(0, 20 * p), 20, labels.AsSpan(0, 20));
        var second = new SufficientStatistics(p, k);
        second.Add(phi.Data.AsSpan(20 * p), 30, labels.AsSpan(20));
        var whole = new SufficientStatistics(p, k);
        whole.Add(phi.Data, 50, labels);
        using var directory = new TempDirectory();
        first.Save(directory.File("a.stats.npz"));
        second.Save(directory.File("b.stats.npz"));
        SufficientStatistics merged = SufficientStatistics.Load(directory.File("a.stats.npz")).Merge(SufficientStatistics.Load(directory.File("b.stats.npz")));
        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.ClassCounts, merged.ClassCounts);
        Assert.True(Matrix.RelativeError(merged.Gram, whole.Gram) < 1e-14);
        Assert.True(Matrix.RelativeError(merged.CrossProduct, whole.CrossProduct) < 1e-14);
    }

    [Fact]
    public void ModelFromMergedShardStatisticsEqualsTheOnePassModel()
    {
        DatasetPair data = KrrDistill.Tests.Distillation.DistillationChainTests.RandomData(n: 600, d: 12, k: 3, seed: 21);
        var ridge = new KernelRidge(FeatureMap.Fcnn(12, width: 10, seed: 5), new KernelRidgeOptions { Lambda = 0.25, ValidationFraction = 0 });
        RidgeModel onePass = ridge.Fit(data.Train);
        var all = new TrainingRows(data.Train);
        SufficientStatistics merged = ridge.Accumulate(all.Block(0, 250)).Merge(ridge.Accumulate(all.Block(250, 350)));
        RidgeModel fromShards = ridge.Fit(merged, LambdaChoice.Fixed, data.Train.Normalization);
        Assert.Equal(600, merged.Count);
        Assert.True(Matrix.RelativeError(fromShards.Weights, onePass.Weights) < 1e-12, $"{Matrix.RelativeError(fromShards.Weights, onePass.Weights):E2}");
        Assert.Equal(onePass.Accuracy(data.Test), fromShards.Accuracy(data.Test));
    }

    [Fact]
    public void BatchesAccumulatedIntoOneSetOfStatisticsGiveTheOnePassModel()
    {
        DatasetPair data = KrrDistill.Tests.Distillation.DistillationChainTests.RandomData(n: 600, d: 12, k: 3, seed: 22);
        var ridge = new KernelRidge(FeatureMap.Fcnn(12, width: 10, seed: 6), new KernelRidgeOptions { Lambda = 0.5, ValidationFraction = 0 });
        RidgeModel onePass = ridge.Fit(data.Train);
        var streamed = new SufficientStatistics(10, 3);
        double[] batch = new double[64 * 12];
        for (int start = 0; start < 600; start += 64)
        {
            int rows = Math.Min(64, 600 - start);
            data.Train.CopyInputs(start, rows, batch);
            Dataset part = Dataset.FromValues("batch", batch[..(rows * 12)], rows, 12, data.Train.Labels[start..(start + rows)], 3, InputNormalization.None(12), null);
            ridge.AccumulateInto(streamed, part);
        }

        Assert.Equal(600, streamed.Count);
        RidgeModel fromBatches = ridge.Fit(streamed, LambdaChoice.Fixed, data.Train.Normalization);
        Assert.True(Matrix.RelativeError(fromBatches.Weights, onePass.Weights) < 1e-12, $"{Matrix.RelativeError(fromBatches.Weights, onePass.Weights):E2}");
        Assert.Throws<InputException>(() => ridge.AccumulateInto(new SufficientStatistics(11, 3), data.Train));
    }

    [Fact]
    public void LoadRejectsAMisShapedKeyByName()
    {
        using var directory = new TempDirectory();
        string path = directory.File("bad.stats.npz");
        NpzWriter.Write(path, new Dictionary<string, NpyArray>
        {
            ["gram"] = NpyArray.FromDoubles(new double[6], 2, 3),
            ["features_labels"] = NpyArray.FromDoubles(new double[4], 2, 2),
            ["count"] = NpyArray.FromInt64([0]),
            ["class_counts"] = NpyArray.FromInt64([0, 0], 2),
        });
        var e = Assert.Throws<DataFormatException>(() => SufficientStatistics.Load(path));
        Assert.Contains("'gram'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadRejectsAGramMatrixThatIsNotSymmetric()
    {
        using var directory = new TempDirectory();
        string path = directory.File("asymmetric.stats.npz");
        NpzWriter.Write(path, new Dictionary<string, NpyArray>
        {
            ["gram"] = NpyArray.FromDoubles([1, 2, 3, 4], 2, 2),
            ["features_labels"] = NpyArray.FromDoubles(new double[4], 2, 2),
            ["count"] = NpyArray.ScalarInt64(2),
            ["class_counts"] = NpyArray.FromInt64([1, 1], 2),
        });
        var e = Assert.Throws<DataFormatException>(() => SufficientStatistics.Load(path));
        Assert.Contains("not symmetric", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GramIsACopyThatCallersCannotCorrupt()
    {
        var statistics = new SufficientStatistics(2, 2);
        statistics.Add(new double[] { 1, 2, 3, 4 }, 2, new[] { 0, 1 });
        statistics.Gram.Data[0] = 1e9;
        Assert.Equal(10, statistics.Gram[0, 0]);
    }

    [Fact]
    public void StatisticsOfDifferentShapesAreNotMerged()
        => Assert.Throws<InputException>(() => new SufficientStatistics(3, 2).Merge(new SufficientStatistics(4, 2)));

    [Fact]
    public void LabelOutsideTheClassesIsRefused()
    {
        var statistics = new SufficientStatistics(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => statistics.Add(new double[] { 1, 2 }, 1, new[] { 2 }));
    }
}
