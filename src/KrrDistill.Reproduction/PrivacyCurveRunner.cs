using System.Diagnostics;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Privacy;
using KrrDistill.Ridge;

using static KrrDistill.Reproduction.ReportFormat;

namespace KrrDistill.Reproduction;

/// <summary>
/// The test accuracy of privately distilled sets against the privacy budget ε (docs/privacy.md): for each feature
/// map, whole-set (ε, δ)-DP with feature clipping, with input clipping and the derived bound (maps other than
/// identity and rff, for which the two coincide or need no clip), and Theorem 6.2's row-dp at ε &lt; 1, beside the
/// non-private fit. The private rows are prepared (clipped, exact statistics) once per feature map and clip space;
/// each (ε, noise seed) is then one cheap release. The noise is seeded only so that the experiment can be
/// reproduced; a real release draws it from the operating system's generator.
/// </summary>
public static class PrivacyCurveRunner
{
    private const int Depth = 1;
    private const double RffSigma2 = 1000.0;

    /// <summary>
    /// Loads <see cref="PrivacyCurveOptions.Dataset"/> and runs the curve. Throws <see cref="InputException"/> for
    /// bad options and <see cref="DataFormatException"/> naming a data set that is not found, both before any work.
    /// </summary>
    public static PrivacyCurveResult Run(PrivacyCurveOptions options, IProgress<ReproductionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var total = Stopwatch.StartNew();
        DatasetPair data = DatasetCatalog.Load(options.Dataset, options.DataDirectory);
        double loadSeconds = total.Elapsed.TotalSeconds;
        progress?.Report(new ReproductionProgress(0, CellCount(options), $"loaded {options.Dataset}: {data.Train.Count} train / {data.Test.Count} test, d = {data.Train.Dimension}, k = {data.Train.Classes} ({F(loadSeconds, 1)} s)"));
        return RunOn(data, options.Dataset, options, progress, total, loadSeconds);
    }

    /// <summary>
    /// Runs the curve on data already in memory (<see cref="PrivacyCurveOptions.Dataset"/> and
    /// <see cref="PrivacyCurveOptions.DataDirectory"/> are not used); <paramref name="name"/> labels the report.
    /// </summary>
    public static PrivacyCurveResult Run(DatasetPair data, string name, PrivacyCurveOptions options,
        IProgress<ReproductionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        (options with { Dataset = DatasetCatalog.Names[0] }).Validate();
        return RunOn(data, name, options, progress, Stopwatch.StartNew(), 0);
    }

    private static PrivacyCurveResult RunOn(DatasetPair data, string name, PrivacyCurveOptions options,
        IProgress<ReproductionProgress>? progress, Stopwatch total, double loadSeconds)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow - total.Elapsed;
        Dataset train = data.Train;
        int k = train.Classes;
        double[] epsilons = [.. options.Epsilons.Order()];
        double[] rowEpsilons = [.. epsilons.Where(e => e < 1)];
        var fitOptions = new KernelRidgeOptions { Seed = options.Seed };

        // Maps and the dp settings are checked before any work, so a bad setting fails fast.
        var maps = options.Features.Select(kind => FeatureMap.Create(Enum.Parse<FeatureKind>(kind, ignoreCase: true), train.Dimension, new FeatureMapOptions { Depth = Depth, RffSigma2 = RffSigma2, Seed = options.Seed })).ToList();
        var plan = new List<(IFeatureMap Map, PrivacyCurveConfiguration Configuration)>();
        foreach (IFeatureMap map in maps)
        {
            plan.Add((map, PrivacyCurveConfiguration.DpFeatureClip));
            if (map.Kind is not (FeatureKind.Identity or FeatureKind.Rff))
            {
                plan.Add((map, PrivacyCurveConfiguration.DpInputClip));
            }
        }

        foreach ((IFeatureMap map, PrivacyCurveConfiguration configuration) in plan)
        {
            DpDistiller(options, fitOptions, configuration, epsilons[0]).Check(map, k);
        }

