namespace KrrDistill.Privacy;

/// <summary>
/// A proven bound on ‖φ(x)‖₂ over every input row clipped to ‖x‖₂ ≤ <see cref="InputClip"/> (docs/privacy.md §2).
/// </summary>
/// <param name="InputClip">B: input rows are scaled down to this norm (∞ when the map needs no clipping).</param>
/// <param name="Bound">C: ‖φ(x)‖₂ ≤ C for every clipped input.</param>
/// <param name="Derivation">How C follows from B and the map (one line, for reports).</param>
/// <param name="ClipsFeatures">True when the feature rows themselves are clipped to C (then B is ∞ and C is the clip).</param>
public sealed record FeatureNormBound(double InputClip, double Bound, string Derivation, bool ClipsFeatures = false);
