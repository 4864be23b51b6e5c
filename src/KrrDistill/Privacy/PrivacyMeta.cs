using System.Text.Json.Nodes;

namespace KrrDistill.Privacy;

/// <summary>
/// The meta_json of a private release: only what the guarantee covers (everything derived from the noisy release, the
/// settings and the test split). The count of clipped rows, computed from the private data, is never written here.
/// </summary>
internal static class PrivacyMeta
{
    public static JsonObject For(PrivateDistillResult result)
    {
        string mode = result.Mode == PrivacyMode.Dp ? "dp" : "row-dp";
        return new JsonObject
        {
            ["privacy"] = new JsonObject
            {
                ["mode"] = mode,
                ["epsilon"] = result.Epsilon,
                ["delta"] = result.Delta,
                ["neighbouring"] = result.Mode == PrivacyMode.Dp ? "replace one training row (input and label)" : "replace one training input (label unchanged)",
                ["protects"] = result.Mode == PrivacyMode.Dp ? "the whole released artefact" : "each row of x_s on its own, while y_s is secret",
                ["mechanism"] = result.Mode == PrivacyMode.Dp ? "analytic Gaussian (Balle & Wang 2018) on (ΦᵀΦ, ΦᵀY)" : "Gaussian noise Z in Algorithm 1 (the paper's Theorem 6.2)",
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
                ["noise_source"] = result.NoiseReproducible ? "seeded: the guarantee needs the seed secret" : "operating-system cryptographic generator",
                ["guarantee"] = result.Guarantee,
                ["assumptions"] = new JsonArray([.. result.Assumptions.Select(a => (JsonNode?)JsonValue.Create(a))]),
                ["not_covered"] = new JsonArray([.. result.NotCovered.Select(a => (JsonNode?)JsonValue.Create(a))]),
            },
            ["relative_error_after_inversion"] = result.ErrorAfterInversion,
            ["model_test_accuracy"] = result.ModelTestAccuracy,
            ["distilled_test_accuracy"] = result.DistilledTestAccuracy,
        };
    }
}
