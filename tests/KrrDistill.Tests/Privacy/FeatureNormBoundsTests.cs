using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Privacy;
using KrrDistill.Randomness;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Privacy;

/// <summary>The per-feature-map bounds of docs/privacy.md §2 hold on adversarial and random inputs, and the clip does what it says.</summary>
public class FeatureNormBoundsTests
{
    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void DerivedBoundsHoldForEveryMap(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        int d = 16;
        IFeatureMap[] maps =
        [
            new IdentityFeatureMap(d),
            LeakyReluNetwork.CreateRandom(d, d, 1, 0.1, 2),
            LeakyReluNetwork.CreateRandom(d, 12, 2, 0.1, 3),
            LeakyReluNetwork.CreateRandom(d, d, 1, 0.5, 4),
            DeepLinearNetwork.CreateRandom(d, 20, 2, 5),
            RandomFourierFeatures.CreateRandom(d, 12, 1.0, 6),
        ];
        foreach (IFeatureMap map in maps)
        {
            FeatureNormBound bound = FeatureNormBounds.For(map, 3.0);
            var clipped = new ClippedFeatureMap(map, bound);
            Matrix inputs = AdversarialInputs(map, d);
            var features = new Matrix(inputs.Rows, map.OutputDimension);
            clipped.Map(inputs.Data, inputs.Rows, features.Data);
            for (int r = 0; r < inputs.Rows; r++)
            {
                double norm = Math.Sqrt(features.Row(r).ToArray().Sum(v => v * v));
                Assert.True(norm <= bound.Bound * (1 + 1e-12), $"{map.Kind}: ‖φ‖ = {norm} > C = {bound.Bound}");
            }

            // The derived bound held, so the defensive second clip never fired.
            Assert.Equal(0, clipped.FeatureClips);
            Assert.True(clipped.InputClips > 0 || map is RandomFourierFeatures);
        }
    }

    [Fact]
    public void BoundsHaveTheDocumentedForm()
    {
        ILinearAlgebraBackend backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Assert.Equal(2.5, FeatureNormBounds.For(new IdentityFeatureMap(5), 2.5).Bound);
        Assert.Equal(1.0, FeatureNormBounds.For(new IdentityFeatureMap(5), null).Bound);
        Assert.Equal(Math.Sqrt(2), FeatureNormBounds.For(RandomFourierFeatures.CreateRandom(5, 4, 1, 1), 2.5).Bound);

        // fcnn with slope 0.1: C = B·‖A‖₂, ‖A‖₂ checked against power iteration.
        var network = LeakyReluNetwork.CreateRandom(8, 8, 1, 0.1, 7);
        double spectral = PowerIteration(network.Weights[0]);
        FeatureNormBound fcnn = FeatureNormBounds.For(network, 2.0);
        Assert.Equal(2.0 * spectral, fcnn.Bound, 9);
        Assert.Equal(1.0, FeatureNormBounds.For(network, null).Bound, 12);

        FeatureNormBound features = FeatureNormBounds.ForFeatureClip(network, 0.5);
        Assert.True(features.ClipsFeatures);
        Assert.Equal(0.5, features.Bound);
        Assert.Equal(1.0, FeatureNormBounds.ForFeatureClip(network, null).Bound);

        // rff features never exceed √2: that is the default, and a larger clip is tightened to it.
        var rff = RandomFourierFeatures.CreateRandom(5, 4, 1, 1);
        Assert.Equal(Math.Sqrt(2), FeatureNormBounds.ForFeatureClip(rff, null).Bound);
        Assert.Equal(Math.Sqrt(2), FeatureNormBounds.ForFeatureClip(rff, 5.0).Bound);
        Assert.Equal(0.5, FeatureNormBounds.ForFeatureClip(rff, 0.5).Bound);
        Assert.Throws<InputException>(() => FeatureNormBounds.For(network, 0.0));
        Assert.Throws<InputException>(() => FeatureNormBounds.ForFeatureClip(network, -1));
    }

    [Fact]
    public void ClipRowsScalesLongRowsToTheLimitAndLeavesShortOnesAlone()
    {
        double[] rows = [3, 4, 0.3, 0.4, 1e200, 1e200];
        long clipped = ClippedFeatureMap.ClipRows(rows, 3, 2, 1.0);
        Assert.Equal(2, clipped);
        Assert.InRange(Math.Sqrt((rows[0] * rows[0]) + (rows[1] * rows[1])), 1 - 1e-12, 1.0);
        Assert.Equal(0.75, rows[0] / rows[1], 12);
        Assert.Equal([0.3, 0.4], rows[2..4]);

        // A row whose squared norm overflows is still scaled along its direction, not to zero.
        Assert.InRange(rows[4], (1 / Math.Sqrt(2)) - 1e-12, 1 / Math.Sqrt(2));
        Assert.Equal(rows[4], rows[5]);
    }

    [Fact]
    public void FeatureClippingBoundsEveryRowAndKeepsDirections()
    {
        var identity = new IdentityFeatureMap(3);
        var map = new ClippedFeatureMap(identity, FeatureNormBounds.ForFeatureClip(identity, 1.0));
        double[] inputs = [10, 0, 0, 0.1, 0.2, 0.2];
        var features = new double[6];
        map.Map(inputs, 2, features);
        Assert.Equal([1.0, 0, 0], features[..3]);
        Assert.Equal([0.1, 0.2, 0.2], features[3..]);
        Assert.Equal(1, map.FeatureClips);
        Assert.Equal(0, map.InputClips);
    }

    /// <summary>Random inputs of every scale, plus B-scaled top right singular vectors of the first layer (the worst case for its bound).</summary>
    private static Matrix AdversarialInputs(IFeatureMap map, int d)
    {
        var random = new SeededRandom(17);
        var rows = new List<double[]>();
        for (int i = 0; i < 300; i++)
        {
            var x = new double[d];
            random.FillGaussian(x, Math.Pow(10, (i % 7) - 2));
            rows.Add(x);
        }

        Matrix? first = map switch
        {
            LeakyReluNetwork n => n.Weights[0],
            DeepLinearNetwork l => l.Weights[0],
            _ => null,
        };
        if (first is not null)
        {
            ThinSvd svd = ThinSvd.Compute(first);
            for (int sign = -1; sign <= 1; sign += 2)
            {
                rows.Add(svd.Vt.Row(0).ToArray().Select(v => sign * 100 * v).ToArray());
            }
        }

        var m = new Matrix(rows.Count, d);
        for (int r = 0; r < rows.Count; r++)
        {
            rows[r].CopyTo(m.Row(r));
        }

        return m;
    }

    private static double PowerIteration(Matrix a)
    {
        var v = Enumerable.Repeat(1.0, a.Columns).ToArray();
        double estimate = 0;
        for (int iteration = 0; iteration < 5000; iteration++)
        {
            double[] av = new double[a.Rows];
            for (int i = 0; i < a.Rows; i++)
            {
                for (int j = 0; j < a.Columns; j++)
                {
                    av[i] += a[i, j] * v[j];
                }
            }

            double[] atav = new double[a.Columns];
            for (int j = 0; j < a.Columns; j++)
            {
                for (int i = 0; i < a.Rows; i++)
                {
                    atav[j] += a[i, j] * av[i];
                }
            }

            double norm = Math.Sqrt(atav.Sum(x => x * x));
            estimate = Math.Sqrt(norm);
            v = atav.Select(x => x / norm).ToArray();
        }

        return estimate;
    }
}
