namespace KrrDistill.Ridge;

/// <summary>Parameters of <see cref="KernelRidge"/>; <see cref="Validate"/> names the property at fault.</summary>
public sealed record KernelRidgeOptions
{
    /// <summary>Fixed λ ≥ 0; null (the default) chooses λ on the validation split over <see cref="Grid"/>.</summary>
    public double? Lambda { get; init; }

    /// <summary>The λ grid to choose from; null uses the paper's grid for the feature kind (<see cref="LambdaGrid"/>).</summary>
    public IReadOnlyList<double>? Grid { get; init; }

    /// <summary>Fraction of the training set held out to choose λ, in [0, 1) (paper: 0.05).</summary>
    public double ValidationFraction { get; init; } = 0.05;

    /// <summary>
    /// The run's seed. The train/validation permutation draws from a stream of its own derived from it, so changing
    /// the split never changes φ, and every command and the paper's tables split the same way for the same seed.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Rows per chunk when producing features (memory O(chunk·(d+p))), ≥ 1.</summary>
    public int ChunkRows { get; init; } = 4096;

    /// <summary>
    /// Arithmetic of the training statistics pass (<see cref="Ridge.Precision"/>): double (the default) or single (float32
    /// features and per-chunk Gram, summed in float64). Fits in the dual form (n ≤ p) keep their features in double.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Double;

    /// <summary>Seed of the train/validation permutation for <see cref="Seed"/>.</summary>
    public int SplitSeed => unchecked((Seed * 1_000_003) + 7919);

    /// <summary>Throws <see cref="InputException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        if (Lambda is { } lambda)
        {
            InputException.RequireNonNegative(lambda, nameof(Lambda));
        }

        if (Grid is { } grid && (grid.Count == 0 || grid.Any(l => !(l >= 0) || !double.IsFinite(l))))
        {
            throw new InputException(nameof(Grid), "must hold at least one finite λ ≥ 0.");
        }

        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
        {
            throw new InputException(nameof(ValidationFraction), $"must lie in [0, 1) (got {ValidationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        InputException.RequireAtLeast(ChunkRows, 1, nameof(ChunkRows));
        if (!Enum.IsDefined(Precision))
        {
            throw new InputException(nameof(Precision), $"is not a precision ({Precision}).");
        }
    }
}
