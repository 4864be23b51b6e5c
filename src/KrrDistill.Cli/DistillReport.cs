using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using static KrrDistill.Cli.SummaryTable;

namespace KrrDistill.Cli;

/// <summary>CLI only: what <c>krr-distill distill</c> prints: a table, or the metrics JSON with --json.</summary>
internal sealed class DistillReport(DistillSettings settings, DatasetPair data, RidgeModel original, DistilledSet distilled, DistillationComparison measured)
    : ArtefactReport(settings.Output, distilled, measured)
{
    private readonly DistilledSet _set = distilled;
    private readonly DistillationComparison _comparison = measured;
    private readonly RidgeFitResult _fit = original.FitResult!;
    private readonly DistillationResult _result = distilled.Result!;

    protected override string Command => "distill";

    public override void WriteTable(TextWriter stdout)
    {
        var table = new SummaryTable("krr-distill distill");
        void Row(string name, string value) => table.Row(name, value);
        Row("data set", $"{data.Train.Name}: {_fit.TrainCount} train / {_fit.ValidationCount} validation / {data.Test.Count} test");
        Row("features", $"{_set.FeatureMap.Kind.ArtefactName()}, p = {_set.FeatureMap.OutputDimension}, seed {_result.Options?.Seed ?? settings.Fit.Seed}{(_fit.Precision == Precision.Single ? ", single-precision statistics" : "")}");
        Row("distilled", $"m = {_set.Count} ({settings.Distiller.ImagesPerClass} per class), {_result.Method}, init {settings.Distiller.Init.Name()}, labels {_result.LabelKind}");
        Row("λ (original) / λ_S", $"{G(original.Lambda)} / {G(_set.LambdaS)}{(_result.LambdaCapped ? $" (capped from {G(_result.RequestedLambdaS)}, Theorem 4.1)" : string.Empty)}");
        Row("‖W_S − W‖/‖W‖ before inversion", E(_result.ErrorBeforeInversion));
        Row("‖W_S − W‖/‖W‖ after inversion", E(_comparison.RelativeError) + (_result.FeatureScale != 1 ? $" (W_S scaled by {G(_result.FeatureScale)})" : string.Empty));
        if (_result.InversionRoutes.Count > 0)
        {
            Row("inversion (per layer)", string.Join(", ", _result.InversionRoutes.Select(r => r == LinearSolveRoute.Svd ? "SVD (rank-deficient layer)" : r.ToString().ToUpperInvariant())));
        }

        if (_set.Pixels is { } pixels)
        {
            Row("distilled pixels", PixelSummary(pixels));
        }

        Row("cosine(W_S, W)", _comparison.Cosine.ToString("F12", CultureInfo.InvariantCulture));
        Row("feature reconstruction error", E(_comparison.FeatureReconstructionError));
        Row("test accuracy: original", Percent(_comparison.OriginalTestAccuracy));
        Row("test accuracy: distilled", Percent(_comparison.DistilledTestAccuracy));
        Row("test accuracy: random real subset", Percent(_comparison.RandomSubsetTestAccuracy));
        Row("test accuracy: label distillation (Thm 4.2)", $"{Percent(_comparison.LabelDistilledTestAccuracy)} (‖W_L − W‖/‖W‖ = {E(_comparison.LabelDistilledError)})");
        table.TimingRows(Timings, TotalSeconds);
        Row("peak memory", $"{PeakMemoryMegabytes:F0} MB");
        Row("written", Written);
        table.Write(stdout);
    }

    /// <summary>"−312 … 580 (0–255 scale), 41.2 % outside 0–255; 5.3× the starting images' norm away from them".</summary>
    internal static string PixelSummary(PixelRange pixels)
        => FormattableString.Invariant($"{pixels.Minimum:F0} … {pixels.Maximum:F0} (0–255 scale), {100 * pixels.FractionOutside:F1} % outside 0–255")
            + (pixels.DistanceToInitial is { } distance ? FormattableString.Invariant($"; {distance:G3}× the starting images' norm away from them") : "");
}
