using KrrDistill.Distillation;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Privacy;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Privacy;

/// <summary>Theorem 6.2 (docs/theory.md §5): σ against hand-computed values, the refusals, and the row sensitivity on real neighbours.</summary>
public class RowPrivacyCalibrationTests
{
    [Fact]
    public void SigmaMatchesTheHandComputedFormula()
    {
        // k = 2, IPC 2: Y_S⁺ rows are e_c/2, so ‖[Y_S⁺]_i Y‖ = √n_c/2 and ‖[I − Y_S⁺Y_S]_i‖ = √(1/2).
        // n = (30, 50), C = 1, σ₀ = 2, ε = 0.5, δ = 1e-5:
        // σ_paper = 2√(ln 125000)·(√50/2)/(4·0.5·√(1/2)) = 17.1289…; Dwork–Roth needs √2 more.
        Matrix labels = AlgorithmOne.OneHot([0, 1, 0, 1], 2);
        var calibration = RowPrivacyCalibration.Compute(labels, [30, 50], 1.0, 2.0, 0.5, 1e-5);
        Assert.Equal(17.128973273582712, calibration.PaperSigma, 10);
        Assert.Equal(24.224026313026943, calibration.Sigma, 10);
        Assert.Equal(1.3693063937629153, calibration.Sensitivities[0], 12);
        Assert.Equal(1.7677669529663689, calibration.Sensitivities[1], 12);
        Assert.All(calibration.NoiseNorms, q => Assert.Equal(Math.Sqrt(0.5), q, 12));
    }

    [Fact]
    public void RefusesOnePointPerClassAndBudgetsOutsideTheTheorem()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        ArgumentException oneEach = Assert.Throws<ArgumentException>(() =>
            RowPrivacyCalibration.Compute(AlgorithmOne.OneHot([0, 1, 2], 3), [5, 5, 5], 1, 1, 0.5, 1e-5));
        Assert.Contains("m > k", oneEach.Message, StringComparison.Ordinal);
        Matrix labels = AlgorithmOne.OneHot([0, 1, 0, 1], 2);
        Assert.Contains("ε", Assert.Throws<ArgumentException>(() => RowPrivacyCalibration.Compute(labels, [5, 5], 1, 1, 1.0, 1e-5)).Message, StringComparison.Ordinal);
        Assert.Contains("δ", Assert.Throws<ArgumentException>(() => RowPrivacyCalibration.Compute(labels, [5, 5], 1, 1, 0.5, 0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RowPrivacyCalibration.Compute(labels, [5, 5], 1, 0, 0.5, 1e-5));
    }

    [Fact]
    public void RowSensitivityBoundsTheChangeOfEachDistilledRowOnNeighbours()
    {
        // LRR with λ = 0 on X (n×d, rows clipped to C = 1); X' replaces one input (same label).
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        int n = 60, d = 5, k = 2;
        Matrix x = RandomMatrices.Gaussian(n, d, 21);
        int[] classes = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        Matrix y = RandomMatrices.OneHot(classes, k);
        ClippedFeatureMap.ClipRows(x.Data, n, d, 1.0);
        Matrix neighbour = x.Clone();
        for (int j = 0; j < d; j++)
        {
            neighbour[4, j] = -x[4, j];
        }

        Matrix w = KernelRidgeSolver.Solve(x, y, 0), w2 = KernelRidgeSolver.Solve(neighbour, y, 0);
        double sigma0 = Math.Min(SmallestSingularValue(x), SmallestSingularValue(neighbour));
        Matrix labels = AlgorithmOne.OneHot([0, 1, 0, 1, 0, 1], k);
        var calibration = RowPrivacyCalibration.Compute(labels, [n / 2, n / 2], 1.0, sigma0, 0.5, 1e-5);

        // Row i of Y_S⁺W is p_i W with p_i = e_c/IPC.
        for (int i = 0; i < labels.Rows; i++)
        {
            int c = i % k;
            double change = 0;
            for (int j = 0; j < d; j++)
            {
                change += Math.Pow((w[c, j] - w2[c, j]) / 3.0, 2);
            }

            Assert.True(Math.Sqrt(change) <= calibration.Sensitivities[i], $"row {i}: {Math.Sqrt(change)} > {calibration.Sensitivities[i]}");
        }
    }

    private static double SmallestSingularValue(Matrix a) => ThinSvd.Compute(a).S[^1];
}
