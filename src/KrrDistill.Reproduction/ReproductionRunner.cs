using System.Diagnostics;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Output.Images;
using KrrDistill.Ridge;

using static KrrDistill.Reproduction.ReportFormat;

namespace KrrDistill.Reproduction;

/// <summary>
/// Reproduces the paper's Table 3 (original vs distilled accuracy for identity, FCNN and RFF features at
/// IPC 1, 10, 50) or Table 4 (the closed form against KIP with FCNN features, over several seeds) on this
/// machine (docs/theory.md §6). Each data set is loaded once. Every closed-form cell runs
/// the library chain (KernelRidge, AnalyticDistiller, DistillationComparison) from the start, so each cell's time covers
/// the whole pipeline: fit with the λ sweep, Algorithm 1, inversion, refit and test accuracy.
/// </summary>
public static class ReproductionRunner
{
    private const double RffSigma2 = 1000.0;
    private const int Depth = 1;
    private const int GridImagesPerClass = 10;

    /// <summary>
    /// Runs the table chosen in <paramref name="options"/>. Throws <see cref="InputException"/> for bad options and
    /// <see cref="DataFormatException"/> naming a data set that is not found, both before any work.
    /// </summary>
    public static ReproductionResult Run(ReproductionOptions options, IProgress<ReproductionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RequireAvailable(options);

        var total = Stopwatch.StartNew();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        bool perRun = ProcessMemory.TryResetPeak();
        int runs = options.Datasets.Count * ReproductionOptions.ImagesPerClassValues.Count
            * (options.Table == 3 ? ReproductionOptions.Table3Features.Count : options.Seeds.Count);
        var state = new ProgressCounter(runs, progress);
        var datasets = new List<DatasetSummary>();
        var table3 = new List<Table3Cell>();
        var table4 = new List<Table4Cell>();
        var grids = new List<GridImage>();
        foreach (string name in options.Datasets)
        {
            var load = Stopwatch.StartNew();
            DatasetPair data = DatasetCatalog.Load(name, options.DataDirectory);
            var summary = new DatasetSummary(name, data.Train.Count, data.Test.Count, data.Train.Dimension, data.Train.Classes, load.Elapsed.TotalSeconds);
            datasets.Add(summary);
            state.Report($"loaded {name}: {summary.TrainCount} train / {summary.TestCount} test, d = {summary.Dimension}, k = {summary.Classes} ({F(summary.LoadSeconds, 1)} s)", done: false);
            if (options.Table == 3)
            {
                RunTable3(name, data, state, table3, grids);
            }
            else
            {
                RunTable4(name, data, options, state, table4, grids);
            }
        }

        return new ReproductionResult
        {
            Options = options,
            Machine = MachineInfo.Current(),
            StartedUtc = started,
            TotalSeconds = total.Elapsed.TotalSeconds,
            PeakMemoryPerRun = perRun,
            Datasets = datasets,
            Table3 = table3,
            Table4 = table4,
            Grids = grids,
        };
    }

    private static void RunTable3(string name, DatasetPair data, ProgressCounter state, List<Table3Cell> cells, List<GridImage> grids)
    {
        const int Seed = 0;
        foreach (string features in ReproductionOptions.Table3Features)
        {
            IFeatureMap map = FeatureMap.Create(Enum.Parse<FeatureKind>(features, ignoreCase: true), data.Train.Dimension, new FeatureMapOptions { Depth = Depth, RffSigma2 = RffSigma2, Seed = Seed });
            foreach (int ipc in ReproductionOptions.ImagesPerClassValues)
            {
                (ClosedFormRun run, double seconds, double peak) = ClosedForm(data, map, ipc, Seed);
                var cell = new Table3Cell
                {
                    Dataset = name,
                    Features = features,
                    ImagesPerClass = ipc,
                    Lambda = run.Model.Lambda,
                    OriginalAccuracy = run.Comparison.OriginalTestAccuracy,
                    DistilledAccuracy = run.Comparison.DistilledTestAccuracy,
                    RandomSubsetAccuracy = run.Comparison.RandomSubsetTestAccuracy,
                    ErrorBeforeInversion = run.Set.Result!.ErrorBeforeInversion,
                    ErrorAfterInversion = run.Comparison.RelativeError,
                    Seconds = seconds,
                    PeakMemoryMegabytes = peak,
                };
                cells.Add(cell);
                if (features == "fcnn" && ipc == GridImagesPerClass)
                {
                    grids.Add(new GridImage($"{name}-fcnn-ipc{ipc}.png", $"{PaperTables.DisplayName(name)}, FCNN, IPC {ipc}, closed form (noise init, λ_S = 0)", run.Set, ClassNames.For(name, run.Set.Classes)));
                }

                state.Report($"{name} {features} IPC {ipc}: original {Percent(cell.OriginalAccuracy)} %, distilled {Percent(cell.DistilledAccuracy)} %, error {E(cell.ErrorAfterInversion)}, {F(seconds, 1)} s, {F(peak, 0)} MB", done: true);
            }
        }
    }

