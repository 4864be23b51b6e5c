using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Ridge;

/// <summary>
/// KRR at one λ on features in memory with more rows than features: the corrected normal equations when the Gram is well
/// conditioned, a thin QR's least squares at λ = 0 when it is not, and the spectral route's pseudo-inverse when Φ may be
/// rank-deficient; each must be the KRR solution to the accuracy its conditioning allows.
/// </summary>
public sealed class KernelRidgeSolverTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void TallFeatures_GiveThePseudoInverseSolution_ForFullRankFeatures(string backendName)
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

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void PositiveLambda_WithMoreRowsThanFeatures_IsTheRegularizedLeastSquares(string backendName)
    {
        // W minimizes ‖ΦWᵀ − Y‖² + λ‖W‖²: the least squares of [Φ; √λ·I] Wᵀ = [Y; 0], solved by the QR of the stacked matrix.
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        const int n = 90, p = 30, k = 3;
        Matrix phi = RandomMatrices.Gaussian(n, p, 5), y = RandomMatrices.Gaussian(n, k, 6);
        foreach (double lambda in new[] { 1e-6, 0.5, 40.0 })
        {
            var stacked = new Matrix(n + p, p);
            phi.Data.CopyTo(stacked.Data, 0);
            for (int j = 0; j < p; j++)
            {
                stacked[n + j, j] = Math.Sqrt(lambda);
            }

            var rightHandSides = new Matrix(k, n + p);
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++)
                {
                    rightHandSides[c, i] = y[i, c];
                }
            }

            Matrix expected = MinimumNormSolver.Factor(stacked).SolveRows(rightHandSides);
            Matrix primal = KernelRidgeSolver.Solve(phi, y, lambda);
            Assert.True(Matrix.RelativeError(primal, expected) < 1e-12, $"λ = {lambda}: {Matrix.RelativeError(primal, expected):E2}");
        }
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void SeveralTargets_OnOneGram_AreEachTheirOwnSolve(string backendName)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        Matrix phi = RandomMatrices.Gaussian(70, 20, 8), a = RandomMatrices.Gaussian(70, 2, 9), b = RandomMatrices.Gaussian(70, 5, 10);
        Matrix[] both = KernelRidgeSolver.SolveEach(phi, [(a, 0.0), (b, 3.0)]);
        Assert.True(Matrix.RelativeError(both[0], KernelRidgeSolver.Solve(phi, a, 0)) < 1e-14);
        Assert.True(Matrix.RelativeError(both[1], KernelRidgeSolver.Solve(phi, b, 3)) < 1e-14);

        // Fewer rows than features: one kernel eigendecomposition serves both.
        Matrix wide = RandomMatrices.Gaussian(15, 40, 11), c = RandomMatrices.Gaussian(15, 2, 12), d = RandomMatrices.Gaussian(15, 3, 13);
        Matrix[] dual = KernelRidgeSolver.SolveEach(wide, [(c, 0.0), (d, 0.5)]);
        Assert.Equal((2, 40), (dual[0].Rows, dual[0].Columns));
        Assert.True(Matrix.RelativeError(dual[0], KernelRidgeSolver.Solve(wide, c, 0)) < 1e-13);
        Assert.True(Matrix.RelativeError(dual[1], KernelRidgeSolver.Solve(wide, d, 0.5)) < 1e-13);
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void IllConditionedFeatures_KeepQrAccuracy(string backendName)
    {
        // cond(Φ) = 10⁶: the Gram's condition 10¹² is past what the corrected normal equations take, and the Gram's own
        // eigendecomposition would lose about 10⁻⁴; the thin QR recovers W from consistent targets to about cond(Φ)·ε.
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        const int n = 80, p = 12;
        Matrix u = ThinSvd.Compute(RandomMatrices.Gaussian(n, p, 12)).U, v = ThinSvd.Compute(RandomMatrices.Gaussian(p, p, 13)).U;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                u[i, j] *= Math.Pow(10, -6.0 * j / (p - 1)); // singular values 1 … 10⁻⁶
            }
        }

        Matrix phi = RandomMatrices.Multiply(u, v.Transpose());
        Matrix w = RandomMatrices.Gaussian(3, p, 14);
        var y = new Matrix(n, 3);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, n, 3, p, 1.0, phi.Data, p, w.Data, p, 0.0, y.Data, 3);
        Matrix solved = KernelRidgeSolver.Solve(phi, y, 0);
        Assert.True(Matrix.RelativeError(solved, w) < 1e-8, $"{Matrix.RelativeError(solved, w):E2}");
    }
}
