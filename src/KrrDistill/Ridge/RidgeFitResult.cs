namespace KrrDistill.Ridge;

/// <summary>How a <see cref="RidgeModel"/> was fit by <see cref="KernelRidge"/>: the λ path, the split and the timings.</summary>
public sealed class RidgeFitResult
{
    /// <summary>The data set the model was fit on.</summary>
    public required string DatasetName { get; init; }

    /// <summary>Validation accuracy for each λ tried, in grid order (empty when λ was fixed and no validation set was given).</summary>
    public required IReadOnlyList<(double Lambda, double Accuracy)> ValidationCurve { get; init; }

    /// <summary>Validation accuracy at the chosen λ (NaN without validation samples).</summary>
    public required double ValidationAccuracy { get; init; }

    /// <summary>
    /// Validation mean squared error for each λ tried, when λ was chosen from statistics alone (the validation split's
    /// statistics, no validation rows at hand); empty otherwise.
    /// </summary>
    public IReadOnlyList<(double Lambda, double MeanSquaredError)> ValidationMeanSquaredErrors { get; init; } = [];

    /// <summary>Samples the model was fit on.</summary>
    public required long TrainCount { get; init; }

    /// <summary>Samples held out for validation.</summary>
    public required int ValidationCount { get; init; }

    /// <summary>True when the dual (n×n) form was used (n ≤ p).</summary>
    public required bool Dual { get; init; }

    /// <summary>Numerical rank of Φ on the training part; null when λ was fixed and solved by Cholesky (no spectrum computed).</summary>
    public required int? Rank { get; init; }

    /// <summary>
    /// How the λ path was solved: "tridiagonal" (G = Q T Qᵀ, λ &gt; 0), "eigen" (G's eigendecomposition: λ = 0 in the grid,
    /// or λ near rounding level), "dual eigen" (n ≤ p) or "cholesky" (one fixed λ).
    /// </summary>
    public string Solver { get; init; } = "eigen";

    /// <summary>The options the fit ran with.</summary>
    public required KernelRidgeOptions Options { get; init; }

    /// <summary>
    /// The arithmetic of the statistics W was solved from (<see cref="Ridge.Precision"/>): the options' for a pass here, the
    /// file's for statistics loaded, double for a dual fit.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Double;

    /// <summary>
    /// The rows W was fit on, by reference to their data set (the training split; the rest was the validation split);
    /// null when fit from statistics whose samples are not at hand.
    /// </summary>
    public TrainingRows? Rows { get; init; }

    /// <summary>Seconds spent per phase, in order.</summary>
    public required IReadOnlyList<(string Phase, double Seconds)> Timings { get; init; }
}
