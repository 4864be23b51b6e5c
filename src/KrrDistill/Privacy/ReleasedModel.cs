using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Privacy;

/// <summary>
/// The model a private release distills, fit through the estimator's one door from the private rows' statistics
/// (docs/privacy.md), and what its report states about the noise. Row privacy: W = Y Φ⁺ (λ = 0) of the exact clipped
/// statistics, with Theorem 6.2's σ for Algorithm 1's Z. Whole-set privacy: the statistics released with the analytic
/// Gaussian mechanism, G̃ projected onto the positive semi-definite cone, W̃ = B̃ᵀ(G̃₊ + λI)⁻¹.
/// </summary>
internal sealed record ReleasedModel
{
    public required RidgeModel Model { get; init; }

    /// <summary>Z of Algorithm 1 (row privacy: the calibrated σ and the privacy noise); null: the distiller's seeded noise.</summary>
    public NoiseInit? Noise { get; init; }

    public required double Sensitivity { get; init; }

    public required double Sigma { get; init; }

    public required double? ReferenceSigma { get; init; }

    public double? Sigma0 { get; init; }

    public double? SmallestSingularValue { get; init; }

    public required double? LambdaRequested { get; init; }

    public required string LambdaSource { get; init; }

    public double NoiseScale { get; init; }

    public int NegativeEigenvalues { get; init; }

    public required (string Guarantee, IReadOnlyList<string> Assumptions, IReadOnlyList<string> NotCovered) Statement { get; init; }

    /// <summary>
    /// Theorem 6.2: W = Y Φ⁺ (λ = 0) of the clipped features, and the σ of Z calibrated from σ_min(Φ) (or the public
    /// bound σ₀), the class counts and the feature bound.
    /// </summary>
    public static ReleasedModel ForRows(PrivateTrainingData prepared, Dataset train, IFeatureMap featureMap, PrivacyOptions privacy, int imagesPerClass,
        IGaussianNoise noise, PhaseTimer timer)
    {
        int p = prepared.Exact.Features, k = train.Classes;
        FeatureNormBound bound = prepared.ClippedMap.Bound;
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(prepared.Exact);
        double muMin = path.Eigenvalues[0];
        double smallest = muMin > path.RankTolerance ? Math.Sqrt(muMin) : 0.0;
        if (smallest == 0)
        {
            throw new InputException($"row privacy: σ_min(Φ) = 0 on the {prepared.PrivateCount} clipped private rows (rank {path.NumericalRank} < p = {p}, e.g. pixels that are constant over the data set), so Theorem 6.2's σ is infinite; use whole-set privacy, or a feature map whose features have full rank.");
        }

        if (privacy.Sigma0 is { } given && smallest < given)
        {
            throw new InputException(nameof(RowPrivacyOptions.SmallestSingularValueBound), $"{F(given)} exceeds σ_min(Φ) = {F(smallest)} of the clipped private rows: Theorem 6.2's assumption σ_min(Φ) ≥ σ₀ fails.");
        }

        double sigma0 = privacy.Sigma0 ?? smallest;
        Matrix labels = AlgorithmOne.OneHot(AlgorithmOne.BalancedClasses(imagesPerClass, k), k);
        RowPrivacyCalibration calibration = RowPrivacyCalibration.Compute(labels, prepared.ClassCounts, bound.Bound, sigma0, privacy.Epsilon, privacy.Delta);
        RidgeModel model = new KernelRidge(featureMap, new KernelRidgeOptions { Lambda = 0 }).Finish(path, LambdaChoice.Fixed, Source(prepared, train), timer, null);
        return new ReleasedModel
        {
            Model = model,
            Noise = new NoiseInit(calibration.Sigma, noise),
            Sensitivity = calibration.Sensitivities.Max(),
            Sigma = calibration.Sigma,
            ReferenceSigma = calibration.PaperSigma,
            Sigma0 = sigma0,
            SmallestSingularValue = smallest,
            LambdaRequested = 0,
            LambdaSource = "0 (Theorem 6.2)",
            Statement = PrivacyStatement.ForRows(privacy.Epsilon, privacy.Delta, imagesPerClass * k, bound, sigma0, privacy.Sigma0 is not null, noise.IsReproducible),
        };
    }

