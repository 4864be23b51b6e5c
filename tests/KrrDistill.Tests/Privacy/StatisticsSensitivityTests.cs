using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Privacy;
using KrrDistill.Randomness;
using KrrDistill.Ridge;

namespace KrrDistill.Tests.Privacy;

/// <summary>The sensitivity of the released statistics: hand values, the worst case attained, and real neighbouring data sets.</summary>
public class StatisticsSensitivityTests
{
    [Theory]
    [InlineData(1.0, 2.1213203435596424)] // √(2 + 2 + 1/2)
    [InlineData(2.0, 6.363961030678928)] // √(32 + 8 + 1/2)
    [InlineData(0.5, 1.0)] // C² < 1/2: 2C
    [InlineData(0.7071067811865476, 1.4142135623730951)] // C² = 1/2: both branches give √2
    public void ReplaceOneMatchesTheHandComputedSupremum(double bound, double expected)
        => Assert.Equal(expected, StatisticsSensitivity.ReplaceOne(bound), 12);

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(0.4)]
    public void TheWorstPairAttainsTheBoundAndRandomPairsStayBelowIt(double c)
    {
        double bound = StatisticsSensitivity.ReplaceOne(c);

        // Worst case: same label, ‖a‖ = ‖b‖ = C, aᵀb = −max(1/2, ... ) clipped to [−C², C²].
        double t = Math.Max(-0.5, -c * c);
        double cos = t / (c * c);
        double[] a = [c, 0, 0];
        double[] b = [c * cos, c * Math.Sqrt(Math.Max(0, 1 - (cos * cos))), 0];
        Assert.Equal(bound, StatisticsSensitivity.Change(a, 1, b, 1), 12);

        var random = new SeededRandom(5);
        for (int trial = 0; trial < 2000; trial++)
        {
            double[] x = RandomRow(random, 3, c), y = RandomRow(random, 3, c);
            double change = StatisticsSensitivity.Change(x, random.NextInt(3), y, random.NextInt(3));
            Assert.True(change <= bound * (1 + 1e-12), $"trial {trial}: {change} > {bound}");
        }
    }

    [Fact]
    public void NeighbouringDataSetsChangeTheReleasedVectorByTheComputedAmount()
    {
        // Two data sets differing in one row (input and label); features clipped to C = 1.
        ILinearAlgebraBackend backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        int n = 200, d = 10, k = 3;
        var random = new SeededRandom(3);
        double[] values = new double[n * d];
        random.FillGaussian(values, 1.0);
        int[] labels = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        double[] neighbourValues = (double[])values.Clone();
        int[] neighbourLabels = (int[])labels.Clone();
        for (int j = 0; j < d; j++)
        {
            neighbourValues[(7 * d) + j] = -3 * values[(7 * d) + j];
        }

        neighbourLabels[7] = (labels[7] + 1) % k;
        var identity = new IdentityFeatureMap(d);
        var map = new ClippedFeatureMap(identity, FeatureNormBounds.ForFeatureClip(identity, 1.0));
        SufficientStatistics s = Statistics(values, labels, map);
        SufficientStatistics t = Statistics(neighbourValues, neighbourLabels, map);

        double squares = 0;
        for (int i = 0; i < d; i++)
        {
            squares += Math.Pow(s.Gram[i, i] - t.Gram[i, i], 2);
            for (int j = i + 1; j < d; j++)
            {
                squares += 2 * Math.Pow(s.Gram[i, j] - t.Gram[i, j], 2);
            }
        }

        for (int i = 0; i < s.CrossProduct.Data.Length; i++)
        {
            squares += Math.Pow(s.CrossProduct.Data[i] - t.CrossProduct.Data[i], 2);
        }

        double[] a = Row(values, 7, d), b = Row(neighbourValues, 7, d);
        ClippedFeatureMap.ClipRows(a, 1, d, 1.0);
        ClippedFeatureMap.ClipRows(b, 1, d, 1.0);
        double expected = StatisticsSensitivity.Change(a, labels[7], b, neighbourLabels[7]);
        Assert.Equal(expected, Math.Sqrt(squares), 9);
        Assert.True(Math.Sqrt(squares) <= StatisticsSensitivity.ReplaceOne(1.0));
    }

    private static SufficientStatistics Statistics(double[] values, int[] labels, ClippedFeatureMap map)
    {
        int d = map.InputDimension, n = labels.Length;
        Dataset data = Dataset.FromValues("neighbour", values, n, d, labels, 3, InputNormalization.None(d), null);
        return FeaturePass.Accumulate(data, [.. Enumerable.Range(0, n)], map, 64);
    }

    private static double[] Row(double[] values, int row, int d) => values.AsSpan(row * d, d).ToArray();

    private static double[] RandomRow(SeededRandom random, int width, double limit)
    {
        var row = new double[width];
        random.FillGaussian(row, 1.0);
        double norm = Math.Sqrt(row.Sum(v => v * v));
        double target = limit * random.NextUniform();
        for (int j = 0; j < width; j++)
        {
            row[j] *= target / norm;
        }

        return row;
    }
}
