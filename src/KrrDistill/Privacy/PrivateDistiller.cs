using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Privacy;

/// <summary>
/// Private distillation (docs/privacy.md): every use of the private training rows goes through here. <see cref="Prepare"/>
/// clips the rows and accumulates their exact statistics (kept secret); <see cref="Release(PrivateTrainingData, Dataset, IProgress{ProgressReport}?)"/> fits the released model
/// (<see cref="RowPrivacyOptions"/>: Theorem 6.2, λ = 0 and a calibrated Z; <see cref="WholeSetPrivacyOptions"/>: noisy
/// statistics) and hands it to the same <see cref="AnalyticDistiller"/> as any model, as post-processing. No real-image
/// baseline, real initialization or λ chosen on private rows is ever computed.
/// </summary>
public sealed class PrivateDistiller
{
    /// <summary>
    /// Row privacy refuses a release whose distilled set misses W by more than this (before inversion): Theorem 6.2's σ
    /// grows as 1/σ_min(Φ)², and beyond about 1e8·‖Y_S⁺W‖ rounding keeps the noise from cancelling.
    /// </summary>
    public const double RowDpRecoveryLimit = 1e-6;

    /// <summary>
    /// A private distiller. <paramref name="distiller"/> gives IPC, labels and λ_S (noise initialization only);
    /// <paramref name="ridge"/> gives λ (fixed) and the seed of the validation split.
    /// </summary>
    public PrivateDistiller(PrivacyOptions privacy, DistillerOptions? distiller = null, KernelRidgeOptions? ridge = null)
    {
        Privacy = privacy ?? throw new ArgumentNullException(nameof(privacy));
        Distiller = distiller ?? new DistillerOptions();
        Ridge = ridge ?? new KernelRidgeOptions();
        Distiller.Validate();
        Ridge.Validate();
    }

    /// <summary>The privacy options.</summary>
    public PrivacyOptions Privacy { get; }

    /// <summary>The distiller options.</summary>
    public DistillerOptions Distiller { get; }

    /// <summary>The ridge options of the (private) original model.</summary>
    public KernelRidgeOptions Ridge { get; }

    /// <summary>
    /// Releases one private distilled set of <paramref name="train"/> through <paramref name="featureMap"/>, and scores it
    /// on <paramref name="test"/> (public). Throws <see cref="InputException"/> naming the option under which the
    /// stated guarantee could not hold.
    /// </summary>
    public PrivateDistillResult Distill(IFeatureMap featureMap, Dataset train, Dataset test, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        train.RequireFits(featureMap.InputDimension, int.MaxValue, "the feature map");
        test.RequireFits(featureMap.InputDimension, train.Classes, $"a model of {train.Name}");
        Check(featureMap, train.Classes);
        var timer = new PhaseTimer();
        PrivateTrainingData prepared = Prepare(featureMap, train, progress);
        timer.Lap("clip + features + Gram (private rows)");
        PrivateDistillResult result = Release(prepared, test, null, progress);
        return result with { Timings = [.. timer.Phases, .. result.Timings] };
    }

