using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Ridge;

/// <summary>
/// The three primal routes of the λ path (tridiagonal reduction, eigendecomposition, one Cholesky solve) give the same
/// models, the same validation scores and the same chosen λ; <see cref="KernelRidge"/> takes the cheapest that applies.
/// </summary>
public class RidgePathRoutesTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void TridiagonalPath_MatchesTheNormalEquationsAndTheEigenRoute(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = SpectralRidgePathTests.Problem(n: 300, p: 40, k: 5, seed: 11);
        SufficientStatistics statistics = SpectralRidgePathTests.Statistics(phi, y);
        TridiagonalRidgePath path = TridiagonalRidgePath.Reduce(statistics);
        SpectralRidgePath eigen = SpectralRidgePath.FromStatistics(statistics);
        double[] grid = LambdaGrid.ForFeatureKind(FeatureKind.Fcnn);
        Assert.True(path.Suits(grid));
        Assert.Equal(eigen.NumericalRank, path.NumericalRank);
        Assert.Equal(eigen.Eigenvalues[^1], path.Largest, 1e-8 * eigen.Eigenvalues[^1]);
        Assert.Equal(eigen.Eigenvalues[0], path.Smallest, 1e-8 * eigen.Eigenvalues[^1]);
        foreach (double lambda in new[] { 1e-6, 1e-2, 3.0, 1e5 })
        {
            Matrix expected = SpectralRidgePathTests.ReferencePrimal(phi, y, lambda);
            Assert.True(Matrix.RelativeError(path.Weights(lambda), expected) < 1e-10, $"λ = {lambda}");
        }

        Matrix validation = RandomMatrices.Gaussian(50, 40, 12);
        IReadOnlyList<Matrix> tridiagonalScores = path.ValidationScores(validation, grid);
        IReadOnlyList<Matrix> eigenScores = eigen.ValidationScores(validation, grid);
        for (int i = 0; i < grid.Length; i++)
        {
            Assert.True(Matrix.RelativeError(tridiagonalScores[i], eigenScores[i]) < 1e-10, $"scores at λ = {grid[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void SingularGramWithTinyLambda_DoesNotSuitTheTridiagonalRoute_AndRebuildsG(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = SpectralRidgePathTests.Problem(n: 12, p: 30, k: 3, seed: 4); // rank 12 < p = 30
        SufficientStatistics statistics = SpectralRidgePathTests.Statistics(phi, y);
        TridiagonalRidgePath path = TridiagonalRidgePath.Reduce(statistics);
        Assert.Equal(12, path.NumericalRank);
        Assert.False(path.Suits([1e-14, 1.0]));
        Assert.True(path.Suits([1e-3, 1.0]));
        Assert.False(path.Suits([0.0, 1.0]));
        Assert.True(Matrix.RelativeError(path.Gram(), statistics.Gram) < 1e-13);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void TinyOrders_MatchTheNormalEquations(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        foreach (int p in new[] { 1, 2, 3 })
        {
            (Matrix phi, Matrix y) = SpectralRidgePathTests.Problem(n: 10, p: p, k: 2, seed: p);
            TridiagonalRidgePath path = TridiagonalRidgePath.Reduce(SpectralRidgePathTests.Statistics(phi, y));
            Assert.Equal(p, path.NumericalRank);
            Assert.True(path.Suits([1e-3]));
            Assert.True(Matrix.RelativeError(path.Weights(0.5), SpectralRidgePathTests.ReferencePrimal(phi, y, 0.5)) < 1e-12, $"p = {p}");
        }
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void IndefiniteGram_IsLeftToTheEigenRoute(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = SpectralRidgePathTests.Problem(n: 200, p: 20, k: 3, seed: 6);
        Matrix gram = RandomMatrices.Multiply(phi.Transpose(), phi);
        gram[4, 4] -= 1e4; // no longer positive semi-definite
        var statistics = new SufficientStatistics(gram, RandomMatrices.Multiply(phi.Transpose(), y), phi.Rows);
        TridiagonalRidgePath path = TridiagonalRidgePath.Reduce(statistics);
        Assert.True(path.Smallest < 0);
        Assert.False(path.Suits([1e5]));
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void CholeskyPath_SolvesOneLambdaWithoutASpectrum(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (Matrix phi, Matrix y) = SpectralRidgePathTests.Problem(n: 100, p: 20, k: 3, seed: 5);
        CholeskyRidgePath path = CholeskyRidgePath.TryCreate(SpectralRidgePathTests.Statistics(phi, y), 0.5)!;
        Assert.Null(path.NumericalRank);
        Assert.True(Matrix.RelativeError(path.Weights(0.5), SpectralRidgePathTests.ReferencePrimal(phi, y, 0.5)) < 1e-11);
        Assert.Throws<ArgumentOutOfRangeException>(() => path.Weights(1.0));
        Assert.Null(CholeskyRidgePath.TryCreate(SpectralRidgePathTests.Statistics(phi, y), 0.0));
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void KernelRidge_TakesTheCheapestRoute_AndEveryRouteChoosesTheSameModel(string backendName)
    {
        using var scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        Dataset train = ClusteredData(count: 600, dimension: 12, classes: 4, seed: 7);
        IFeatureMap map = FeatureMap.Fcnn(inputs: 12, width: 24, seed: 1);
        double[] grid = LambdaGrid.Range(-4, 3);

        RidgeModel tridiagonal = new KernelRidge(map, new KernelRidgeOptions { Grid = grid, Seed = 3 }).Fit(train);
        RidgeModel eigen = new KernelRidge(map, new KernelRidgeOptions { Grid = [0.0, .. grid], Seed = 3 }).Fit(train);
        RidgeModel cholesky = new KernelRidge(map, new KernelRidgeOptions { Lambda = tridiagonal.Lambda, Seed = 3 }).Fit(train);

        Assert.Equal("tridiagonal", tridiagonal.FitResult!.Solver);
        Assert.Equal("eigen", eigen.FitResult!.Solver);
        Assert.Equal("cholesky", cholesky.FitResult!.Solver);
        Assert.Null(cholesky.FitResult.Rank);
        Assert.Equal(eigen.FitResult.Rank, tridiagonal.FitResult.Rank);

        // λ = 0 is tried first on the eigen route; the rest of its curve is the tridiagonal one, value for value.
        Assert.Equal(tridiagonal.FitResult.ValidationCurve, eigen.FitResult.ValidationCurve.Skip(1));
        Assert.True(Matrix.RelativeError(tridiagonal.Weights, cholesky.Weights) < 1e-10);
        Assert.Equal(tridiagonal.FitResult.ValidationAccuracy, cholesky.FitResult.ValidationAccuracy);
    }

    private static Dataset ClusteredData(int count, int dimension, int classes, int seed)
    {
        Matrix centres = RandomMatrices.Gaussian(classes, dimension, seed);
        Matrix noise = RandomMatrices.Gaussian(count, dimension, seed + 1);
        double[] values = new double[count * dimension];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % classes;
            for (int j = 0; j < dimension; j++)
            {
                values[(i * dimension) + j] = (0.6 * centres[labels[i], j]) + noise[i, j];
            }
        }

        return Dataset.FromValues("clustered", values, count, dimension, labels, classes, InputNormalization.None(dimension), null);
    }
}
