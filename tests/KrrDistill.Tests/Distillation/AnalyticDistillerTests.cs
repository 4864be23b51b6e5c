using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Distillation;

/// <summary>Theorem 4.1 / 5.1 on random problems: KRR on the distilled set recovers W to ≤ 1e-9.</summary>
public class AnalyticDistillerTests
{
    public static TheoryData<string, int, double, bool> Cases => new()
    {
        { "managed", 1, 0.0, true },     // m = k, λ_S = 0: X_S = W⁺Y_S
        { "managed", 4, 0.0, true },     // m > k
        { "managed", 4, 1e-3, true },    // λ_S > 0, + root
        { "managed", 4, 1e-3, false },   // λ_S > 0, − root
        { "managed", 9, 0.0, true },     // m = 27 > p = 20
        { "managed", 9, 1e-4, false },
        { "openblas", 1, 0.0, true },
        { "openblas", 4, 1e-3, true },
        { "openblas", 4, 1e-3, false },
        { "openblas", 9, 0.0, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void NoiseInitRecoversTheModel(string backendName, int ipc, double lambdaS, bool plusRoot)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Matrix w = RandomMatrices.Gaussian(3, 20, 1);
        AnalyticDistillation result = AlgorithmOne.Run(w, new IdentityFeatureMap(20),
            new DistillerOptions { ImagesPerClass = ipc, PlusRoot = plusRoot, Seed = 2 }, lambdaS);
        Assert.Equal(3 * ipc, result.TargetFeatures.Rows);
        Assert.False(result.LambdaCapped);
        Matrix ws = KernelRidgeSolver.Solve(result.TargetFeatures, result.Labels, result.LambdaS);
        Assert.True(Matrix.RelativeError(ws, w) <= 1e-9, $"‖W_S − W‖/‖W‖ = {Matrix.RelativeError(ws, w):E2}");
    }

    [Fact]
    public void OnePerClassWithZeroLambdaIsThePseudoInverseOfW()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Matrix w = RandomMatrices.Gaussian(4, 15, 3);
        AnalyticDistillation result = AlgorithmOne.Run(w, new IdentityFeatureMap(15),
            new DistillerOptions { ImagesPerClass = 1 }, 0);

        // X_S = W⁺ Y_S with Y_S = I (paper, samples as columns); rows here: X_S = (W⁺)ᵀ.
        Matrix expected = ThinSvd.Compute(w).PseudoInverseTransposed();
        Assert.True(Matrix.RelativeError(result.TargetFeatures, expected) < 1e-12);
    }

    [Fact]
    public void LambdaAboveTheCapIsLoweredToTheCapAndStillExact()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Matrix w = RandomMatrices.Gaussian(3, 12, 4);
        AnalyticDistillation result = AlgorithmOne.Run(w, new IdentityFeatureMap(12),
            new DistillerOptions { ImagesPerClass = 2, Seed = 5 }, 1e6);
        Assert.True(result.LambdaCapped);
        Assert.Equal(result.LambdaCap, result.LambdaS);
        Matrix ws = KernelRidgeSolver.Solve(result.TargetFeatures, result.Labels, result.LambdaS);
        Assert.True(Matrix.RelativeError(ws, w) <= 1e-9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-3)]
    public void MorePointsThanTheOriginalDataSetStillRecoverTheModel(double lambdaS)
    {
        // n = 6 original samples (dual KRR), m = 3·5 = 15 > n distilled points.
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Matrix x = RandomMatrices.Gaussian(6, 20, 7);
        Matrix y = RandomMatrices.OneHot([0, 1, 2, 0, 1, 2], 3);
        Matrix w = KernelRidgeSolver.Solve(x, y, 0.1);
        AnalyticDistillation result = AlgorithmOne.Run(w, new IdentityFeatureMap(20),
            new DistillerOptions { ImagesPerClass = 5, Seed = 8 }, lambdaS);
        Assert.Equal(15, result.TargetFeatures.Rows);
        Matrix ws = KernelRidgeSolver.Solve(result.TargetFeatures, result.Labels, result.LambdaS);
        Assert.True(Matrix.RelativeError(ws, w) <= 1e-9, $"{Matrix.RelativeError(ws, w):E2}");
    }

    [Fact]
    public void FewerPointsThanClassesAreRefusedCitingTheTheorem()
    {
        var e = Assert.Throws<InputException>(() => AlgorithmOne.Run(RandomMatrices.Gaussian(3, 5, 1), new IdentityFeatureMap(5),
            new DistillerOptions { ImagesPerClass = 0 }, 0));
        Assert.Contains("Theorem 4.1", e.Message, StringComparison.Ordinal);
    }
}
