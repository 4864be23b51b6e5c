using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Privacy;

/// <summary>
/// Private distillation (docs/privacy.md). Every use of the private training rows goes through here:
/// <see cref="Prepare"/> clips the rows and accumulates their exact statistics (kept secret);
/// <see cref="Release"/> adds the calibrated noise and distills. Nothing else touches the private rows:
/// no real-image baselines, no real initialization, no λ chosen on private validation rows.
/// <list type="bullet">
/// <item><see cref="PrivacyMode.RowDp"/> (PAPER.md Theorem 6.2): W = Y Φ⁺ (λ = 0) of the clipped features,
/// then Algorithm 1 from noise Z with the σ of <see cref="RowPrivacyCalibration"/>.</item>
/// <item><see cref="PrivacyMode.Dp"/>: G̃, B̃ from <see cref="StatisticsRelease"/> with σ from
/// <see cref="GaussianMechanism.AnalyticSigma"/> for Δ = <see cref="StatisticsSensitivity.ReplaceOne"/>(C);
/// G̃ projected onto the positive semi-definite cone (negative eigenvalues set to 0), W̃ = B̃ᵀ(G̃₊ + λI)⁻¹ with
/// λ &gt; 0, which makes the system positive definite; then Algorithm 1 on W̃ (post-processing).</item>
/// </list>
/// </summary>
internal static class PrivateDistillationRunner
{
    /// <summary>
    /// Row-dp refuses a release whose distilled set misses W by more than this (before inversion): Theorem 6.2's σ
    /// grows as 1/σ_min(Φ)², and beyond about 1e8·‖Y_S⁺W‖ rounding keeps the noise from cancelling.
    /// </summary>
    public const double RowDpRecoveryLimit = 1e-6;

    /// <summary>Checks the settings, prepares the private data, and releases one distilled set.</summary>
    public static PrivateDistillResult Run(DatasetPair data, IFeatureMap featureMap, DistillRunOptions options,
        ILinearAlgebraBackend backend, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        PrivacyOptions privacy = Check(featureMap, options, data.Train.Classes);
        var timer = new PhaseTimer();
        PrivateTrainingData prepared = Prepare(data.Train, featureMap, options, backend, progress);
        timer.Lap("clip + features + Gram (private rows)");
        PrivateDistillResult result = Release(prepared, data, featureMap, options, NoiseFor(privacy), backend, progress);
        return result with { Timings = [.. timer.Phases, .. result.Timings] };
    }