        var state = new ProgressCounter(CellCount(options), progress);
        var references = new List<PrivacyCurveReference>();
        var columns = new List<PrivacyCurveColumn>();
        double referenceSeconds = 0, prepareSeconds = 0, releaseSeconds = 0;
        int releases = 0;
        long privateCount = 0;
        int publicCount = 0;
        foreach (IFeatureMap map in maps)
        {
            var clock = Stopwatch.StartNew();
            RidgeModel fit = new KernelRidge(map, fitOptions).Fit(train);
            double referenceAccuracy = fit.Accuracy(data.Test, fitOptions.ChunkRows);
            var reference = new PrivacyCurveReference(map.Kind.ArtefactName(), fit.Lambda, referenceAccuracy, (int)fit.FitResult!.TrainCount, fit.FitResult.ValidationCount, clock.Elapsed.TotalSeconds);
            references.Add(reference);
            referenceSeconds += reference.Seconds;
            state.Report($"{map.Kind.ArtefactName()} non-private: {Percent(referenceAccuracy)} % (λ = {G(reference.Lambda)}, {F(reference.Seconds, 1)} s)", done: true);

            foreach ((IFeatureMap _, PrivacyCurveConfiguration configuration) in plan.Where(c => c.Map == map))
            {
                PrivateDistiller distiller = DpDistiller(options, fitOptions, configuration, epsilons[0]);
                clock.Restart();
                PrivateTrainingData prepared = distiller.Prepare(map, train);
                double prepare = clock.Elapsed.TotalSeconds;
                prepareSeconds += prepare;
                privateCount = prepared.PrivateCount;
                publicCount = prepared.PublicValidationCount;
                string label = $"{map.Kind.ArtefactName()}: {PrivacyCurveColumn.ConfigurationLabel(configuration)}";
                state.Report($"{label}: prepared {prepared.PrivateCount} private rows, C = {G(prepared.Bound.Bound)} ({F(prepare, 1)} s)", done: false);
                var row = new List<PrivacyCurveCell>();
                foreach (double epsilon in epsilons)
                {
                    PrivacyCurveCell cell = ReleaseCell(prepared, data, distiller, epsilon, options.NoiseSeeds);
                    row.Add(cell);
                    releaseSeconds += cell.Seconds;
                    releases += cell.Runs.Count;
                    state.Report($"{label} ε = {G(epsilon)}: distilled {Percent(cell.DistilledAccuracyMean)} ± {Percent(cell.DistilledAccuracyStd)} % (W̃ {Percent(cell.ModelAccuracyMean)} %), σ = {G(cell.Sigma)}, λ = {string.Join(", ", cell.Runs.Select(r => G(r.Lambda)))} ({F(cell.Seconds, 1)} s)", done: true);
                }

                columns.Add(new PrivacyCurveColumn
                {
                    Features = map.Kind.ArtefactName(),
                    Configuration = configuration,
                    Bound = prepared.Bound,
                    PrivateCount = prepared.PrivateCount,
                    PublicValidationCount = prepared.PublicValidationCount,
                    PrepareSeconds = prepare,
                    Cells = row,
                });
            }

            if (rowEpsilons.Length > 0)
            {
                (PrivacyCurveColumn column, double prepare) = RowDp(data, map, options, fitOptions, rowEpsilons, state);
                columns.Add(column);
                prepareSeconds += prepare;
                releaseSeconds += column.Cells.Sum(c => c.Seconds);
                releases += column.Cells.Sum(c => c.Runs.Count);
            }
        }

