namespace KrrDistill.Privacy;

/// <summary>Settings of a private distillation (<see cref="PrivateDistillationRunner"/>).</summary>
public sealed record PrivacyOptions
{
    /// <summary>Which guarantee to provide.</summary>
    public PrivacyMode Mode { get; init; } = PrivacyMode.Dp;

    /// <summary>ε &gt; 0 (row-dp: 0 &lt; ε &lt; 1, as Theorem 6.2 requires).</summary>
    public double Epsilon { get; init; } = 1.0;

    /// <summary>δ ∈ (0, 1).</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>
    /// The clip: B on input rows (‖x‖₂ ≤ B before the feature map), or C on feature rows when
    /// <see cref="ClipFeatures"/>. Null: the clip that makes the feature bound C = 1 (rff: none, C = √2).
    /// </summary>
    public double? ClipNorm { get; init; }

    /// <summary>
    /// True (the default): clip the feature rows themselves to C = <see cref="ClipNorm"/> (tighter, so less noise
    /// for the same ε: docs/privacy.md §2). False: clip input rows to B and use the feature bound derived for the map.
    /// </summary>
    public bool ClipFeatures { get; init; } = true;

    /// <summary>
    /// Row-dp only: a public lower bound σ₀ on σ_min(Φ). Null: σ_min(Φ) is computed from the private data, as
    /// the paper does (which itself is not private; the report says so).
    /// </summary>
    public double? Sigma0 { get; init; }

    /// <summary>
    /// Dp only: the validation split is declared public, and λ is chosen on it from the noisy λ path. Without it
    /// λ must be fixed (the fit's λ); choosing it on private rows would leak.
    /// </summary>
    public bool PublicValidation { get; init; }

    /// <summary>
    /// Seed of the privacy noise, for tests and experiments only (the guarantee then needs the seed kept secret).
    /// Null (the default): the noise comes from the operating system's cryptographic generator.
    /// </summary>
    public int? NoiseSeed { get; init; }
}
