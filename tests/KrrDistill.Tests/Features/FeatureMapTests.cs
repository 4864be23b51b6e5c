using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Features;

public class FeatureMapTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void FcnnEqualsTheNetworkComputedByHand(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        var net = LeakyReluNetwork.CreateRandom(inputDimension: 12, width: 9, depth: 2, negativeSlope: 0.1, seed: 5);
        Matrix x = RandomMatrices.Gaussian(7, 12, 6);
        var phi = new Matrix(7, 9);
        net.Map(x.Data, 7, phi.Data);

        Matrix h = x;
        foreach (Matrix w in net.Weights)
        {
            h = RandomMatrices.Multiply(h, w.Transpose());
            for (int i = 0; i < h.Data.Length; i++)
            {
                h.Data[i] = h.Data[i] > 0 ? h.Data[i] : 0.1 * h.Data[i];
            }
        }

        Assert.True(Matrix.RelativeError(phi, h) < 1e-14);
        Assert.Equal(9, net.OutputDimension);
        Assert.True(net.IsSurjective);
    }

    [Fact]
    public void FcnnWeightsAreSeededAndScaledByFanIn()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        var a = LeakyReluNetwork.CreateRandom(400, 300, 1, 0.1, seed: 1);
        var b = LeakyReluNetwork.CreateRandom(400, 300, 1, 0.1, seed: 1);
        var c = LeakyReluNetwork.CreateRandom(400, 300, 1, 0.1, seed: 2);
        Assert.Equal(a.Weights[0].Data, b.Weights[0].Data);
        Assert.NotEqual(a.Weights[0].Data, c.Weights[0].Data);

        // 120 000 draws of N(0, 1/400): the sample std is within 1% of 0.05 with overwhelming probability.
        double[] w = a.Weights[0].Data;
        double mean = w.Average();
        double std = Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(std, 0.05 * 0.99, 0.05 * 1.01);
        Assert.InRange(mean, -0.001, 0.001);
    }

    [Fact]
    public void WiderThanInputNetworkIsNotSurjective()
    {
        var net = LeakyReluNetwork.CreateRandom(10, 20, 1, 0.1, 0);
        Assert.False(net.IsSurjective);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void RffEqualsItsFormula(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        var rff = RandomFourierFeatures.CreateRandom(inputDimension: 10, width: 6, sigma2: 4.0, seed: 3);
        Matrix x = RandomMatrices.Gaussian(5, 10, 4);
        var phi = new Matrix(5, 6);
        rff.Map(x.Data, 5, phi.Data);
        Matrix ax = RandomMatrices.Multiply(x, rff.A.Transpose());
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                Assert.Equal(Math.Sqrt(2.0 / 6) * Math.Cos(ax[i, j] + rff.B[j]), phi[i, j], 1e-14);
            }
        }
    }

    [Fact]
    public void RffDrawsFrequenciesWithVarianceOneOverSigma2AndPhasesInZeroTwoPi()
    {
        var rff = RandomFourierFeatures.CreateRandom(784, 784, 1000.0, seed: 0);
        double[] a = rff.A.Data;
        double variance = a.Select(v => v * v).Average();
        Assert.InRange(variance, 1e-3 * 0.99, 1e-3 * 1.01);
        Assert.All(rff.B, b => Assert.InRange(b, 0.0, 2 * Math.PI));
        Assert.True(rff.B.Max() > 1.5 * Math.PI, "phases must cover [0, 2π), not [0, π) as the official code does");
    }

    [Fact]
    public void BackendsGiveTheSameFeatures()
    {
        IReadOnlyList<ILinearAlgebraBackend> all = LinearAlgebraBackends.Available();
        if (all.Count < 2)
        {
            Assert.Skip("only one backend available");
        }

        Matrix x = RandomMatrices.Gaussian(33, 50, 8);
        Matrix[] outputs = all.Select(backend =>
        {
            var net = LeakyReluNetwork.CreateRandom(50, 50, 2, 0.1, seed: 9);
            var phi = new Matrix(33, 50);
            net.Map(x.Data, 33, phi.Data);
            return phi;
        }).ToArray();
        Assert.True(Matrix.RelativeError(outputs[0], outputs[1]) < 1e-13);
    }

    [Theory]
    [InlineData(FeatureKind.Fcnn, 0, 1, "Width")]
    [InlineData(FeatureKind.Fcnn, 10, 0, "Depth")]
    [InlineData(FeatureKind.Identity, 10, 1, "Width")]
    [InlineData(FeatureKind.Rff, 0, 1, "Width")]
    public void FactoryNamesThePropertyAtFault(FeatureKind kind, int? width, int depth, string property)
    {
        var e = Assert.Throws<InputException>(() => FeatureMap.Create(kind, 784, new FeatureMapOptions { Width = width, Depth = depth }));
        Assert.Equal(property, e.Property);
    }

    [Fact]
    public void RffWiderThanTheInputIsAMapItCanFitWithButNotInvert()
    {
        IFeatureMap map = FeatureMap.Create(FeatureKind.Rff, 784, new FeatureMapOptions { Width = 800 });
        Assert.Equal(800, map.OutputDimension);
        Assert.False(map.IsSurjective); // distillation refuses it (AnalyticDistiller.CheckMode), a fit does not need it
    }

    [Fact]
    public void ParametersUseTheArtefactKeys()
    {
        var net = LeakyReluNetwork.CreateRandom(6, 5, 2, 0.1, 0);
        Assert.Equal(["fcnn_weight_0", "fcnn_weight_1", "fcnn_negative_slope"], net.Parameters().Select(p => p.Key));
        Assert.Equal([5, 6], net.Parameters()[0].Shape);
        var rff = RandomFourierFeatures.CreateRandom(6, 4, 10, 0);
        Assert.Equal(["rff_a", "rff_b"], rff.Parameters().Select(p => p.Key));
    }
}

public class RffCosineTests
{
    [Fact]
    public void VectorizedCosineAgreesWithMathCosToTheLastBits()
    {
        const int p = 37, rows = 200;
        var random = new Random(3);
        double[] b = Enumerable.Range(0, p).Select(_ => random.NextDouble() * 2 * Math.PI).ToArray();
        double[] f = Enumerable.Range(0, p * rows).Select(_ => (random.NextDouble() - 0.5) * 40).ToArray();
        double[] expected = f.Select((v, i) => 0.5 * Math.Cos(v + b[i % p])).ToArray();
        RandomFourierFeatures.ApplyCosine(f, b, 0.5);
        for (int i = 0; i < f.Length; i++)
        {
            Assert.True(Math.Abs(f[i] - expected[i]) <= 2e-16, $"entry {i}: {f[i]} vs {expected[i]}");
        }
    }
}