    private static void RunTable4(string name, DatasetPair data, ReproductionOptions options, ProgressCounter state, List<Table4Cell> cells, List<GridImage> grids)
    {
        foreach (int ipc in ReproductionOptions.ImagesPerClassValues)
        {
            var runs = new List<Table4Run>();
            foreach (int seed in options.Seeds)
            {
                IFeatureMap map = FeatureMap.Fcnn(data.Train.Dimension, depth: Depth, seed: seed);
                (ClosedFormRun ours, double oursSeconds, double oursPeak) = ClosedForm(data, map, ipc, seed);

                ProcessMemory.TryResetPeak();
                var clock = Stopwatch.StartNew();
                var kipOptions = new KipOptions { ImagesPerClass = ipc, Steps = options.KipSteps, LearningRate = options.KipLearningRate, BatchSize = options.KipBatchSize, Seed = seed };
                KipResult kip = new KipDistiller(kipOptions).Distill(map, data.Train);

                double kipAccuracy = kip.Set.Fit().Accuracy(data.Test);
                double kipSeconds = clock.Elapsed.TotalSeconds;
                double kipPeak = ProcessMemory.PeakMegabytes();

                var run = new Table4Run
                {
                    Seed = seed,
                    OursAccuracy = ours.Comparison.DistilledTestAccuracy,
                    OursError = ours.Comparison.RelativeError,
                    OursSeconds = oursSeconds,
                    KipAccuracy = kipAccuracy,
                    KipSteps = kip.StepsRun,
                    KipSeconds = kipSeconds,
                    KipSetupSeconds = kip.SetupSeconds,
                    KipSecondsPerStep = kip.SecondsPerStep,
                    KipExtrapolatedSeconds = kip.SetupSeconds + (options.PaperKipSteps * kip.SecondsPerStep),
                    PeakMemoryMegabytes = Math.Max(oursPeak, kipPeak),
                };
                runs.Add(run);
                if (ipc == GridImagesPerClass && seed == options.Seeds[0])
                {
                    grids.Add(new GridImage($"{name}-ours-ipc{ipc}-seed{seed}.png", $"{PaperTables.DisplayName(name)}, FCNN, IPC {ipc}, seed {seed}: closed form (noise init, λ_S = 0)", ours.Set, ClassNames.For(name, ours.Set.Classes)));
                    grids.Add(new GridImage($"{name}-kip-ipc{ipc}-seed{seed}.png", $"{PaperTables.DisplayName(name)}, FCNN, IPC {ipc}, seed {seed}: KIP after {kip.StepsRun} steps (real init shown above)", kip.Set, ClassNames.For(name, kip.Set.Classes)));
                }

                state.Report($"{name} IPC {ipc} seed {seed}: ours {Percent(run.OursAccuracy)} % in {F(oursSeconds, 1)} s; KIP {Percent(kipAccuracy)} % after {kip.StepsRun} steps in {F(kipSeconds, 1)} s ({F(kip.SecondsPerStep, 3)} s/step, 30000 steps ≈ {F(run.KipExtrapolatedSeconds, 0)} s extrapolated)", done: true);
            }

            cells.Add(new Table4Cell { Dataset = name, ImagesPerClass = ipc, Runs = runs });
        }
    }

    /// <summary>One closed-form run (noise init, λ_S = 0, the paper's default config), timed, with its peak memory.</summary>
    private static (ClosedFormRun Run, double Seconds, double PeakMegabytes) ClosedForm(DatasetPair data, IFeatureMap map, int ipc, int seed)
    {
        ProcessMemory.TryResetPeak();
        var clock = Stopwatch.StartNew();
        RidgeModel model = new KernelRidge(map, new KernelRidgeOptions { Seed = seed }).Fit(data.Train);
        DistilledSet set = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = ipc, LambdaS = 0, Seed = seed }).Distill(model, data.Train);
        DistillationComparison comparison = DistillationComparison.Run(model, set, data.Test, data.Train);
        double seconds = clock.Elapsed.TotalSeconds;
        return (new ClosedFormRun(model, set, comparison), seconds, ProcessMemory.PeakMegabytes());
    }

    /// <summary>The original model, its distilled set and their comparison.</summary>
    private sealed record ClosedFormRun(RidgeModel Model, DistilledSet Set, DistillationComparison Comparison);

    /// <summary>Fails before any work when a data set is not found, naming it and where it was looked for.</summary>
    private static void RequireAvailable(ReproductionOptions options)
    {
        IReadOnlyList<DatasetAvailability> probe = DatasetCatalog.Probe(options.DataDirectory);
        foreach (string name in options.Datasets)
        {
            DatasetAvailability? found = probe.FirstOrDefault(a => a.Name == name);
            if (found is { Found: false })
            {
                throw new DataFormatException($"data set '{name}' not found; searched {string.Join("; ", found.Searched)}. To get it: {found.HowToGet}");
            }
        }
    }

}

/// <summary>Progress of <see cref="ReproductionRunner.Run"/>: one report per finished cell (and one per data set loaded).</summary>
/// <param name="Done">Runs finished so far.</param>
/// <param name="Total">Runs in the whole reproduction.</param>
/// <param name="Message">What just finished, with its headline numbers.</param>
public sealed record ReproductionProgress(int Done, int Total, string Message);

/// <summary>Counts the finished cells of a reproduction and reports them.</summary>
internal sealed class ProgressCounter(int total, IProgress<ReproductionProgress>? progress)
{
    private int _done;

    public void Report(string message, bool done)
    {
        if (done)
        {
            _done++;
        }

        progress?.Report(new ReproductionProgress(_done, total, message));
    }
}