    /// <summary>The noise source the options ask for: seeded (tests, experiments) or the OS generator (default).</summary>
    public static IGaussianNoise NoiseFor(PrivacyOptions privacy)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        return privacy.NoiseSeed is { } seed ? new SeededGaussianNoise(seed) : new SecureGaussianNoise();
    }

    /// <summary>
    /// Refuses, before any work and naming the option, every setting under which the stated guarantee could not
    /// hold or the theory does not apply. Returns the privacy options.
    /// </summary>
    public static PrivacyOptions Check(IFeatureMap featureMap, DistillRunOptions options, int classes)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(options);
        PrivacyOptions privacy = options.Privacy ?? throw new ArgumentNullException(nameof(options), "no privacy options were given.");
        string mode = privacy.Mode == PrivacyMode.Dp ? "whole-set" : "row";
        if (options.Init == InitMode.Real)
        {
            throw new InputException(nameof(DistillerOptions.Init), $"real cannot be combined with privacy mode {mode}: it copies real training images into the distilled set, so no privacy guarantee can hold; use noise initialization.");
        }

        if (options.LabelsOnly)
        {
            throw new InputException(nameof(DistillerOptions.Labels), $"fit cannot be combined with privacy mode {mode}: it releases labels for real training images; use model or onehot labels.");
        }

        if (!(privacy.Epsilon > 0) || !double.IsFinite(privacy.Epsilon))
        {
            throw new InputException(nameof(PrivacyOptions.Epsilon), $"must be a finite number > 0 (got {F(privacy.Epsilon)}).");
        }

        if (!(privacy.Delta > 0 && privacy.Delta < 1))
        {
            throw new InputException(nameof(PrivacyOptions.Delta), $"must lie in (0, 1) (got {F(privacy.Delta)}).");
        }

        FeatureNormBounds.CheckClip(privacy.ClipNorm);

        int k = classes, p = featureMap.OutputDimension;
        InputException.RequireAtLeast(options.ImagesPerClass, 1, nameof(DistillerOptions.ImagesPerClass));
        AnalyticDistiller.CheckMode(featureMap, options.LabelsOnly, options.ImagesPerClass * k, k, p);
        if (privacy.Mode == PrivacyMode.RowDp)
        {
            if (!(privacy.Epsilon < 1))
            {
                throw new InputException(nameof(PrivacyOptions.Epsilon), $"must lie in (0, 1) for row privacy (Theorem 6.2) (got {F(privacy.Epsilon)}); whole-set privacy handles any ε > 0.");
            }

            if (options.Fit.Lambda is { } l && l != 0)
            {
                throw new InputException(nameof(KernelRidgeOptions.Lambda), $"must be 0 or unset for row privacy, which fits the original model with λ = 0 as Theorem 6.2 assumes (got {F(l)}).");
            }

            if (options.LambdaS is { } ls && ls != 0)
            {
                throw new InputException(nameof(DistillerOptions.LambdaS), $"must be 0 for row privacy, which distills with λ_S = 0 as Theorem 6.2 assumes (got {F(ls)}).");
            }

            if (options.ImagesPerClass < 2)
            {
                throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"must be at least 2 for row privacy, which needs m > k distilled points: with one per class, I − Y_S⁺Y_S = 0 and Theorem 6.2's σ is infinite.");
            }


            if (privacy.Sigma0 is { } s0 && (!(s0 > 0) || !double.IsFinite(s0)))
            {
                throw new InputException(nameof(RowPrivacyOptions.SmallestSingularValueBound), $"must be a finite number > 0 (got {F(s0)}).");
            }
        }
        else
        {
            if (options.Fit.Lambda is null && !privacy.PublicValidation)
            {
                throw new InputException(nameof(KernelRidgeOptions.Lambda), "must be fixed for whole-set privacy unless it is chosen on a validation split declared public (PublicValidationSplit): choosing it on the private validation split would leak.");
            }

            if (options.Fit.Lambda is { } dpLambda && !(dpLambda > 0))
            {
                throw new InputException(nameof(KernelRidgeOptions.Lambda), $"must be > 0 for whole-set privacy (got {F(dpLambda)}): the noisy Gram matrix, projected onto the positive semi-definite cone, has zero eigenvalues.");
            }

            if (options.Fit.Lambda is not null && privacy.PublicValidation)
            {
                throw new InputException(nameof(WholeSetPrivacyOptions.PublicValidationSplit), "and a fixed λ both set λ; give one.");
            }

        }

        return privacy;
    }

    /// <summary>
    /// Clips the private rows and accumulates their exact statistics (secret, in memory only). With
    /// <see cref="PrivacyOptions.PublicValidation"/> the seeded validation split is held out as public; otherwise
    /// every training row is private.
    /// </summary>
    public static PrivateTrainingData Prepare(Dataset train, IFeatureMap featureMap, DistillRunOptions options,
        ILinearAlgebraBackend backend, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(options);
        PrivacyOptions privacy = options.Privacy ?? throw new ArgumentNullException(nameof(options), "no privacy options were given.");
        train.RequireFits(featureMap.InputDimension, int.MaxValue, "the feature map");

        FeatureNormBound bound = privacy.ClipFeatures ? FeatureNormBounds.ForFeatureClip(featureMap, privacy.ClipNorm) : FeatureNormBounds.For(featureMap, privacy.ClipNorm, backend);
        var clipped = new ClippedFeatureMap(featureMap, bound);
        int[] privateRows, publicRows;
        if (privacy.PublicValidation)
        {
            (privateRows, publicRows) = KernelRidge.Split(train.Count, options.Fit.ValidationFraction, options.Fit.SplitSeed);
            if (publicRows.Length == 0)
            {
                throw new InputException(nameof(WholeSetPrivacyOptions.PublicValidationSplit), $"leaves no validation rows: {train.Name} has {train.Count} samples; fix λ instead.");
            }
        }
        else
        {
            privateRows = Enumerable.Range(0, train.Count).ToArray();
            publicRows = [];
        }

        int p = featureMap.OutputDimension;
        if (privateRows.Length <= p)
        {
            throw new InputException($"{train.Name}: the privacy modes need more private training rows than features (n = {privateRows.Length} ≤ p = {p}).");
        }

        int chunk = Math.Max(1, options.Fit.ChunkRows);
        SufficientStatistics exact = KernelRidge.Accumulate(train, privateRows, clipped, chunk, backend, progress);
        long rowsClipped = bound.ClipsFeatures ? clipped.FeatureClips : clipped.InputClips;
        long safetyClips = bound.ClipsFeatures ? 0 : clipped.FeatureClips;
        Matrix publicFeatures = KernelRidge.MapRows(train, publicRows, clipped, chunk, progress, "features (public validation)");
        return new PrivateTrainingData
        {
            ClippedMap = clipped,
            Exact = exact,
            PrivateRows = privateRows,
            PublicRows = publicRows,
            PublicFeatures = publicFeatures,
            ClassCounts = [.. exact.ClassCounts!],
            RowsClipped = rowsClipped,
            SafetyClips = safetyClips,
        };
    }

    /// <summary>
    /// One release from prepared data: noise, the model, Algorithm 1, inversion, refit and test accuracy.
    /// Each call spends the privacy budget of <see cref="DistillRunOptions.Privacy"/> once more.
    /// </summary>
    public static PrivateDistillResult Release(PrivateTrainingData prepared, DatasetPair data, IFeatureMap featureMap,
        DistillRunOptions options, IGaussianNoise noise, ILinearAlgebraBackend backend, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(noise);
        PrivacyOptions privacy = Check(featureMap, options, data.Train.Classes);
        var timer = new PhaseTimer();
        progress?.Report(new ProgressReport("privacy noise + model", 0));
        var analyticOptions = new AnalyticDistillerOptions
        {
            ImagesPerClass = options.ImagesPerClass,
            Init = InitMode.Noise,
            Labels = options.Labels,
            PlusRoot = options.PlusRoot,
            Seed = options.Seed,
        };
        NoisyModel m = privacy.Mode == PrivacyMode.RowDp
            ? RowModel(prepared, data.Train.Classes, options, privacy, noise, backend, analyticOptions)
            : WholeSetModel(prepared, data.Train, featureMap.Kind, options, privacy, noise, backend, analyticOptions);
        timer.Lap(privacy.Mode == PrivacyMode.RowDp ? "model (λ = 0)" : "noisy statistics + model");

        // Everything below is post-processing of the noisy release (whole-set) or Theorem 6.2's construction (row).
        progress?.Report(new ProgressReport("distill", 0));
        AnalyticDistillation analytic = AnalyticDistiller.Distill(m.Weights, featureMap, m.AnalyticOptions, null, null, backend);
        timer.Lap("distill (Algorithm 1)");
        double errorBefore = Matrix.RelativeError(KernelRidgeSolver.Solve(analytic.TargetFeatures, analytic.Labels, analytic.LambdaS, backend), m.Weights);
        if (privacy.Mode == PrivacyMode.RowDp && !(errorBefore <= RowDpRecoveryLimit))
        {
            throw new InputException($"row privacy: Theorem 6.2 needs σ = {F(m.Sigma)} here (σ_min(Φ) = {F(m.SmallestSingularValue ?? 0)}), so large against Y_S⁺W that the noise no longer cancels in double precision (‖W_S − W‖/‖W‖ = {errorBefore:E1}); use whole-set privacy.");
        }

        FeatureInversion inversion = ((IInvertibleFeatureMap)featureMap).Invert(analytic.TargetFeatures);
        timer.Lap("construct inputs");
        var set = new DistilledSet
        {
            Inputs = inversion.Inputs,
            Labels = analytic.Labels,
            LambdaS = analytic.LambdaS,
            FeatureMap = featureMap,
            Normalization = data.Train.Normalization,
            ImageShape = data.Train.ImageShape,
        };
        Matrix distilled = set.FitOn(set.Features(), backend).Weights;
        double errorAfter = Matrix.RelativeError(distilled.Scaled(inversion.FeatureScale), m.Weights);
        timer.Lap("refit W_S");
        progress?.Report(new ProgressReport("test accuracy", 0));
        double[] accuracies = MultiModelEvaluator.Accuracies(data.Test, featureMap, [m.Weights, distilled], backend, options.Fit.ChunkRows);
        timer.Lap("test accuracy (2 models)");
        var result = new PrivateDistillResult
        {
            Set = set,
            Mode = privacy.Mode,
            Epsilon = privacy.Epsilon,
            Delta = privacy.Delta,
            Bound = prepared.ClippedMap.Bound,
            PrivateCount = prepared.PrivateRows.Length,
            PublicValidationCount = prepared.PublicRows.Length,
            Sensitivity = m.Sensitivity,
            Sigma = m.Sigma,
            ReferenceSigma = m.ReferenceSigma,
            Sigma0 = m.Sigma0,
            SmallestSingularValue = m.SmallestSingularValue,
            Lambda = m.Lambda,
            LambdaRequested = m.LambdaRequested,
            NoiseEigenvalueScale = m.NoiseScale,
            LambdaSource = m.LambdaSource,
            NegativeEigenvalues = m.NegativeEigenvalues,
            ValidationCurve = m.Curve,
            Model = m.Weights,
            ModelTestAccuracy = accuracies[0],
            DistilledTestAccuracy = accuracies[1],
            ErrorBeforeInversion = errorBefore,
            ErrorAfterInversion = errorAfter,
            FeatureScale = inversion.FeatureScale,
            NoiseReproducible = noise.IsReproducible,
            Guarantee = m.Statement.Guarantee,
            Assumptions = m.Statement.Assumptions,
            NotCovered = m.Statement.NotCovered,
            RowsClipped = prepared.RowsClipped,
            SafetyClips = prepared.SafetyClips,
            Timings = timer.Phases,
        };
        // The set's metadata holds the privacy statement, which describes the whole release.
        set.Result = new DistillationResult
        {
            Method = "private",
            DatasetName = ModelArtefact.DataSetName(data.Train.Name),
            LabelKind = analytic.LabelKind,
            OriginalLambda = m.Lambda,
            RequestedLambdaS = m.AnalyticOptions.LambdaS,
            LambdaCapped = analytic.LambdaCapped,
            ErrorBeforeInversion = errorBefore,
            FeatureScale = inversion.FeatureScale,
            InversionRoutes = inversion.LayerRoutes,
            ExtraMeta = PrivacyMeta.For(result),
            Timings = timer.Phases,
        };
        return result;
    }

    /// <summary>
    /// PAPER.md Theorem 6.2: W = Y Φ⁺ (λ = 0) of the clipped features, and the σ of Z calibrated from σ_min(Φ) (or the
    /// public bound σ₀), the class counts and the feature bound. Algorithm 1 then draws Z with that σ from the noise.
    /// </summary>
    private static NoisyModel RowModel(PrivateTrainingData prepared, int k, DistillRunOptions options, PrivacyOptions privacy,
        IGaussianNoise noise, ILinearAlgebraBackend backend, AnalyticDistillerOptions analyticOptions)
    {
        int p = prepared.Exact.Features;
        FeatureNormBound bound = prepared.ClippedMap.Bound;
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(prepared.Exact, backend);
        double muMin = path.Eigenvalues[0];
        double smallest = muMin > path.RankTolerance ? Math.Sqrt(muMin) : 0.0;
        if (smallest == 0)
        {
            throw new InputException($"row privacy: σ_min(Φ) = 0 on the {prepared.PrivateRows.Length} clipped private rows (rank {path.NumericalRank} < p = {p}, e.g. pixels that are constant over the data set), so Theorem 6.2's σ is infinite; use whole-set privacy, or a feature map whose features have full rank.");
        }

        if (privacy.Sigma0 is { } given && smallest < given)
        {
            throw new InputException(nameof(RowPrivacyOptions.SmallestSingularValueBound), $"{F(given)} exceeds σ_min(Φ) = {F(smallest)} of the clipped private rows: Theorem 6.2's assumption σ_min(Φ) ≥ σ₀ fails.");
        }

        double sigma0 = privacy.Sigma0 ?? smallest;
        Matrix labels = AnalyticDistiller.OneHot(AnalyticDistiller.BalancedClasses(options.ImagesPerClass, k), k);
        RowPrivacyCalibration calibration = RowPrivacyCalibration.Compute(labels, prepared.ClassCounts, bound.Bound, sigma0, privacy.Epsilon, privacy.Delta, backend);
        return new NoisyModel
        {
            Weights = path.Weights(0),
            Sensitivity = calibration.Sensitivities.Max(),
            Sigma = calibration.Sigma,
            ReferenceSigma = calibration.PaperSigma,
            Sigma0 = sigma0,
            SmallestSingularValue = smallest,
            Lambda = 0,
            LambdaRequested = 0,
            LambdaSource = "0 (Theorem 6.2)",
            AnalyticOptions = analyticOptions with { Labels = LabelMode.OneHot, LambdaS = 0, NoiseStd = calibration.Sigma, Noise = noise },
            Statement = PrivacyStatement.ForRows(privacy.Epsilon, privacy.Delta, options.ImagesPerClass * k, bound, sigma0, privacy.Sigma0 is not null, noise.IsReproducible),
        };
    }

    /// <summary>
    /// Whole-set (ε, δ)-DP: G̃, B̃ from <see cref="StatisticsRelease"/> with the analytic Gaussian σ for
    /// Δ = <see cref="StatisticsSensitivity.ReplaceOne"/>(C); G̃ projected onto the positive semi-definite cone, then
    /// W̃ = B̃ᵀ(G̃₊ + λI)⁻¹ with λ fixed or chosen on the validation rows declared public.
    /// </summary>
    private static NoisyModel WholeSetModel(PrivateTrainingData prepared, Dataset train, FeatureKind kind, DistillRunOptions options, PrivacyOptions privacy,
        IGaussianNoise noise, ILinearAlgebraBackend backend, AnalyticDistillerOptions analyticOptions)
    {
        FeatureNormBound bound = prepared.ClippedMap.Bound;
        double sensitivity = StatisticsSensitivity.ReplaceOne(bound.Bound);
        double sigma = GaussianMechanism.AnalyticSigma(sensitivity, privacy.Epsilon, privacy.Delta);
        SufficientStatistics noisy = StatisticsRelease.Release(prepared.Exact, sigma, noise);
        SpectralRidgePath path = SpectralRidgePath.FromStatistics(noisy, backend);
        double noiseScale = Math.Max(0, -path.Eigenvalues[0]);
        double lambda;
        string lambdaSource;
        IReadOnlyList<(double, double)> curve = [];
        if (options.Fit.Lambda is { } fixedLambda)
        {
            lambda = fixedLambda;
            lambdaSource = $"fixed at {F(fixedLambda)}";
        }
        else
        {
            int[] publicLabels = prepared.PublicRows.Select(r => train.Labels[r]).ToArray();
            (lambda, _, curve) = KernelRidge.ChooseLambda(path, prepared.PublicFeatures, publicLabels, NoisyGrid(kind, noiseScale));
            lambdaSource = $"chosen on {prepared.PublicRows.Length} validation rows declared public";
        }

        return new NoisyModel
        {
            Weights = path.Weights(lambda),
            Sensitivity = sensitivity,
            Sigma = sigma,
            ReferenceSigma = privacy.Epsilon < 1 ? GaussianMechanism.ClassicalSigma(sensitivity, privacy.Epsilon, privacy.Delta) : null,
            Lambda = lambda,
            LambdaRequested = options.Fit.Lambda,
            LambdaSource = lambdaSource,
            NoiseScale = noiseScale,
            NegativeEigenvalues = path.Eigenvalues.Count(mu => mu < 0),
            Curve = curve,
            AnalyticOptions = analyticOptions with { LambdaS = options.LambdaS ?? lambda },
            Statement = PrivacyStatement.ForWholeSet(privacy.Epsilon, privacy.Delta, prepared.PrivateRows.Length, bound, sigma, noise.IsReproducible, privacy.PublicValidation),
        };
    }

    /// <summary>The model of one mode's release and everything its report states about the noise.</summary>
    private sealed record NoisyModel
    {
        public required Matrix Weights { get; init; }

        public required double Sensitivity { get; init; }

        public required double Sigma { get; init; }

        public required double? ReferenceSigma { get; init; }

        public double? Sigma0 { get; init; }

        public double? SmallestSingularValue { get; init; }

        public required double Lambda { get; init; }

        public required double? LambdaRequested { get; init; }

        public required string LambdaSource { get; init; }

        public double NoiseScale { get; init; }

        public int NegativeEigenvalues { get; init; }

        public IReadOnlyList<(double Lambda, double Accuracy)> Curve { get; init; } = [];

        public required AnalyticDistillerOptions AnalyticOptions { get; init; }

        public required (string Guarantee, IReadOnlyList<string> Assumptions, IReadOnlyList<string> NotCovered) Statement { get; init; }
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

    private static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
