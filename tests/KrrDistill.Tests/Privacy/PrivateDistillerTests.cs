using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Privacy;
using KrrDistill.Ridge;
using KrrDistill.Tests.Distillation;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Privacy;

/// <summary>Both privacy modes end to end on random problems, their refusals, and Proposition 6.1.</summary>
public class PrivateDistillerTests
{
    public static TheoryData<string, string> DpCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string backend in new[] { "managed", "openblas" })
        {
            foreach (string kind in new[] { "identity", "fcnn", "rff" })
            {
                data.Add(backend, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DpCases))]
    public void DpModeDistillsTheNoisyModelExactly(string backendName, string kind)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        DatasetPair data = DistillationChainTests.RandomData(n: 400, d: 24, k: 3, seed: 11);
        IFeatureMap map = Map(kind);
        PrivateDistillResult result = Run(data, map, Dp(epsilon: 2, noiseSeed: 4, publicValidation: true));

        Assert.Equal(12, result.Set.Count);
        Assert.True(result.ErrorAfterInversion <= 1e-8, $"‖W_S − W̃‖/‖W̃‖ = {result.ErrorAfterInversion:E2}");
        Assert.Equal(result.ModelTestAccuracy, result.DistilledTestAccuracy);
        Assert.Equal(GaussianMechanism.AnalyticSigma(StatisticsSensitivity.ReplaceOne(result.Bound.Bound), 2, 1e-5), result.Sigma);
        Assert.Equal(0, result.SafetyClips);
        Assert.Equal(380, result.PrivateCount);
        Assert.Equal(20, result.PublicValidationCount);
        Assert.True(result.Lambda > 0);
        Assert.NotEmpty(result.ValidationCurve);
        Assert.True(result.NoiseReproducible);
        Assert.Null(result.Set.InitialInputs);
        Assert.Contains("(2, 1E-05)-differentially private", result.Guarantee, StringComparison.Ordinal);
    }

    [Fact]
    public void DpModeAllowsOnePointPerClassBecauseDistillationIsPostProcessing()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 300, d: 12, k: 3, seed: 2);
        using IDisposable scope = LinearAlgebraBackends.Use(new ManagedBackend());
        PrivateDistillResult result = Run(data, new IdentityFeatureMap(12), Dp(epsilon: 1, noiseSeed: 2, lambda: 5.0, imagesPerClass: 1));
        Assert.Equal(3, result.Set.Count);
        Assert.True(result.ErrorAfterInversion <= 1e-9);
    }

    [Fact]
    public void TheReleasedModelIsExactlyTheGaussianMechanismFollowedByRidge()
    {
        ILinearAlgebraBackend backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        using IDisposable scope = LinearAlgebraBackends.Use(backend);
        DatasetPair data = DistillationChainTests.RandomData(n: 300, d: 12, k: 3, seed: 2);
        IFeatureMap map = new IdentityFeatureMap(12);
        PrivateDistiller distiller = Dp(epsilon: 1, noiseSeed: 8, lambda: 5.0);
        PrivateDistillResult result = Run(data, map, distiller);

        PrivateTrainingData prepared = distiller.Prepare(map, data.Train);
        double sigma = GaussianMechanism.AnalyticSigma(StatisticsSensitivity.ReplaceOne(1.0), 1, 1e-5);
        SufficientStatistics noisy = StatisticsRelease.Release(prepared.Exact, sigma, new SeededGaussianNoise(8));
        Matrix expected = SpectralRidgePath.FromStatistics(noisy).Weights(5.0);
        Assert.True(Matrix.RelativeError(result.Model, expected) < 1e-12);
        Assert.Equal(300, result.PrivateCount);
        Assert.Equal(300, prepared.RowsClipped);
    }

    [Fact]
    public void UnseededNoiseDiffersBetweenReleasesAndHugeEpsilonApproachesTheNonPrivateModel()
    {
        ILinearAlgebraBackend backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        using IDisposable scope = LinearAlgebraBackends.Use(backend);
        DatasetPair data = DistillationChainTests.RandomData(n: 300, d: 12, k: 3, seed: 2);
        IFeatureMap map = new IdentityFeatureMap(12);
        PrivateDistillResult first = Run(data, map, Dp(1, null, lambda: 5.0));
        PrivateDistillResult second = Run(data, map, Dp(1, null, lambda: 5.0));
        Assert.False(first.NoiseReproducible);
        Assert.True(Matrix.RelativeError(first.Model, second.Model) > 1e-6);

        PrivateDistillResult loose = Run(data, map, Dp(1e7, 1, lambda: 5.0));
        var clipped = new ClippedFeatureMap(map, FeatureNormBounds.ForFeatureClip(map, 1.0));
        Matrix features = FeaturePass.MapRows(data.Train, Enumerable.Range(0, 300).ToArray(), clipped, 64);
        Matrix exact = KernelRidgeSolver.Solve(features, AlgorithmOne.OneHot(data.Train.Labels, 3), 5.0);
        Assert.True(Matrix.RelativeError(loose.Model, exact) < 1e-4, $"{Matrix.RelativeError(loose.Model, exact):E2}");
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void RowDpModeCalibratesZAndRecoversW(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        using IDisposable scope = LinearAlgebraBackends.Use(backend);
        DatasetPair data = DistillationChainTests.RandomData(n: 400, d: 24, k: 3, seed: 11);
        IFeatureMap map = LeakyReluNetwork.CreateRandom(24, 24, 1, 0.1, 1);
        var distiller = new PrivateDistiller(new RowPrivacyOptions { Epsilon = 0.5, NoiseSeed = 6 },
            new DistillerOptions { ImagesPerClass = 3, Seed = 2, LambdaS = 0 }, new KernelRidgeOptions { Lambda = 0 });
        PrivateDistillResult result = Run(data, map, distiller);

        PrivateTrainingData prepared = distiller.Prepare(map, data.Train);
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(prepared.Exact);
        double sigma0 = Math.Sqrt(path.Eigenvalues[0]);
        var calibration = RowPrivacyCalibration.Compute(result.Set.Labels, prepared.ClassCounts, result.Bound.Bound, sigma0, 0.5, 1e-5);
        Assert.Equal(calibration.Sigma, result.Sigma, 9);
        Assert.Equal(sigma0, result.Sigma0!.Value, 12);
        Assert.True(Matrix.RelativeError(result.Model, path.Weights(0)) < 1e-12);

        // Whatever the noise, W_S = W: whoever holds y_s recovers the (non-private) model, as the report says.
        Assert.True(result.ErrorAfterInversion <= 1e-8, $"{result.ErrorAfterInversion:E2}");
        Assert.Equal(result.ModelTestAccuracy, result.DistilledTestAccuracy);
        Assert.Contains(result.NotCovered, s => s.Contains("W_S = W", StringComparison.Ordinal));
    }

    [Fact]
    public void RowDpRefusesRankDeficientFeatures()
    {
        using IDisposable scope = LinearAlgebraBackends.Use(new ManagedBackend());
        DatasetPair random = DistillationChainTests.RandomData(n: 200, d: 6, k: 2, seed: 1);
        double[] values = new double[200 * 6];
        random.Train.CopyInputs(0, 200, values);
        for (int i = 0; i < 200; i++)
        {
            values[(i * 6) + 5] = 0; // a pixel that is constant over the data set
        }

        var data = new DatasetPair(Dataset.FromValues("flat", values, 200, 6, random.Train.Labels, 2, InputNormalization.None(6), null), random.Test);
        var distiller = new PrivateDistiller(new RowPrivacyOptions { Epsilon = 0.5 }, new DistillerOptions { ImagesPerClass = 2, LambdaS = null }, new KernelRidgeOptions { Lambda = 0 });
        InputException error = Assert.Throws<InputException>(() => Run(data, new IdentityFeatureMap(6), distiller));
        Assert.Contains("σ_min(Φ) = 0", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "real-dp", "Init real cannot be combined" },
        { "real-row", "Init real cannot be combined" },
        { "labels-fit", "Labels fit cannot be combined" },
        { "dp-no-lambda", "PublicValidationSplit" },
        { "dp-zero-lambda", "Lambda must be > 0 for whole-set privacy" },
        { "row-epsilon", "Epsilon must lie in (0, 1) for row privacy" },
        { "row-ipc1", "m > k" },
        { "row-lambda", "Lambda must be 0 or unset for row privacy" },
        { "epsilon", "Epsilon must be a finite number > 0" },
        { "delta", "Delta must lie in (0, 1)" },
        { "clip", "ClipNorm must be" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void RefusesSettingsUnderWhichTheGuaranteeCannotHold(string name, string fragment)
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 200, d: 6, k: 2, seed: 1);
        var dp = new WholeSetPrivacyOptions { PublicValidationSplit = true };
        var row = new RowPrivacyOptions { Epsilon = 0.5 };
        var zero = new KernelRidgeOptions { Lambda = 0 };
        var none = new KernelRidgeOptions();
        DistillerOptions Ipc(int ipc, InitMode init = InitMode.Noise, LabelMode labels = LabelMode.Model) => new() { ImagesPerClass = ipc, Init = init, Labels = labels, LambdaS = null };
        PrivateDistiller distiller = name switch
        {
            "real-dp" => new(dp, Ipc(2, InitMode.Real), none),
            "real-row" => new(row, Ipc(2, InitMode.Real), zero),
            "labels-fit" => new(dp, Ipc(3, labels: LabelMode.Fit), none),
            "dp-no-lambda" => new(dp with { PublicValidationSplit = false }, Ipc(2), none),
            "dp-zero-lambda" => new(dp with { PublicValidationSplit = false }, Ipc(2), zero),
            "row-epsilon" => new(row with { Epsilon = 2 }, Ipc(2), zero),
            "row-ipc1" => new(row, Ipc(1), zero),
            "row-lambda" => new(row, Ipc(2), new KernelRidgeOptions { Lambda = 1 }),
            "epsilon" => new(dp with { Epsilon = 0 }, Ipc(2), none),
            "delta" => new(dp with { Delta = 1 }, Ipc(2), none),
            _ => new(dp with { ClipNorm = -1 }, Ipc(2), none),
        };
        using IDisposable scope = LinearAlgebraBackends.Use(new ManagedBackend());
        InputException error = Assert.Throws<InputException>(() => Run(data, new IdentityFeatureMap(6), distiller));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Proposition 6.1 (docs/theory.md §5): a distilled set depends on the data only through W. Build a second training set
    /// X' ≠ X with the same labels and the same W (φ_λ(X')⁺ = Y⁺W + (I − Y⁺Y)Z' for a fresh Z'), then distill both
    /// models with the same seed: the distilled sets agree.
    /// </summary>
    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TwoTrainingSetsWithTheSameModelGiveTheSameDistilledSet(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        using IDisposable scope = LinearAlgebraBackends.Use(backend);
        int n = 80, d = 6, k = 3;
        double lambda = 1e-3;
        Matrix x = RandomMatrices.Gaussian(n, d, 31);
        Matrix y = RandomMatrices.OneHot(Enumerable.Range(0, n).Select(i => i % k).ToArray(), k);
        Matrix w = KernelRidgeSolver.Solve(x, y, lambda);

        // X' from Theorem 4.1's construction with m = n and the real labels Y.
        Matrix pseudo = ThinSvd.Compute(y).PseudoInverseTransposed();
        var pw = new Matrix(n, d);
        backend.Gemm(Transpose.No, Transpose.No, n, d, k, 1.0, pseudo.Data, k, w.Data, d, 0.0, pw.Data, d);
        Matrix z = RandomMatrices.Gaussian(n, d, 32);
        for (int i = 0; i < z.Data.Length; i++)
        {
            z.Data[i] *= 0.05;
        }

        ThinSvd svd = ThinSvd.Compute(AlgorithmOne.Combine(y, pseudo, pw, z));
        Assert.True(1 - (4 * lambda * svd.S[0] * svd.S[0]) >= 0);
        Matrix other = svd.Compose(s => (1 + Math.Sqrt(1 - (4 * lambda * s * s))) / (2 * s));
        Matrix sameModel = KernelRidgeSolver.Solve(other, y, lambda);
        Assert.True(Matrix.RelativeError(sameModel, w) < 1e-9, $"‖W' − W‖/‖W‖ = {Matrix.RelativeError(sameModel, w):E2}");
        Assert.True(Matrix.RelativeError(other, x) > 0.5, "the second training set should differ from the first");

        var options = new DistillerOptions { ImagesPerClass = 2, Seed = 5 };
        var map = new IdentityFeatureMap(d);
        Matrix fromX = AlgorithmOne.Run(w, map, options, 0).TargetFeatures;
        Matrix fromOther = AlgorithmOne.Run(sameModel, map, options, 0).TargetFeatures;
        Assert.True(Matrix.RelativeError(fromOther, fromX) < 1e-8, $"distilled sets differ by {Matrix.RelativeError(fromOther, fromX):E2}");
    }

    private static PrivateDistiller Dp(double epsilon, int? noiseSeed, bool publicValidation = false, double? lambda = null, int imagesPerClass = 4) => new(
        new WholeSetPrivacyOptions { Epsilon = epsilon, NoiseSeed = noiseSeed, PublicValidationSplit = publicValidation },
        new DistillerOptions { ImagesPerClass = imagesPerClass, Seed = 3, LambdaS = 0 },
        new KernelRidgeOptions { Lambda = lambda });

    private static PrivateDistillResult Run(DatasetPair data, IFeatureMap map, PrivateDistiller distiller) => distiller.Distill(map, data.Train, data.Test);

    private static IFeatureMap Map(string kind) => kind switch
    {
        "identity" => new IdentityFeatureMap(24),
        "fcnn" => LeakyReluNetwork.CreateRandom(24, 24, 1, 0.1, 1),
        _ => RandomFourierFeatures.CreateRandom(24, 20, 10.0, 1),
    };
}
