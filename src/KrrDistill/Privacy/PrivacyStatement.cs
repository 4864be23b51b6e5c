using System.Globalization;

namespace KrrDistill.Privacy;

/// <summary>The exact wording of what a private distillation guarantees, assumes and leaves uncovered (docs/privacy.md).</summary>
internal static class PrivacyStatement
{
    /// <summary>Whole-set mode (<see cref="PrivacyMode.Dp"/>).</summary>
    public static (string Guarantee, IReadOnlyList<string> Assumptions, IReadOnlyList<string> NotCovered) ForWholeSet(
        double epsilon, double delta, long n, FeatureNormBound bound, double sigma, bool reproducibleNoise, bool publicValidation)
    {
        string guarantee = $"The released distilled set (x_s, y_s, λ_s) is ({F(epsilon)}, {F(delta)})-differentially private with respect to the {n} private training rows, "
            + "for neighbouring data sets that differ in one row (one input and its label replaced): Gaussian mechanism on the clipped sufficient statistics "
            + $"ΦᵀΦ and ΦᵀY (σ = {F(sigma)}), then post-processing.";
        var assumptions = new List<string>
        {
            $"every input row is clipped to ‖x‖ ≤ B = {F(bound.InputClip)}, so ‖φ(x)‖ ≤ C = {F(bound.Bound)} ({bound.Derivation}); applied, not assumed",
            "the feature map, its seed, B, ε, δ and λ (or the public validation rows) are chosen without looking at the private rows",
            publicValidation
                ? "the validation split on which λ is chosen is public data (declared so by the user); it is not protected"
                : "λ is fixed by the user , not chosen on private data",
            reproducibleNoise
                ? "the noise comes from a given seed: the guarantee holds only while that seed stays secret (for tests and experiments)"
                : "the noise comes from the operating system's cryptographic generator and is never stored",
        };
        var notCovered = new List<string>
        {
            "the test split used to report accuracy (separate data, not part of the private training set)",
            "the number n of private rows (public under replace-one-row neighbours)",
            "side channels: timing, and the floating-point representation of Gaussian samples (Mironov 2012)",
            "the count of rows the clip changed, shown to the data owner only and kept out of the artefact",
        };
        return (guarantee, assumptions, notCovered);
    }

    /// <summary>Theorem 6.2 mode (<see cref="PrivacyMode.RowDp"/>).</summary>
    public static (string Guarantee, IReadOnlyList<string> Assumptions, IReadOnlyList<string> NotCovered) ForRows(
        double epsilon, double delta, int m, FeatureNormBound bound, double sigma0, bool sigma0Given, bool reproducibleNoise)
    {
        string guarantee = $"Each single row of x_s is ({F(epsilon)}, {F(delta)})-differentially private with respect to one training input "
            + "(its label unchanged), by the paper's Theorem 6.2, only while y_s stays secret. The set as a whole is not: with y_s anyone recovers W exactly.";
        var assumptions = new List<string>
        {
            "λ = 0 for the original model and λ_S = 0 (enforced)",
            $"‖φ(x_i)‖ ≤ C = {F(bound.Bound)}: inputs clipped to B = {F(bound.InputClip)} ({bound.Derivation}); applied, not assumed",
            sigma0Given
                ? $"σ_min(Φ) ≥ σ₀ = {F(sigma0)} for the private data and every neighbour of it (given as public by the user; checked on the data)"
                : $"σ_min(Φ) ≥ σ₀ = {F(sigma0)} for every neighbour of the private data; σ₀ is computed from the private data, as in the paper, which itself is not private (give a public bound instead)",
            "y_s is independent of the data (true: balanced one-hot) and unknown to the adversary (NOT true once the artefact, which contains y_s, is shared)",
            reproducibleNoise
                ? "the noise comes from a given seed: the guarantee holds only while that seed stays secret"
                : "the noise comes from the operating system's cryptographic generator and is never stored",
        };
        var notCovered = new List<string>
        {
            $"the set as a whole: m = {m} rows compose to at best ({F(m * epsilon)}, {F(m * delta)}) by basic composition",
            "the model W: KRR on (x_s, y_s) gives W_S = W exactly, and W is a deterministic function of the private data",
            "labels: the neighbouring relation changes one input only, not its label",
            "side channels: timing, and the floating-point representation of Gaussian samples (Mironov 2012)",
        };
        return (guarantee, assumptions, notCovered);
    }

    private static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
