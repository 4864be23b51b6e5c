namespace KrrDistill.Privacy;

/// <summary>
/// What every private distillation takes (docs/privacy.md); one sealed type per mode:
/// <see cref="WholeSetPrivacyOptions"/> (the whole distilled set (ε, δ)-DP) and <see cref="RowPrivacyOptions"/>
/// (Theorem 6.2, docs/theory.md §5).
/// </summary>
public abstract record PrivacyOptions
{
    private protected PrivacyOptions()
    {
    }

    /// <summary>
    /// The options of <paramref name="mode"/> from the settings a front end read (null: not given, the default). A
    /// setting of the other mode is refused, naming it: <paramref name="smallestSingularValueBound"/> (σ₀) is row-dp's,
    /// <paramref name="publicValidationSplit"/> whole-set dp's.
    /// </summary>
    public static PrivacyOptions Create(PrivacyMode mode, double? epsilon = null, double? delta = null, double? clipNorm = null,
        bool clipFeatures = true, int? noiseSeed = null, bool? publicValidationSplit = null, double? smallestSingularValueBound = null)
    {
        PrivacyOptions options;
        if (mode == PrivacyMode.Dp)
        {
            if (smallestSingularValueBound is not null)
            {
                throw new InputException(nameof(RowPrivacyOptions.SmallestSingularValueBound), "applies to privacy row-dp only.");
            }

            options = new WholeSetPrivacyOptions { PublicValidationSplit = publicValidationSplit ?? false };
        }
        else
        {
            if (publicValidationSplit is not null)
            {
                throw new InputException(nameof(WholeSetPrivacyOptions.PublicValidationSplit), "applies to privacy dp only (row-dp fixes λ = 0).");
            }

            options = new RowPrivacyOptions { SmallestSingularValueBound = smallestSingularValueBound };
        }

        return options with
        {
            Epsilon = epsilon ?? options.Epsilon,
            Delta = delta ?? options.Delta,
            ClipNorm = clipNorm,
            ClipFeatures = clipFeatures,
            NoiseSeed = noiseSeed,
        };
    }

    /// <summary>Which guarantee these options provide.</summary>
    public abstract PrivacyMode Mode { get; }

    /// <summary>ε &gt; 0 (row privacy: 0 &lt; ε &lt; 1, as Theorem 6.2 requires).</summary>
    public double Epsilon { get; init; } = 1.0;

    /// <summary>δ ∈ (0, 1).</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>
    /// The clip: B on input rows (‖x‖₂ ≤ B before the feature map), or C on feature rows when
    /// <see cref="ClipFeatures"/>. Null: the clip that makes the feature bound C = 1 (rff: none, C = √2).
    /// </summary>
    public double? ClipNorm { get; init; }

    /// <summary>
    /// Seed of the privacy noise, for tests and experiments only (the guarantee then needs the seed kept secret).
    /// Null (the default): the noise comes from the operating system's cryptographic generator.
    /// </summary>
    public int? NoiseSeed { get; init; }

    /// <summary>True: clip the feature rows themselves to C = <see cref="ClipNorm"/>; false: clip input rows to B.</summary>
    public virtual bool ClipFeatures { get; init; } = true;

    internal virtual double? Sigma0 => null;

    internal virtual bool PublicValidation => false;
}

/// <summary>
/// Whole-set (ε, δ)-DP: the analytic Gaussian mechanism on the clipped sufficient statistics (ΦᵀΦ, ΦᵀY), W̃ from the
/// noisy statistics, Algorithm 1 as post-processing. λ must be fixed (<see cref="Ridge.KernelRidgeOptions.Lambda"/> &gt; 0)
/// or chosen on the validation split declared public (<see cref="PublicValidationSplit"/>).
/// </summary>
public sealed record WholeSetPrivacyOptions : PrivacyOptions
{
    /// <inheritdoc/>
    public override PrivacyMode Mode => PrivacyMode.Dp;

    /// <summary>
    /// True (the default): clip the feature rows themselves to C (tighter, so less noise for the same ε: docs/privacy.md
    /// §2). False: clip input rows to B and use the feature bound derived for the map.
    /// </summary>
    public override bool ClipFeatures { get; init; } = true;

    /// <summary>
    /// The seeded validation split is declared public, and λ is chosen on it from the noisy λ path. Without it λ must
    /// be fixed; choosing it on private rows would leak.
    /// </summary>
    public bool PublicValidationSplit { get; init; }

    internal override bool PublicValidation => PublicValidationSplit;
}

/// <summary>
/// Theorem 6.2 (docs/theory.md §5): noise initialization with σ calibrated so that each row of the distilled set is (ε, δ)-DP with
/// respect to one training input, under the theorem's assumptions (λ = λ_S = 0, m &gt; k, Y_S secret, 0 &lt; ε &lt; 1).
/// </summary>
public sealed record RowPrivacyOptions : PrivacyOptions
{
    /// <inheritdoc/>
    public override PrivacyMode Mode => PrivacyMode.RowDp;

    /// <summary>
    /// A public lower bound σ₀ on σ_min(Φ). Null: σ_min(Φ) is computed from the private data, as the paper does (which
    /// itself is not private; the report says so).
    /// </summary>
    public double? SmallestSingularValueBound { get; init; }

    internal override double? Sigma0 => SmallestSingularValueBound;
}
