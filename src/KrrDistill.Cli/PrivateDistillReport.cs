using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.Privacy;
using static KrrDistill.Cli.SummaryTable;

namespace KrrDistill.Cli;

/// <summary>
/// What <c>krr-distill distill --privacy …</c> reports. The artefact's meta_json holds only what the guarantee
/// covers (everything derived from the noisy release, the settings and the test split); the count of clipped rows,
/// computed from the private data, goes to the data owner's metrics file and table only.
/// </summary>
internal sealed class PrivateDistillReport(DistillSettings settings, DatasetPair data, PrivateDistillResult result)
    : ArtefactReport(settings.Output, result.Set, null)
{
    protected override string Command => "distill";

    protected override void AddMetricsOnly(JsonObject metrics)
    {
        metrics["data_owner_only"] = new JsonObject
        {
            ["note"] = "computed from the private rows without noise: not covered by the guarantee, never written into the artefact",
            ["rows_clipped"] = result.RowsClipped,
        };
        metrics["safety_clips"] = result.SafetyClips;
    }

    public override void WriteTable(TextWriter stdout)
    {
        var table = new SummaryTable($"krr-distill distill --privacy {Mode}");
        void Row(string name, string value) => table.Row(name, value);
        Row("data set", $"{data.Train.Name}: {result.PrivateCount} private rows{(result.PublicValidationCount > 0 ? $" / {result.PublicValidationCount} public validation" : string.Empty)} / {data.Test.Count} test");
        Row("features", $"{settings.Fit.Features.ArtefactName()}, p = {result.Set.FeatureMap.OutputDimension}, seed {settings.Fit.Seed}");
        Row("distilled", $"m = {result.Set.Count} ({settings.Distiller.ImagesPerClass} per class), init noise");
        Row("privacy", $"({G(result.Epsilon)}, {G(result.Delta)})-DP, {(result.Mode == PrivacyMode.Dp ? "whole released set" : "each row of x_s (Theorem 6.2)")}");
        Row("clip B / feature bound C", $"{G(result.Bound.InputClip)} / {G(result.Bound.Bound)}");
        Row("rows clipped (owner only, not private)", $"{result.RowsClipped} of {result.PrivateCount}");
        Row(result.Mode == PrivacyMode.Dp ? "sensitivity Δ of (ΦᵀΦ, ΦᵀY)" : "row sensitivity max Δ_i", G(result.Sensitivity));
        Row("noise σ", $"{G(result.Sigma)}{Reference()}");
        if (result.Mode == PrivacyMode.RowDp)
        {
            Row("σ_min(Φ) / σ₀", $"{G(result.SmallestSingularValue ?? double.NaN)} / {G(result.Sigma0 ?? double.NaN)}");
        }
        else
        {
            Row("negative eigenvalues of G̃ (set to 0) / |min eig|", $"{result.NegativeEigenvalues} / {G(result.NoiseEigenvalueScale)}");
        }

        Row("λ / λ_S", $"{G(result.Lambda)} ({result.LambdaSource}) / {G(result.Set.LambdaS)}");
        string target = result.Mode == PrivacyMode.Dp ? "W̃" : "W";
        Row($"‖W_S − {target}‖/‖{target}‖ before / after inversion", $"{E(result.ErrorBeforeInversion)} / {E(result.ErrorAfterInversion)}");
        Row($"test accuracy: {(result.Mode == PrivacyMode.Dp ? "private model W̃" : "model W (not private)")}", Percent(result.ModelTestAccuracy));
        Row("test accuracy: distilled", Percent(result.DistilledTestAccuracy));
        Row("guarantee", result.Guarantee);
        foreach (string assumption in result.Assumptions)
        {
            Row("assumes", assumption);
        }

        foreach (string gap in result.NotCovered)
        {
            Row("not covered", gap);
        }

        table.TimingRows(Timings, TotalSeconds);
        Row("peak memory", $"{PeakMemoryMegabytes:F0} MB");
        Row("written", Written);
        table.Write(stdout);
    }

    private string Mode => result.Mode == PrivacyMode.Dp ? "dp" : "row-dp";

    private string Reference() => result.ReferenceSigma is { } r
        ? result.Mode == PrivacyMode.Dp ? $" (analytic Gaussian; classical Dwork–Roth would need {G(r)})" : $" (Theorem 6.2 as printed: {G(r)}; √2 larger for the cited mechanism)"
        : " (analytic Gaussian)";
}