    /// <summary>The noise source <paramref name="privacy"/> asks for: seeded (tests, experiments) or the OS generator (default).</summary>
    internal static IGaussianNoise NoiseFor(PrivacyOptions privacy)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        return privacy.NoiseSeed is { } seed ? new SeededGaussianNoise(seed) : new SecureGaussianNoise();
    }

    /// <summary>
    /// Refuses, before any work and naming the option, every setting under which the stated guarantee could not hold or
    /// the theory does not apply, for a data set of <paramref name="classes"/> classes through <paramref name="featureMap"/>.
    /// </summary>
    public void Check(IFeatureMap featureMap, int classes) => PrivacyChecks.Check(featureMap, Distiller, Ridge, Privacy, classes);

    /// <summary>
    /// Clips the private rows of <paramref name="train"/> and accumulates their exact statistics (secret, in memory
    /// only). With <see cref="PrivacyOptions.PublicValidation"/> the seeded validation split is held out as public;
    /// otherwise every training row is private. Several releases (other ε, other noise) may share one preparation; each
    /// release is a separate use of the data and the budgets add up.
    /// </summary>
    public PrivateTrainingData Prepare(IFeatureMap featureMap, Dataset train, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(train);
        train.RequireFits(featureMap.InputDimension, int.MaxValue, "the feature map");
        FeatureNormBound bound = Privacy.ClipFeatures ? FeatureNormBounds.ForFeatureClip(featureMap, Privacy.ClipNorm) : FeatureNormBounds.For(featureMap, Privacy.ClipNorm);
        var clipped = new ClippedFeatureMap(featureMap, bound);
        int[] privateRows, publicRows;
        if (Privacy.PublicValidation)
        {
            TrainingSplit split = TrainingSplit.Of(train, Ridge);
            (privateRows, publicRows) = (split.Train.Indices, split.Validation.Indices);
            if (publicRows.Length == 0)
            {
                throw new InputException(nameof(WholeSetPrivacyOptions.PublicValidationSplit), $"leaves no validation rows: {train.Name} has {train.Count} samples; fix λ instead.");
            }
        }
        else
        {
            privateRows = [.. Enumerable.Range(0, train.Count)];
            publicRows = [];
        }

        int p = featureMap.OutputDimension;
        if (privateRows.Length <= p)
        {
            throw new InputException($"{train.Name}: the privacy modes need more private training rows than features (n = {privateRows.Length} ≤ p = {p}).");
        }

        SufficientStatistics exact = FeaturePass.Accumulate(train, privateRows, clipped, Math.Max(1, Ridge.ChunkRows), progress, Ridge.Precision);
        return new PrivateTrainingData
        {
            PreparedWith = (Privacy, Ridge),
            Train = train,
            FeatureMap = featureMap,
            ClippedMap = clipped,
            Exact = exact,
            PrivateRows = privateRows,
            PublicRows = publicRows,
            ClassCounts = [.. exact.ClassCounts!],
            RowsClipped = bound.ClipsFeatures ? clipped.FeatureClips : clipped.InputClips,
            SafetyClips = bound.ClipsFeatures ? 0 : clipped.FeatureClips,
        };
    }

    /// <summary>
    /// One release from <paramref name="prepared"/> data: noise (seeded by <see cref="PrivacyOptions.NoiseSeed"/>, else
    /// from the operating system's generator), the released model, Algorithm 1, inversion, refit, and the test accuracy
    /// on <paramref name="test"/>. Each call spends the privacy budget of <see cref="Privacy"/> once more.
    /// </summary>
    public PrivateDistillResult Release(PrivateTrainingData prepared, Dataset test, IProgress<ProgressReport>? progress = null)
        => Release(prepared, test, null, progress);

    /// <summary>As <see cref="Release(PrivateTrainingData, Dataset, IProgress{ProgressReport}?)"/> with the noise drawn from <paramref name="noise"/>.</summary>
    internal PrivateDistillResult Release(PrivateTrainingData prepared, Dataset test, IGaussianNoise? noise, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(test);
        (PrivacyOptions privacy, KernelRidgeOptions ridge) = prepared.PreparedWith;
        if (privacy.Mode != Privacy.Mode || privacy.ClipNorm != Privacy.ClipNorm || privacy.ClipFeatures != Privacy.ClipFeatures
            || privacy.PublicValidation != Privacy.PublicValidation || ridge.Seed != Ridge.Seed || ridge.ValidationFraction != Ridge.ValidationFraction)
        {
            throw new ArgumentException("the data were prepared with another privacy mode, clip, public validation split or seed than this distiller's.", nameof(prepared));
        }

        Dataset train = prepared.Train;
        IFeatureMap featureMap = prepared.FeatureMap;
        Check(featureMap, train.Classes);
        noise ??= NoiseFor(Privacy);
        bool rows = Privacy.Mode == PrivacyMode.RowDp;
        var timer = new PhaseTimer();
        progress?.Report(new ProgressReport("privacy noise + model", 0));
        ReleasedModel released = rows
            ? ReleasedModel.ForRows(prepared, train, featureMap, Privacy, Distiller.ImagesPerClass, noise, new PhaseTimer())
            : ReleasedModel.ForWholeSet(prepared, train, featureMap, Ridge, Privacy, noise, new PhaseTimer());
        timer.Lap(rows ? "model (λ = 0)" : "noisy statistics + model");

        // Everything below is post-processing of the noisy release (whole-set) or Theorem 6.2's construction (row).
        progress?.Report(new ProgressReport("distill", 0));
        RidgeModel model = released.Model;
        var distiller = new AnalyticDistiller(Distiller with { Init = InitMode.Noise, Labels = rows ? LabelMode.OneHot : Distiller.Labels, LambdaS = rows ? 0 : Distiller.LambdaS });
        Targets targets = distiller.DistillTargets(model, null, released.Noise, timer);
        if (rows && !(targets.ErrorBeforeInversion <= RowDpRecoveryLimit))
        {
            throw new InputException($"row privacy: Theorem 6.2 needs σ = {F(released.Sigma)} here (σ_min(Φ) = {F(released.SmallestSingularValue ?? 0)}), so large against Y_S⁺W that the noise no longer cancels in double precision (‖W_S − W‖/‖W‖ = {targets.ErrorBeforeInversion:E1}); use whole-set privacy.");
        }

        DistilledSet set = distiller.Construct(targets, model, train.SourceName, progress, timer, method: "private").NamingClassesOf(train);
        Matrix distilled = set.Fit().Weights;
        double errorAfter = Matrix.RelativeError(distilled.Scaled(set.Result!.FeatureScale), model.Weights);
        timer.Lap("refit W_S");
        progress?.Report(new ProgressReport("test accuracy", 0));
        double[] accuracies = MultiModelEvaluator.Accuracies(test, featureMap, [model.Weights, distilled], Ridge.ChunkRows);
        timer.Lap("test accuracy (2 models)");
        var result = new PrivateDistillResult
        {
            Set = set,
            Mode = Privacy.Mode,
            Epsilon = Privacy.Epsilon,
            Delta = Privacy.Delta,
            Bound = prepared.ClippedMap.Bound,
            PrivateCount = prepared.PrivateCount,
            PublicValidationCount = prepared.PublicValidationCount,
            Sensitivity = released.Sensitivity,
            Sigma = released.Sigma,
            ReferenceSigma = released.ReferenceSigma,
            Sigma0 = released.Sigma0,
            SmallestSingularValue = released.SmallestSingularValue,
            Lambda = model.Lambda,
            LambdaRequested = released.LambdaRequested,
            NoiseEigenvalueScale = released.NoiseScale,
            LambdaSource = released.LambdaSource,
            NegativeEigenvalues = released.NegativeEigenvalues,
            ValidationCurve = model.FitResult!.ValidationCurve,
            Model = model.Weights,
            ModelTestAccuracy = accuracies[0],
            DistilledTestAccuracy = accuracies[1],
            ErrorBeforeInversion = targets.ErrorBeforeInversion,
            ErrorAfterInversion = errorAfter,
            FeatureScale = set.Result.FeatureScale,
            NoiseReproducible = noise.IsReproducible,
            Guarantee = released.Statement.Guarantee,
            Assumptions = released.Statement.Assumptions,
            NotCovered = released.Statement.NotCovered,
            RowsClipped = prepared.RowsClipped,
            SafetyClips = prepared.SafetyClips,
            Timings = timer.Phases,
        };

        // The set's metadata holds the privacy statement, which describes the whole release.
        set.Result.ExtraMeta = PrivacyMeta.For(result);
        set.Result.Timings = timer.Phases;
        return result;
    }

    private static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
