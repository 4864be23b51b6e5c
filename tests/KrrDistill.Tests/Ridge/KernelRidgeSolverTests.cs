using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Ridge;

/// <summary>
/// KRR at one λ on features in memory: at λ = 0 with more rows than features, a thin QR's least squares, which must be
/// the spectral route's pseudo-inverse solution when Φ has full rank, and must give way to it when Φ does not.
/// </summary>
public sealed class KernelRidgeSolverTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void LeastSquaresByQr_IsThePseudoInverseSolution_ForFullRankFeatures(string backendName)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        Matrix phi = RandomMatrices.Gaussian(120, 25, 1), y = RandomMatrices.Gaussian(120, 4, 2);
        Matrix qr = KernelRidgeSolver.Solve(phi, y, 0);
        Matrix spectral = SpectralRidgePath.FromFeatures(phi, y).Weights(0);
        Assert.True(Matrix.RelativeError(qr, spectral) < 1e-12, $"{Matrix.RelativeError(qr, spectral):E2}");

        // The normal equations hold: Φᵀ(Φ Wᵀ − Y) = 0.
        var residual = new Matrix(120, 4);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, 120, 4, 25, 1.0, phi.Data, 25, qr.Data, 25, 0.0, residual.Data, 4);
        for (int i = 0; i < residual.Data.Length; i++)
        {
            residual.Data[i] -= y.Data[i];
        }

        var gradient = new Matrix(25, 4);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, 25, 4, 120, 1.0, phi.Data, 25, residual.Data, 4, 0.0, gradient.Data, 4);
        Assert.True(gradient.FrobeniusNorm() < 1e-10 * phi.FrobeniusNorm() * y.FrobeniusNorm());
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void RankDeficientFeatures_GetThePseudoInverse(string backendName)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        Matrix phi = RandomMatrices.Gaussian(100, 20, 3), y = RandomMatrices.Gaussian(100, 3, 4);
        for (int i = 0; i < 100; i++)
        {
            phi[i, 19] = phi[i, 0] + phi[i, 1]; // rank 19
        }

        Matrix w = KernelRidgeSolver.Solve(phi, y, 0);
        Matrix expected = SpectralRidgePath.FromFeatures(phi, y).Weights(0);
        Assert.True(Matrix.RelativeError(w, expected) < 1e-9, $"{Matrix.RelativeError(w, expected):E2}");
        Assert.True(w.Data.All(double.IsFinite));
    }
}
