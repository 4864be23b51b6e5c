using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Features;

/// <summary>
/// Constructing inputs solves each layer by the cheapest exact route and says which: LU for square layers, QR for
/// narrowing ones, the SVD pseudo-inverse only for a rank-deficient layer; the inputs reproduce the targets.
/// </summary>
public class FeatureInversionRouteTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void FcnnLayers_TakeLuOrQr_AndReproduceTheTargetFeatures(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        foreach ((int d, int width, int depth, LinearSolveRoute route) in new[]
        {
            (30, 30, 2, LinearSolveRoute.Lu), (40, 25, 1, LinearSolveRoute.Qr), (50, 20, 3, LinearSolveRoute.Qr),
        })
        {
            var net = LeakyReluNetwork.CreateRandom(d, width, depth, 0.1, seed: 3);
            Matrix x = RandomMatrices.Gaussian(6, d, 4);
            var target = new Matrix(6, width);
            net.Map(x.Data, 6, target.Data);

            FeatureInversion inversion = net.Invert(target);
            Assert.False(inversion.RankDeficient);
            Assert.Equal(depth, inversion.LayerRoutes.Count);
            Assert.Equal(route, inversion.LayerRoutes[0]);
            Assert.All(inversion.LayerRoutes.Skip(1), r => Assert.Equal(LinearSolveRoute.Lu, r)); // width×width layers

            var again = new Matrix(6, width);
            net.Map(inversion.Inputs.Data, 6, again.Data);
            Assert.True(Matrix.RelativeError(again, target) < 1e-12, $"{d}→{width}×{depth}: φ(X) ≠ Φ*");

            // The factorization is kept with the map: the second inversion reuses the same solvers.
            MinimumNormSolver[] solvers = Enumerable.Range(0, depth).Select(net.LayerSolver).ToArray();
            Assert.Equal(inversion.Inputs.Data, net.Invert(target).Inputs.Data);
            Assert.All(Enumerable.Range(0, depth), l => Assert.Same(solvers[l], net.LayerSolver(l)));
        }
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void RankDeficientLayer_FallsBackToThePseudoInverse_AndSaysSo(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        const int d = 20;
        Matrix w = RandomMatrices.Gaussian(d, d, 9);
        for (int j = 0; j < d; j++)
        {
            w[5, j] = w[2, j] + w[3, j]; // rank d − 1
        }

        var net = new LeakyReluNetwork([w], 0.1);
        Matrix x = RandomMatrices.Gaussian(4, d, 10);
        var target = new Matrix(4, d);
        net.Map(x.Data, 4, target.Data);
        FeatureInversion inversion = net.Invert(target);
        Assert.True(inversion.RankDeficient);
        Assert.Equal([LinearSolveRoute.Svd], inversion.LayerRoutes);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void RffAndDeepLinear_SquareMapsTakeLu(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        var rff = RandomFourierFeatures.CreateRandom(16, 16, 1000, seed: 2);
        var linear = DeepLinearNetwork.CreateRandom(16, 16, 3, seed: 2);
        Matrix x = RandomMatrices.Gaussian(3, 16, 5);
        foreach (IInvertibleFeatureMap map in new IInvertibleFeatureMap[] { rff, linear })
        {
            var target = new Matrix(3, 16);
            map.Map(x.Data, 3, target.Data);
            FeatureInversion inversion = map.Invert(target);
            Assert.Equal([LinearSolveRoute.Lu], inversion.LayerRoutes);
            var again = new Matrix(3, 16);
            map.Map(inversion.Inputs.Data, 3, again.Data);
            Assert.True(Matrix.RelativeError(again, target) < 1e-10, $"{map.Kind}: φ(X) ≠ Φ*");
        }
    }
}
