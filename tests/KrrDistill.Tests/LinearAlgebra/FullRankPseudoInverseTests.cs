using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.LinearAlgebra;

/// <summary>
/// (A⁺)ᵀ from one thin QR, the λ_S = 0 route of Algorithm 1: the SVD's pseudo-inverse for tall and wide matrices of
/// full rank, and no answer at all for a rank-deficient one (the SVD decides there).
/// </summary>
public sealed class FullRankPseudoInverseTests
{
    public static TheoryData<string, int, int> Shapes => new()
    {
        { "managed", 40, 12 },
        { "managed", 12, 40 },
        { "managed", 17, 17 },
        { "openblas", 300, 120 },
        { "openblas", 120, 300 },
        { "openblas", 64, 64 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void IsTheSvdPseudoInverse_ForFullRank(string backendName, int m, int n)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        Matrix a = RandomMatrices.Gaussian(m, n, m + n);
        Matrix? qr = FullRankPseudoInverse.Transposed(a);
        Assert.NotNull(qr);
        Assert.Equal((m, n), (qr.Rows, qr.Columns));
        Matrix svd = ThinSvd.Compute(a).PseudoInverseTransposed();
        Assert.True(Matrix.RelativeError(qr, svd) < 1e-12, $"{Matrix.RelativeError(qr, svd):E2}");
    }

    [Fact]
    public void RelativeErrorWithAScale_IsTheErrorAgainstTheScaledMatrix_WithoutACopy()
    {
        Matrix a = RandomMatrices.Gaussian(40, 30, 1), b = RandomMatrices.Gaussian(40, 30, 2);
        var difference = new Matrix(40, 30);
        System.Numerics.Tensors.TensorPrimitives.Subtract(a.Data, b.Data, difference.Data);
        Assert.Equal(difference.FrobeniusNorm() / b.FrobeniusNorm(), Matrix.RelativeError(a, b)); // c = 1: the same bits
        double scaled = Matrix.RelativeError(a, b, 3.5), expected = Matrix.RelativeError(a, b.Scaled(3.5));
        Assert.True(Math.Abs(scaled - expected) <= 1e-15 * expected, $"{scaled} against {expected}");
        Assert.Equal(a.FrobeniusNorm(), Matrix.RelativeError(a, new Matrix(40, 30), 2.0)); // B = 0: the absolute error
        Assert.Equal(1e200 * Math.Sqrt(2), Matrix.RelativeError(new Matrix(1, 2, [1e200, 1e200]), new Matrix(1, 2), 1.0), 1e186); // no overflow
    }

    [Theory]
    [InlineData("managed", 30, 10)]
    [InlineData("openblas", 10, 30)]
    public void RefusesRankDeficientMatrices(string backendName, int m, int n)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        Matrix a = RandomMatrices.Gaussian(m, n, 7);
        for (int i = 0; i < m; i++)
        {
            a[i, n - 1] = a[i, 0] - (2 * a[i, 1]); // a dependent column: rank min(m, n) − 1 when m ≥ n
        }

        for (int j = 0; j < n; j++)
        {
            a[m - 1, j] = a[0, j] + a[1, j]; // a dependent row: rank deficient when m < n too
        }

        Assert.Null(FullRankPseudoInverse.Transposed(a));
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void AlgorithmOne_AtZeroLambda_TakesTheQrRoute_AndRecoversTheModel_WithMoreTargetsThanFeatures(string backendName)
    {
        // m = 3·20 = 60 ≥ p = 25: the case that was a thin SVD of a tall D; the cap is not computed without singular values.
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        Matrix w = RandomMatrices.Gaussian(3, 25, 11);
        AnalyticDistillation result = AlgorithmOne.Run(w, new IdentityFeatureMap(25), new DistillerOptions { ImagesPerClass = 20, Seed = 4 }, 0);
        Assert.Null(result.LambdaCap);
        Matrix ws = KrrDistill.Ridge.KernelRidgeSolver.Solve(result.TargetFeatures, result.Labels, 0);
        Assert.True(Matrix.RelativeError(ws, w) < 1e-12, $"{Matrix.RelativeError(ws, w):E2}");

        AnalyticDistillation positive = AlgorithmOne.Run(w, new IdentityFeatureMap(25), new DistillerOptions { ImagesPerClass = 20, Seed = 4 }, 1e-6);
        Assert.NotNull(positive.LambdaCap);
    }
}
