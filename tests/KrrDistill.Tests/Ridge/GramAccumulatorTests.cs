using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Ridge;

public class GramAccumulatorTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void ChunkedStatisticsEqualWholeProducts(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        const int n = 103, p = 17, k = 4;
        Matrix phi = RandomMatrices.Gaussian(n, p, 11);
        int[] labels = Enumerable.Range(0, n).Select(i => (i * 5) % k).ToArray();
        var accumulator = new GramAccumulator(p, k, backend);
        foreach (int start in new[] { 0, 10, 47, 48, 90 })
        {
            int end = start switch { 0 => 10, 10 => 47, 47 => 48, 48 => 90, _ => n };
            accumulator.Add(phi.Data.AsSpan(start * p, (end - start) * p), end - start, labels.AsSpan(start, end - start));
        }

        GramStatistics s = accumulator.ToStatistics();
        Assert.Equal(n, s.Count);
        Assert.True(Matrix.RelativeError(s.Gram, RandomMatrices.Multiply(phi.Transpose(), phi)) < 1e-13);
        Assert.True(Matrix.RelativeError(s.CrossProduct, RandomMatrices.Multiply(phi.Transpose(), RandomMatrices.OneHot(labels, k))) < 1e-13);
        Assert.Equal(s.Gram[3, 9], s.Gram[9, 3]);
    }

    [Fact]
    public void StatisticsOfDisjointShardsAddUpToTheUnion()
    {
        var backend = new ManagedBackend();
        const int p = 9, k = 3;
        Matrix phi = RandomMatrices.Gaussian(60, p, 12);
        int[] labels = Enumerable.Range(0, 60).Select(i => i % k).ToArray();
        GramStatistics Shard(int start, int count)
        {
            var a = new GramAccumulator(p, k, backend);
            a.Add(phi.Data.AsSpan(start * p, count * p), count, labels.AsSpan(start, count));
            return a.ToStatistics();
        }

        GramStatistics union = Shard(0, 25).Add(Shard(25, 35));
        GramStatistics whole = Shard(0, 60);
        Assert.Equal(60, union.Count);
        Assert.True(Matrix.RelativeError(union.Gram, whole.Gram) < 1e-14);
        Assert.True(Matrix.RelativeError(union.CrossProduct, whole.CrossProduct) < 1e-14);
    }

    [Fact]
    public void LabelOutsideTheClassesIsRefused()
    {
        var accumulator = new GramAccumulator(2, 2, new ManagedBackend());
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add(new double[] { 1, 2 }, 1, new[] { 2 }));
    }
}
