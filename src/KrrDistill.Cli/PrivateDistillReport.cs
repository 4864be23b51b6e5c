using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.LinearAlgebra;
using KrrDistill.Privacy;

using static KrrDistill.Cli.SummaryTable;

namespace KrrDistill.Cli;

/// <summary>
/// What <c>krr-distill distill --privacy …</c> reports. The artefact's meta_json holds only what the guarantee
/// covers (everything derived from the noisy release, the settings and the test split); the count of clipped rows,
/// computed from the private data, goes to the data owner's metrics file and table only.
/// </summary>
internal sealed class PrivateDistillReport(DistillSettings settings, ILinearAlgebraBackend backend, DatasetPair data, PrivateDistillResult result)
    : ArtefactReport(backend, settings.Output, settings.Fit.Dataset)
{
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
        Row("features", $"{settings.Fit.Features}, p = {result.Set.FeatureMap.OutputDimension}, seed {settings.Fit.Seed}");
        Row("distilled", $"m = {result.Set.Count} ({settings.ImagesPerClass} per class), init noise");
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

    protected override JsonObject Core() => settings.Fit.ModelJson("distill", result.Set.FeatureMap.OutputDimension).Then(new()
    {
        ["ipc"] = settings.ImagesPerClass,
        ["m"] = result.Set.Count,
        ["init"] = "noise",
        ["lambda"] = result.Lambda,
        ["lambda_s"] = result.Set.LambdaS,
        ["privacy"] = new JsonObject
        {
            ["mode"] = Mode,
            ["epsilon"] = result.Epsilon,
            ["delta"] = result.Delta,
            ["neighbouring"] = result.Mode == PrivacyMode.Dp ? "replace one training row (input and label)" : "replace one training input (label unchanged)",
            ["protects"] = result.Mode == PrivacyMode.Dp ? "the whole released artefact" : "each row of x_s on its own, while y_s is secret",
            ["mechanism"] = result.Mode == PrivacyMode.Dp ? "analytic Gaussian (Balle & Wang 2018) on (ΦᵀΦ, ΦᵀY)" : "Gaussian noise Z in Algorithm 1 (PAPER.md Theorem 6.2)",
            ["clip_norm"] = double.IsPositiveInfinity(result.Bound.InputClip) ? null : result.Bound.InputClip,
            ["feature_norm_bound"] = result.Bound.Bound,
            ["feature_norm_bound_derivation"] = result.Bound.Derivation,
            ["sensitivity"] = result.Sensitivity,
            ["sigma"] = result.Sigma,
            ["reference_sigma"] = result.ReferenceSigma,
            ["sigma0"] = result.Sigma0,
            ["smallest_singular_value"] = result.SmallestSingularValue,
            ["n_private"] = result.PrivateCount,
            ["n_public_validation"] = result.PublicValidationCount,
            ["lambda_source"] = result.LambdaSource,
            ["noisy_gram_min_eigenvalue_magnitude"] = result.Mode == PrivacyMode.Dp ? result.NoiseEigenvalueScale : null,
            ["positive_definite_by"] = result.Mode == PrivacyMode.Dp ? "negative eigenvalues of G̃ set to 0 (projection onto the PSD cone), then λ > 0" : null,
            ["negative_eigenvalues"] = result.Mode == PrivacyMode.Dp ? result.NegativeEigenvalues : null,
            ["noise_source"] = result.NoiseReproducible ? "seeded (--privacy-seed): the guarantee needs the seed secret" : "operating-system cryptographic generator",
            ["guarantee"] = result.Guarantee,
            ["assumptions"] = new JsonArray([.. result.Assumptions.Select(a => (JsonNode?)JsonValue.Create(a))]),
            ["not_covered"] = new JsonArray([.. result.NotCovered.Select(a => (JsonNode?)JsonValue.Create(a))]),
        },
        ["relative_error_before_inversion"] = result.ErrorBeforeInversion,
        ["relative_error_after_inversion"] = result.ErrorAfterInversion,
        ["feature_scale"] = result.FeatureScale,
        ["model_test_accuracy"] = result.ModelTestAccuracy,
        ["distilled_test_accuracy"] = result.DistilledTestAccuracy,
        ["n_test"] = data.Test.Count,
    });
}