        var dpColumns = columns.Where(c => c.Configuration != PrivacyCurveConfiguration.RowDp).ToList();
        return new PrivacyCurveResult
        {
            Options = options,
            Dataset = new DatasetSummary(name, train.Count, data.Test.Count, train.Dimension, k, loadSeconds),
            Epsilons = epsilons,
            SplitSeed = fitOptions.SplitSeed,
            PrivateCount = privateCount,
            PublicValidationCount = publicCount,
            Machine = MachineInfo.Current(),
            StartedUtc = started,
            TotalSeconds = total.Elapsed.TotalSeconds,
            ReferenceSeconds = referenceSeconds,
            PrepareSeconds = prepareSeconds,
            ReleaseSeconds = releaseSeconds,
            ReleaseCount = releases,
            References = references,
            Columns = [.. dpColumns, .. columns.Where(c => c.Configuration == PrivacyCurveConfiguration.RowDp)],
        };
    }

    /// <summary>Progress units: one per reference fit and one per (configuration, ε) cell.</summary>
    private static int CellCount(PrivacyCurveOptions options)
    {
        int epsilons = options.Epsilons.Count, rowEpsilons = options.Epsilons.Count(e => e < 1);
        return options.Features.Sum(kind => 1 + (epsilons * (kind is "identity" or "rff" ? 1 : 2)) + rowEpsilons);
    }

    /// <summary>
    /// Row-dp (Theorem 6.2) at each ε &lt; 1: every training row private, λ = λ_S = 0. Where the library refuses
    /// (e.g. σ_min(Φ) = 0), the cell records its reason instead of failing the curve.
    /// </summary>
    private static (PrivacyCurveColumn Column, double PrepareSeconds) RowDp(DatasetPair data, IFeatureMap map, PrivacyCurveOptions options,
        KernelRidgeOptions fitOptions, double[] epsilons, ProgressCounter state)
    {
        var distiller = new PrivateDistiller(
            new RowPrivacyOptions { Epsilon = epsilons[0], Delta = options.Delta },
            new DistillerOptions { ImagesPerClass = options.ImagesPerClass, Init = InitMode.Noise, LambdaS = 0, Seed = options.Seed },
            fitOptions with { Lambda = 0 });
        string label = $"{map.Kind.ArtefactName()}: {PrivacyCurveColumn.ConfigurationLabel(PrivacyCurveConfiguration.RowDp)}";
        var clock = Stopwatch.StartNew();
        PrivateTrainingData prepared;
        try
        {
            distiller.Check(map, data.Train.Classes);
            prepared = distiller.Prepare(map, data.Train);
        }
        catch (InputException e)
        {
            var failed = epsilons.Select(epsilon => new PrivacyCurveCell { Epsilon = epsilon, Runs = [], Failure = e.Message }).ToList();
            foreach (PrivacyCurveCell cell in failed)
            {
                state.Report($"{label} ε = {G(cell.Epsilon)}: does not apply: {e.Message}", done: true);
            }

            return (new PrivacyCurveColumn
            {
                Features = map.Kind.ArtefactName(),
                Configuration = PrivacyCurveConfiguration.RowDp,
                Bound = null,
                PrivateCount = 0,
                PublicValidationCount = 0,
                PrepareSeconds = clock.Elapsed.TotalSeconds,
                Cells = failed,
            }, clock.Elapsed.TotalSeconds);
        }

        double prepare = clock.Elapsed.TotalSeconds;
        var cells = new List<PrivacyCurveCell>();
        foreach (double epsilon in epsilons)
        {
            PrivacyCurveCell cell;
            try
            {
                cell = ReleaseCell(prepared, data, distiller, epsilon, options.NoiseSeeds);
                state.Report($"{label} ε = {G(epsilon)}: distilled {Percent(cell.DistilledAccuracyMean)} % (W = YΦ⁺ {Percent(cell.ModelAccuracyMean)} %), σ = {G(cell.Sigma)}, σ₀ = {G(cell.Runs[0].Sigma0 ?? double.NaN)}, error ≤ {E(cell.MaxRelativeError)} ({F(cell.Seconds, 1)} s)", done: true);
            }
            catch (InputException e)
            {
                cell = new PrivacyCurveCell { Epsilon = epsilon, Runs = [], Failure = e.Message };
                state.Report($"{label} ε = {G(epsilon)}: does not apply: {e.Message}", done: true);
            }

            cells.Add(cell);
        }

        return (new PrivacyCurveColumn
        {
            Features = map.Kind.ArtefactName(),
            Configuration = PrivacyCurveConfiguration.RowDp,
            Bound = prepared.Bound,
            PrivateCount = prepared.PrivateCount,
            PublicValidationCount = prepared.PublicValidationCount,
            PrepareSeconds = prepare,
            Cells = cells,
        }, prepare);
    }

    /// <summary>One release per noise seed at <paramref name="epsilon"/> from the shared preparation.</summary>
    private static PrivacyCurveCell ReleaseCell(PrivateTrainingData prepared, DatasetPair data, PrivateDistiller distiller,
        double epsilon, IReadOnlyList<int> noiseSeeds)
    {
        var runs = new List<PrivacyCurveRun>(noiseSeeds.Count);
        foreach (int seed in noiseSeeds)
        {
            var release = new PrivateDistiller(distiller.Privacy with { Epsilon = epsilon, NoiseSeed = seed }, distiller.Distiller, distiller.Ridge);
            var clock = Stopwatch.StartNew();
            PrivateDistillResult result = release.Release(prepared, data.Test);
            runs.Add(new PrivacyCurveRun
            {
                NoiseSeed = seed,
                Sigma = result.Sigma,
                Sensitivity = result.Sensitivity,
                ReferenceSigma = result.ReferenceSigma,
                Sigma0 = result.Sigma0,
                SmallestSingularValue = result.SmallestSingularValue,
                Lambda = result.Lambda,
                LambdaS = result.Set.LambdaS,
                NegativeEigenvalues = result.NegativeEigenvalues,
                ModelTestAccuracy = result.ModelTestAccuracy,
                DistilledTestAccuracy = result.DistilledTestAccuracy,
                RelativeError = result.ErrorAfterInversion,
                Seconds = clock.Elapsed.TotalSeconds,
            });
        }

        return new PrivacyCurveCell { Epsilon = epsilon, Runs = runs };
    }

    /// <summary>Whole-set dp: λ chosen on the validation split declared public, the clip of the configuration.</summary>
    private static PrivateDistiller DpDistiller(PrivacyCurveOptions options, KernelRidgeOptions fitOptions, PrivacyCurveConfiguration configuration, double epsilon) => new(
        new WholeSetPrivacyOptions
        {
            Epsilon = epsilon,
            Delta = options.Delta,
            ClipFeatures = configuration == PrivacyCurveConfiguration.DpFeatureClip,
            PublicValidationSplit = true,
        },
        new DistillerOptions { ImagesPerClass = options.ImagesPerClass, Init = InitMode.Noise, LambdaS = null, Seed = options.Seed },
        fitOptions);

}