    /// <summary>
    /// Whole-set (ε, δ)-DP: G̃, B̃ from <see cref="StatisticsRelease"/> with the analytic Gaussian σ for
    /// Δ = <see cref="StatisticsSensitivity.ReplaceOne"/>(C); the eigen route projects G̃ onto the positive semi-definite
    /// cone; λ fixed, or chosen by accuracy on the validation rows declared public over <see cref="NoisyGrid"/>.
    /// </summary>
    public static ReleasedModel ForWholeSet(PrivateTrainingData prepared, Dataset train, IFeatureMap featureMap, KernelRidgeOptions ridge,
        PrivacyOptions privacy, IGaussianNoise noise, PhaseTimer timer)
    {
        FeatureNormBound bound = prepared.ClippedMap.Bound;
        double sensitivity = StatisticsSensitivity.ReplaceOne(bound.Bound);
        double sigma = GaussianMechanism.AnalyticSigma(sensitivity, privacy.Epsilon, privacy.Delta);
        SufficientStatistics noisy = StatisticsRelease.Release(prepared.Exact, sigma, noise);
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(noisy);
        double noiseScale = Math.Max(0, -path.Eigenvalues[0]);
        RidgeModel model;
        string lambdaSource;
        if (ridge.Lambda is { } fixedLambda)
        {
            model = new KernelRidge(featureMap, ridge).Finish(path, LambdaChoice.Fixed, Source(prepared, train), timer, null);
            lambdaSource = $"fixed at {F(fixedLambda)}";
        }
        else
        {
            LambdaChoice onPublicRows = ValidationAccuracy.Through(TrainingRows.Trusted(train, prepared.PublicRows), prepared.ClippedMap);
            model = new KernelRidge(featureMap, ridge with { Grid = NoisyGrid(featureMap.Kind, noiseScale) }).Finish(path, onPublicRows, Source(prepared, train), timer, null);
            lambdaSource = $"chosen on {prepared.PublicRows.Length} validation rows declared public";
        }

        return new ReleasedModel
        {
            Model = model,
            Sensitivity = sensitivity,
            Sigma = sigma,
            ReferenceSigma = privacy.Epsilon < 1 ? GaussianMechanism.ClassicalSigma(sensitivity, privacy.Epsilon, privacy.Delta) : null,
            LambdaRequested = ridge.Lambda,
            LambdaSource = lambdaSource,
            NoiseScale = noiseScale,
            NegativeEigenvalues = path.Eigenvalues.Count(mu => mu < 0),
            Statement = PrivacyStatement.ForWholeSet(privacy.Epsilon, privacy.Delta, prepared.PrivateCount, bound, sigma, noise.IsReproducible, privacy.PublicValidation),
        };
    }

    /// <summary>
    /// The λ grid of a noisy path: s·10^(j/2), j = −6…2, around the scale s = |min eig(G̃)| of the noise in the
    /// spectrum (itself a function of the noisy release only), and the usual grid of the feature kind down to
    /// s/1000. Smaller λ would weight the directions whose eigenvalues the projection set to 0 by up to 1/λ,
    /// which is numerically fragile whatever a validation split says. λ = 0 is never used.
    /// </summary>
    public static double[] NoisyGrid(FeatureKind featureKind, double noiseScale)
    {
        IEnumerable<double> usual = LambdaGrid.ForFeatureKind(featureKind).Where(l => l >= noiseScale * 1e-3);
        IEnumerable<double> scaled = noiseScale > 0 ? Enumerable.Range(-6, 9).Select(j => noiseScale * Math.Pow(10, j / 2.0)) : [];
        return [.. usual.Concat(scaled).Where(l => l > 0).Distinct().Order()];
    }

    /// <summary>The release's model records the data set and its normalization, never the private rows.</summary>
    private static FitSource Source(PrivateTrainingData prepared, Dataset train)
        => new(train.SourceName, null, train.Normalization, train.ImageShape, prepared.PrivateCount, Dual: false);

    private static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
