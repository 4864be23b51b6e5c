using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Ridge;

public class SpectralRidgePathTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void PrimalPathMatchesRidgeNormalEquationsForEveryLambda(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = Problem(n: 200, p: 30, k: 4, seed: 1);
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(Statistics(phi, y));
        foreach (double lambda in new[] { 1e-3, 0.3, 10.0, 1e4 })
        {
            Matrix expected = ReferencePrimal(phi, y, lambda);
            Assert.True(Matrix.RelativeError(path.Weights(lambda), expected) < 1e-9, $"λ = {lambda}");
        }
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void DualPathMatchesKernelFormAndPrimalForm(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = Problem(n: 20, p: 50, k: 3, seed: 2);
        SpectralRidgePath dual = SpectralRidgePath.FromFeatures(phi, y);
        SpectralRidgePath primal = SpectralRidgePath.FromStatistics(Statistics(phi, y));
        Assert.True(dual.IsDual);
        foreach (double lambda in new[] { 1e-2, 1.0, 100.0 })
        {
            // Wᵀ = Φᵀ (ΦΦᵀ + λI)⁻¹ Y.
            Matrix kernel = RandomMatrices.Multiply(phi, phi.Transpose());
            for (int i = 0; i < kernel.Rows; i++)
            {
                kernel[i, i] += lambda;
            }

            Matrix expected = RandomMatrices.Multiply(phi.Transpose(), RandomMatrices.Solve(kernel, y)).Transpose();
            Assert.True(Matrix.RelativeError(dual.Weights(lambda), expected) < 1e-9, $"dual, λ = {lambda}");
            Assert.True(Matrix.RelativeError(primal.Weights(lambda), expected) < 1e-9, $"primal, λ = {lambda}");
        }
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void LambdaZeroIsLeastSquaresForFullColumnRank(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = Problem(n: 120, p: 15, k: 3, seed: 3);
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(Statistics(phi, y));
        Assert.Equal(15, path.NumericalRank);
        Assert.True(Matrix.RelativeError(path.Weights(0), ReferencePrimal(phi, y, 0)) < 1e-9);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void LambdaZeroIsMinimumNormInterpolantWhenNIsBelowP(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = Problem(n: 12, p: 40, k: 3, seed: 4);
        SpectralRidgePath path = SpectralRidgePath.FromFeatures(phi, y);
        Matrix w = path.Weights(0);

        // Interpolates: Φ Wᵀ = Y, and equals Φᵀ (ΦΦᵀ)⁻¹ Y.
        Assert.True(Matrix.RelativeError(RandomMatrices.Multiply(phi, w.Transpose()), y) < 1e-9);
        Matrix expected = RandomMatrices.Multiply(phi.Transpose(), RandomMatrices.Solve(RandomMatrices.Multiply(phi, phi.Transpose()), y)).Transpose();
        Assert.True(Matrix.RelativeError(w, expected) < 1e-9);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void LambdaZeroOnRankDeficientFeaturesGivesThePseudoInverseSolution(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix basis, Matrix y) = Problem(n: 80, p: 8, k: 3, seed: 5);

        // Φ = [basis, basis·T]: 12 columns of rank 8.
        Matrix mix = RandomMatrices.Gaussian(8, 4, 6);
        Matrix extra = RandomMatrices.Multiply(basis, mix);
        var phi = new Matrix(80, 12);
        for (int i = 0; i < 80; i++)
        {
            basis.Row(i).CopyTo(phi.Row(i));
            extra.Row(i).CopyTo(phi.Row(i)[8..]);
        }

        SpectralRidgePath path = SpectralRidgePath.FromStatistics(Statistics(phi, y));
        Assert.Equal(8, path.NumericalRank);
        Matrix w = path.Weights(0);

        // Normal equations W ΦᵀΦ = YᵀΦ, and W orthogonal to the null space of Φ (minimum norm).
        Matrix gram = RandomMatrices.Multiply(phi.Transpose(), phi);
        Matrix lhs = RandomMatrices.Multiply(w, gram);
        Matrix rhs = RandomMatrices.Multiply(y.Transpose(), phi);
        Assert.True(Matrix.RelativeError(lhs, rhs) < 1e-9);
        var nullVectors = new Matrix(12, 4);
        for (int j = 0; j < 4; j++)
        {
            for (int i = 0; i < 8; i++)
            {
                nullVectors[i, j] = mix[i, j];
            }

            nullVectors[8 + j, j] = -1.0;
        }

        Matrix projection = RandomMatrices.Multiply(w, nullVectors);
        Assert.True(projection.FrobeniusNorm() < 1e-9 * w.FrobeniusNorm() * nullVectors.FrobeniusNorm());
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void ProjectedPredictionsEqualDirectPredictions(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = Problem(n: 150, p: 25, k: 5, seed: 7);
        Matrix validation = RandomMatrices.Gaussian(17, 25, 8);
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(Statistics(phi, y));
        Matrix projected = path.Project(validation);
        foreach (double lambda in new[] { 0.0, 0.01, 5.0 })
        {
            Matrix direct = RandomMatrices.Multiply(validation, path.Weights(lambda).Transpose());
            Assert.True(Matrix.RelativeError(path.PredictProjected(projected, lambda), direct) < 1e-10, $"λ = {lambda}");
        }
    }

    [Fact]
    public void NegativeOrNonFiniteLambdaIsRefused()
    {
        (Matrix phi, Matrix y) = Problem(n: 30, p: 5, k: 2, seed: 9);
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(Statistics(phi, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => path.Weights(-1e-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => path.Weights(double.NaN));
    }

    internal static (Matrix Phi, Matrix Y) Problem(int n, int p, int k, int seed)
    {
        Matrix phi = RandomMatrices.Gaussian(n, p, seed);
        int[] labels = Enumerable.Range(0, n).Select(i => (i * 7 + seed) % k).ToArray();
        return (phi, RandomMatrices.OneHot(labels, k));
    }

    internal static SufficientStatistics Statistics(Matrix phi, Matrix y)
        => new(RandomMatrices.Multiply(phi.Transpose(), phi), RandomMatrices.Multiply(phi.Transpose(), y), phi.Rows);

    internal static Matrix ReferencePrimal(Matrix phi, Matrix y, double lambda)
    {
        Matrix gram = RandomMatrices.Multiply(phi.Transpose(), phi);
        for (int i = 0; i < gram.Rows; i++)
        {
            gram[i, i] += lambda;
        }

        return RandomMatrices.Solve(gram, RandomMatrices.Multiply(phi.Transpose(), y)).Transpose();
    }
}
