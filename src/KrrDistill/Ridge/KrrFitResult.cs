namespace KrrDistill.Ridge;

/// <summary>Outcome of <see cref="KernelRidgeTrainer.Fit"/>.</summary>
public sealed class KrrFitResult
{
    /// <summary>The fitted model (on the training part of the split).</summary>
    public required RidgeModel Model { get; init; }

    /// <summary>Validation accuracy for each λ tried, in grid order.</summary>
    public required IReadOnlyList<(double Lambda, double Accuracy)> ValidationCurve { get; init; }

    /// <summary>Validation accuracy at the chosen λ.</summary>
    public required double ValidationAccuracy { get; init; }

    /// <summary>Samples the model was fit on.</summary>
    public required int TrainCount { get; init; }

    /// <summary>Samples held out for validation.</summary>
    public required int ValidationCount { get; init; }

    /// <summary>True when the dual (n×n) form was used (n ≤ p).</summary>
    public required bool Dual { get; init; }

    /// <summary>Numerical rank of Φ on the training part.</summary>
    public required int Rank { get; init; }

    /// <summary>Indices (into the input data set) of the training part, in the order used.</summary>
    public required int[] TrainIndices { get; init; }

    /// <summary>Seconds spent per phase, in order.</summary>
    public required IReadOnlyList<(string Phase, double Seconds)> Timings { get; init; }
}
