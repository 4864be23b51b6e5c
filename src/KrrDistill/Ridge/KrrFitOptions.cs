namespace KrrDistill.Ridge;

/// <summary>Settings of <see cref="KernelRidgeTrainer.Fit"/>.</summary>
public sealed record KrrFitOptions
{
    /// <summary>Fixed λ ≥ 0; null chooses λ on the validation split over <see cref="LambdaGrid"/>.</summary>
    public double? Lambda { get; init; }

    /// <summary>Explicit λ grid; null uses the paper's grid for the feature kind.</summary>
    public IReadOnlyList<double>? Grid { get; init; }

    /// <summary>Fraction of the training set held out to choose λ (paper: 0.05).</summary>
    public double ValidationFraction { get; init; } = 0.05;

    /// <summary>Seed of the train/validation permutation.</summary>
    public int SplitSeed { get; init; }

    /// <summary>
    /// The split seed for a run seed (<c>--seed</c>): a stream of its own, so changing the split never changes φ, and
    /// the same formula everywhere (fit, distill, reproduce), so any cell can be rerun on its own with the same numbers.
    /// </summary>
    public static int SplitSeedFor(int seed) => unchecked((seed * 1_000_003) + 7919);

    /// <summary>Rows per chunk when producing features (memory O(chunk·(d+p))).</summary>
    public int ChunkRows { get; init; } = 4096;
}
