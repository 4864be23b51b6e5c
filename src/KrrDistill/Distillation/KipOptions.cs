namespace KrrDistill.Distillation;

/// <summary>
/// Settings of the KIP baseline (docs/theory.md §6): Adam on X_S with learning rate
/// 0.01 for 30000 steps, a random target batch of 5000 training points per step.
/// </summary>
public sealed class KipOptions
{
    /// <summary>Images per class (IPC ≥ 1); the KIP set has m = IPC·k points, drawn class-balanced from the real data.</summary>
    public int ImagesPerClass { get; init; } = 10;

    /// <summary>Number of Adam steps (30000 in the paper's config).</summary>
    public int Steps { get; init; } = 30000;

    /// <summary>Adam learning rate (0.01 in the paper).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Adam β₁.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β₂.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Target batch size b per step (5000 in the paper); the whole training set when it is smaller.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>Seed of the real initialization and of the batch draws.</summary>
    public int Seed { get; init; }

    /// <summary>Stop after this much optimization time, even before <see cref="Steps"/>; null for no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Report progress every this many steps (and at the last step).</summary>
    public int ProgressInterval { get; init; } = 10;

    /// <summary>
    /// Every this many steps (and at the last), the test accuracy of the current support set is measured on the
    /// evaluation data given to <see cref="KipDistiller.Distill"/> and reported with the progress; 0 never. The time
    /// it takes is excluded from the reported optimization time.
    /// </summary>
    public int EvaluateEvery { get; init; }

    /// <summary>Rows per chunk when accumulating the full-data statistics ΦᵀΦ and ΦᵀY.</summary>
    public int ChunkRows { get; init; } = 4096;

    /// <summary>λ_S = <see cref="LambdaFactor"/>·tr(K_S)/m (1e-6 in the paper's code).</summary>
    public double LambdaFactor { get; init; } = 1e-6;

    /// <summary>Throws <see cref="InputException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        InputException.RequireAtLeast(ImagesPerClass, 1, nameof(ImagesPerClass));
        InputException.RequireAtLeast(Steps, 1, nameof(Steps));
        InputException.RequirePositive(LearningRate, nameof(LearningRate));
        InputException.RequireAtLeast(BatchSize, 1, nameof(BatchSize));
        InputException.RequireAtLeast(EvaluateEvery, 0, nameof(EvaluateEvery));
        InputException.RequireAtLeast(ChunkRows, 1, nameof(ChunkRows));
        InputException.RequireAtLeast(ProgressInterval, 1, nameof(ProgressInterval));
        InputException.RequirePositive(Epsilon, nameof(Epsilon));
        InputException.RequireNonNegative(LambdaFactor, nameof(LambdaFactor));
        foreach ((double beta, string name) in new[] { (Beta1, nameof(Beta1)), (Beta2, nameof(Beta2)) })
        {
            if (!(beta >= 0 && beta < 1))
            {
                throw new InputException(name, $"must lie in [0, 1) (got {beta.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            }
        }
        if (TimeBudget is { } budget && budget < TimeSpan.Zero)
        {
            throw new InputException(nameof(TimeBudget), "must not be negative.");
        }
    }
}
