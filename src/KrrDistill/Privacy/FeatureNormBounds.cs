using System.Globalization;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Privacy;

/// <summary>
/// Per-feature-map bounds on ‖φ(x)‖₂ for inputs clipped to ‖x‖₂ ≤ B (docs/privacy.md §2 has the proofs):
/// <list type="bullet">
/// <item>identity: C = B.</item>
/// <item>fcnn (LeakyReLU network, slope a): each layer h ↦ LeakyReLU(A h) has |LeakyReLU(t)| ≤ max(1, |a|)·|t|
/// elementwise, so ‖φ(x)‖ ≤ B·∏ max(1, |a|)·‖A_l‖₂ with ‖A_l‖₂ the largest singular value of layer l.</item>
/// <item>linear (deep linear network): C = B·∏‖A_l‖₂.</item>
/// <item>rff: φ(x) = √(2/p)·cos(Ax + b), so ‖φ(x)‖² = (2/p)·Σ cos² ≤ 2 for every x: C = √2 with no clipping.</item>
/// </list>
/// The layers are public (drawn from the seed, not from the data), so computing their norms costs no privacy.
/// </summary>
internal static class FeatureNormBounds
{
    /// <summary>
    /// L with ‖φ(x)‖ ≤ L·‖x‖ for every x (identity, fcnn, linear), or null for a map whose features are bounded
    /// whatever the input (rff). Throws <see cref="ArgumentException"/> for a map with no derived bound.
    /// </summary>
    private static double? Lipschitz(IFeatureMap map)
    {
        return map switch
        {
            IdentityFeatureMap => 1.0,
            LeakyReluNetwork network => network.Weights.Aggregate(1.0, (product, w) => product * Math.Max(1, Math.Abs(network.NegativeSlope)) * SpectralNorm(w)),
            DeepLinearNetwork linear => linear.Weights.Aggregate(1.0, (product, w) => product * SpectralNorm(w)),
            RandomFourierFeatures => null,
            _ => throw new InputException($"{map.Kind.ArtefactName()} features have no derived feature-norm bound, so the privacy modes cannot calibrate their noise for it."),
        };
    }

    /// <summary>
    /// The bound for inputs clipped to <paramref name="inputClip"/> (null: the default clip, which makes C = 1 for
    /// identity, fcnn and linear; rff needs none, ignores the clip and has C = √2). Throws for a clip that is not a
    /// finite number &gt; 0.
    /// </summary>
    public static FeatureNormBound For(IFeatureMap map, double? inputClip)
    {
        ArgumentNullException.ThrowIfNull(map);
        CheckClip(inputClip);
        double? lipschitz = Lipschitz(map);
        if (lipschitz is not { } l)
        {
            return new FeatureNormBound(double.PositiveInfinity, Math.Sqrt(2),
                "rff: ‖φ(x)‖² = (2/p)·Σ cos²(a_j·x + b_j) ≤ 2 for every x, so C = √2 and inputs are not clipped");
        }

        double clip = inputClip ?? 1.0 / l;
        string how = map switch
        {
            IdentityFeatureMap => "identity: C = B",
            LeakyReluNetwork => "fcnn: C = B·∏ max(1, |slope|)·‖A_l‖₂ (LeakyReLU is elementwise no larger than max(1, |slope|)·|t|)",
            _ => "linear: C = B·∏‖A_l‖₂",
        };
        return new FeatureNormBound(clip, clip * l, $"{how}, L = {l.ToString("G6", CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// Feature-space clipping: every feature row is scaled to ‖φ(x)‖ ≤ C directly, so C bounds it for any map
    /// (null: C = 1). For positively homogeneous maps (identity, fcnn, linear) this is input clipping with a per-row
    /// B, and the model's predicted class is unchanged by it. rff features never exceed √2, so for rff C is at most
    /// √2 and defaults to √2: no row is clipped unless a smaller C is asked for.
    /// </summary>
    public static FeatureNormBound ForFeatureClip(IFeatureMap map, double? featureClip)
    {
        ArgumentNullException.ThrowIfNull(map);
        CheckClip(featureClip);

        if (map is RandomFourierFeatures)
        {
            double c = Math.Min(featureClip ?? Math.Sqrt(2), Math.Sqrt(2));
            return new FeatureNormBound(double.PositiveInfinity, c,
                c < Math.Sqrt(2) ? "feature rows clipped to ‖φ(x)‖ ≤ C directly" : "rff: ‖φ(x)‖² = (2/p)·Σ cos²(a_j·x + b_j) ≤ 2, so C = √2 and no row is clipped", ClipsFeatures: true);
        }

        return new FeatureNormBound(double.PositiveInfinity, featureClip ?? 1.0, "feature rows clipped to ‖φ(x)‖ ≤ C directly", ClipsFeatures: true);
    }

    /// <summary>Throws, naming the option, unless the clip is absent or a finite number &gt; 0.</summary>
    public static void CheckClip(double? clip)
    {
        if (clip is { } given && (!(given > 0) || !double.IsFinite(given)))
        {
            throw new InputException(nameof(PrivacyOptions.ClipNorm), $"must be a finite number > 0 (got {given.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    /// <summary>Largest singular value of <paramref name="a"/>.</summary>
    private static double SpectralNorm(Matrix a)
    {
        double[] s = ThinSvd.Compute(a).S;
        return s.Length == 0 ? 0 : s[0];
    }
}

/// <summary>
/// A proven bound on ‖φ(x)‖₂ over every input row clipped to ‖x‖₂ ≤ <see cref="InputClip"/> (docs/privacy.md §2).
/// </summary>
/// <param name="InputClip">B: input rows are scaled down to this norm (∞ when the map needs no clipping).</param>
/// <param name="Bound">C: ‖φ(x)‖₂ ≤ C for every clipped input.</param>
/// <param name="Derivation">How C follows from B and the map (one line, for reports).</param>
/// <param name="ClipsFeatures">True when the feature rows themselves are clipped to C (then B is ∞ and C is the clip).</param>
public sealed record FeatureNormBound(double InputClip, double Bound, string Derivation, bool ClipsFeatures = false);
