using KrrDistill.Data;
using KrrDistill.Randomness;

namespace KrrDistill.Ridge;

/// <summary>
/// The seeded train/validation split of a training set (docs/theory.md §1): a permutation drawn from
/// <see cref="KernelRidgeOptions.Seed"/>'s own stream holds out ⌊n·<see cref="KernelRidgeOptions.ValidationFraction"/>⌋
/// rows to choose λ on; W is fit on the rest. Made once and handed on: the estimator fits on <see cref="Train"/>, the
/// distiller checks IPC against its class counts and draws real points from it, <c>stats</c> shards it.
/// </summary>
public sealed class TrainingSplit
{
    private TrainingSplit(TrainingRows train, TrainingRows validation)
    {
        Train = train;
        Validation = validation;
    }

    /// <summary>The rows W is fit on (sorted).</summary>
    public TrainingRows Train { get; }

    /// <summary>The rows λ is chosen on (sorted; empty when the fraction is 0 or n is small).</summary>
    public TrainingRows Validation { get; }

    /// <summary>The data set split.</summary>
    public Dataset Data => Train.Data;

    /// <summary>Splits <paramref name="data"/> (rows = samples) as <paramref name="options"/> say (null: the defaults).</summary>
    public static TrainingSplit Of(Dataset data, KernelRidgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new KernelRidgeOptions();
        options.Validate();
        (int[] train, int[] validation) = Permute(data.Count, options.ValidationFraction, options.SplitSeed);
        return new TrainingSplit(TrainingRows.Trusted(data, train), TrainingRows.Trusted(data, validation));
    }

    /// <summary>
    /// Seeded split of 0…n−1: a random permutation, the first ⌊n·fraction⌋ entries held out for validation;
    /// each part is returned sorted (statistics do not depend on order; sorted reads are faster).
    /// </summary>
    internal static (int[] Train, int[] Validation) Permute(int count, double validationFraction, int seed)
    {
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), "the validation fraction must lie in [0, 1).");
        }

        int[] permutation = new SeededRandom(seed).Permutation(count);
        int validationCount = (int)Math.Floor(count * validationFraction);
        int[] validation = permutation[..validationCount];
        int[] train = permutation[validationCount..];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }
}
