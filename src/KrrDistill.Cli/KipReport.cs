using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using static KrrDistill.Cli.SummaryTable;

namespace KrrDistill.Cli;

/// <summary>CLI only: what <c>krr-distill kip</c> prints: a table, or the metrics JSON with --json.</summary>
internal sealed class KipReport(KipSettings settings, DatasetPair data, KipResult result, DistillationComparison measured)
    : ArtefactReport(settings.Output, result.Set, measured)
{
    private readonly DistillationComparison _comparison = measured;
    private double TestAccuracy => _comparison.DistilledTestAccuracy;

    private double RealStartTestAccuracy => _comparison.RandomSubsetTestAccuracy;

    private double RealStartLambda => _comparison.RandomSubsetLambda;

    protected override string Command => "kip";

    public required double OptimizationSeconds { get; init; }

    /// <summary>setup + 30,000 × s/step, or null when no step ran.</summary>
    public double? ExtrapolatedPaperSeconds => result.StepsRun == 0 ? null : result.SetupSeconds + (KipCommand.PaperSteps * result.SecondsPerStep);



    public override void WriteTable(TextWriter stdout)
    {
        var table = new SummaryTable("krr-distill kip");
        void Row(string name, string value) => table.Row(name, value);
        Row("data set", $"{data.Train.Name}: {data.Train.Count} train (all rows, no split) / {data.Test.Count} test");
        Row("features", $"{settings.Fit.Features.ArtefactName()}, p = {result.Set.FeatureMap.OutputDimension}, seed {settings.Fit.Seed}");
        Row("KIP set", $"m = {result.Set.Count} ({settings.ImagesPerClass} per class), init real, λ_S = {G(result.LambdaS)}");
        Row("Adam", $"lr {G(settings.LearningRate)}, batch {BatchUsed}");
        string stopped = result.StoppedByTimeBudget ? $" (stopped by --time-budget {settings.TimeBudgetText})" : string.Empty;
        Row("steps run", $"{result.StepsRun} of {settings.Steps}{stopped}");
        if (result.Losses.Count > 0)
        {
            Row("batch loss: first → last step", $"{G(result.Losses[0])} → {G(result.Losses[^1])}");
        }

        Row("test accuracy: KIP set", Percent(TestAccuracy));
        Row("test accuracy: real start, one-hot labels", $"{Percent(RealStartTestAccuracy)} (λ = {G(RealStartLambda)})");
        table.TimingRows(Timings, TotalSeconds);
        Row("time: per step", result.StepsRun == 0 ? "n/a" : $"{result.SecondsPerStep:F4} s");
        Row($"extrapolation: {KipCommand.PaperSteps:N0} steps (paper)", ExtrapolatedPaperSeconds is { } x
            ? $"≈ {x:F0} s = setup + {KipCommand.PaperSteps:N0} × s/step (extrapolated, not run)"
            : "n/a (no step ran)");
        Row("peak memory", $"{PeakMemoryMegabytes:F0} MB");
        Row("written", Written);
        table.Write(stdout);
    }

    private int BatchUsed => Math.Min(settings.BatchSize, data.Train.Count);

    protected override void AddMetricsOnly(JsonObject metrics) => metrics.Then(new JsonObject
    {
        ["split"] = "none (all training rows, as the paper's KIP)",
        ["steps"] = settings.Steps,
        ["steps_run"] = result.StepsRun,
        ["stopped_by_time_budget"] = result.StoppedByTimeBudget,
        ["time_budget_seconds"] = settings.TimeBudget?.TotalSeconds,
        ["batch_size_used"] = BatchUsed,
        ["first_batch_loss"] = result.Losses.Count == 0 ? null : Finite(result.Losses[0]),
        ["setup_seconds"] = Math.Round(result.SetupSeconds, 4),
        ["optimization_seconds"] = Math.Round(OptimizationSeconds, 4),
        ["seconds_per_step"] = result.StepsRun == 0 ? null : result.SecondsPerStep,
        ["paper_steps"] = KipCommand.PaperSteps,
        ["extrapolated_paper_seconds"] = ExtrapolatedPaperSeconds is { } x ? Math.Round(x, 1) : null,
        ["extrapolated_paper_seconds_formula"] = "setup_seconds + paper_steps * seconds_per_step (extrapolation, not measured)",
        ["n_train"] = data.Train.Count,
    });

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
