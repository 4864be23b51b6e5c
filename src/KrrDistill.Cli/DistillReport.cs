using System.Globalization;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.LinearAlgebra;

using static KrrDistill.Cli.SummaryTable;

namespace KrrDistill.Cli;

/// <summary>What <c>krr-distill distill</c> reports: a table, the metrics JSON (also on stdout with --json) and the artefact's meta_json.</summary>
internal sealed class DistillReport(DistillSettings settings, ILinearAlgebraBackend backend, DatasetPair data, DistillRunResult result)
    : ArtefactReport(backend, settings.Output, settings.Fit.Dataset)
{
    public override void WriteTable(TextWriter stdout)
    {
        var table = new SummaryTable("krr-distill distill");
        void Row(string name, string value) => table.Row(name, value);
        Row("data set", $"{data.Train.Name}: {result.Fit.TrainCount} train / {result.Fit.ValidationCount} validation / {data.Test.Count} test");
        Row("features", $"{settings.Fit.Features}, p = {result.Set.FeatureMap.OutputDimension}, seed {settings.Fit.Seed}");
        Row("distilled", $"m = {result.Set.Count} ({settings.ImagesPerClass} per class), {result.Method}, init {settings.Init}, labels {result.LabelKind}");
        Row("λ (original) / λ_S", $"{G(result.Fit.Model.Lambda)} / {G(result.Set.LambdaS)}{(result.LambdaCapped ? $" (capped from {G(result.RequestedLambdaS)}, Theorem 4.1)" : string.Empty)}");
        Row("‖W_S − W‖/‖W‖ before inversion", E(result.ErrorBeforeInversion));
        Row("‖W_S − W‖/‖W‖ after inversion", E(result.ErrorAfterInversion) + (result.FeatureScale != 1 ? $" (W_S scaled by {G(result.FeatureScale)})" : string.Empty));
        Row("cosine(W_S, W)", result.Cosine.ToString("F12", CultureInfo.InvariantCulture));
        Row("feature reconstruction error", E(result.FeatureReconstructionError));
        Row("test accuracy: original", Percent(result.OriginalTestAccuracy));
        Row("test accuracy: distilled", Percent(result.DistilledTestAccuracy));
        Row("test accuracy: random real subset", Percent(result.RandomSubsetTestAccuracy));
        Row("test accuracy: label distillation (Thm 4.2)", $"{Percent(result.LabelDistilledTestAccuracy)} (‖W_L − W‖/‖W‖ = {E(result.LabelDistilledError)})");
        table.TimingRows(Timings, TotalSeconds);
        Row("peak memory", $"{PeakMemoryMegabytes:F0} MB");
        Row("written", Written);
        table.Write(stdout);
    }

    protected override JsonObject Core() => settings.Fit.ModelJson("distill", result.Set.FeatureMap.OutputDimension).Then(new()
    {
        ["ipc"] = settings.ImagesPerClass,
        ["m"] = result.Set.Count,
        ["init"] = settings.Init,
        ["method"] = result.Method,
        ["labels"] = result.LabelKind,
        ["lambda"] = result.Fit.Model.Lambda,
        ["lambda_s"] = result.Set.LambdaS,
        ["lambda_s_requested"] = result.RequestedLambdaS,
        ["lambda_s_capped"] = result.LambdaCapped,
        ["root"] = settings.Root,
        ["relative_error_before_inversion"] = result.ErrorBeforeInversion,
        ["relative_error_after_inversion"] = result.ErrorAfterInversion,
        ["cosine"] = result.Cosine,
        ["feature_reconstruction_error"] = result.FeatureReconstructionError,
        ["feature_scale"] = result.FeatureScale,
        ["original_test_accuracy"] = result.OriginalTestAccuracy,
        ["distilled_test_accuracy"] = result.DistilledTestAccuracy,
        ["random_subset_test_accuracy"] = result.RandomSubsetTestAccuracy,
        ["label_distilled_test_accuracy"] = result.LabelDistilledTestAccuracy,
        ["label_distilled_relative_error"] = result.LabelDistilledError,
        ["validation_accuracy"] = double.IsNaN(result.Fit.ValidationAccuracy) ? null : result.Fit.ValidationAccuracy,
        ["n_train"] = result.Fit.TrainCount,
        ["n_test"] = data.Test.Count,
    });
}
