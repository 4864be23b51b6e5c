using KrrDistill.Features;

namespace KrrDistill.Ridge;

/// <summary>
/// How <see cref="KernelRidge"/> picks λ from its grid once the Gram matrix is factorized (docs/theory.md §1): a
/// small strategy, each written once. <see cref="Fixed"/> takes the grid's one λ; <see cref="ValidationAccuracy"/>
/// scores every λ on validation rows (the paper's rule); <see cref="ValidationMeanSquaredError"/> scores every λ
/// exactly from the validation rows' statistics, when no rows are at hand.
/// </summary>
public abstract class LambdaChoice
{
    private protected LambdaChoice()
    {
    }

    /// <summary>No validation evidence: the options must fix λ (or give a grid of one).</summary>
    public static LambdaChoice Fixed { get; } = new FixedLambda();

    /// <summary>Validation accuracy of W(λ) on <paramref name="validation"/> (rows = samples), the best λ winning, ties to the smaller.</summary>
    public static LambdaChoice ValidationAccuracy(TrainingRows validation) => new Ridge.ValidationAccuracy(validation ?? throw new ArgumentNullException(nameof(validation)), null);

    /// <summary>
    /// Validation mean squared error ‖W φ(x) − y‖² averaged over the samples summed in <paramref name="validation"/>,
    /// computed from their statistics alone: (tr(W G_v Wᵀ) − 2 tr(W B_v) + n_v) / n_v.
    /// </summary>
    public static LambdaChoice ValidationMeanSquaredError(SufficientStatistics validation) => new Ridge.ValidationMeanSquaredError(validation ?? throw new ArgumentNullException(nameof(validation)));

    /// <summary>Validation samples the strategy scores on (0 for <see cref="Fixed"/>).</summary>
    internal abstract long Count { get; }

    /// <summary>Refuses evidence that cannot choose among <paramref name="grid"/> for a model of k classes through φ.</summary>
    internal abstract void Check(IReadOnlyList<double> grid, IFeatureMap featureMap, int classes);

    /// <summary>Scores every λ of <paramref name="grid"/> on <paramref name="path"/> and returns the choice.</summary>
    internal abstract LambdaSearch Choose(IRidgePath path, IReadOnlyList<double> grid, IFeatureMap featureMap, int chunkRows, IProgress<ProgressReport>? progress);
}

/// <summary>The λ a <see cref="LambdaChoice"/> picked and the scores behind it.</summary>
internal sealed record LambdaSearch(double Lambda, double Accuracy, IReadOnlyList<(double Lambda, double Accuracy)> AccuracyCurve,
    IReadOnlyList<(double Lambda, double MeanSquaredError)> ErrorCurve, string Phase);

/// <summary>The grid's only λ, unscored.</summary>
internal sealed class FixedLambda : LambdaChoice
{
    internal override long Count => 0;

    internal override void Check(IReadOnlyList<double> grid, IFeatureMap featureMap, int classes)
    {
        if (grid.Count > 1)
        {
            throw new InputException(nameof(KernelRidgeOptions.Lambda), "must be fixed when fitting from statistics without a validation set.");
        }
    }

    internal override LambdaSearch Choose(IRidgePath path, IReadOnlyList<double> grid, IFeatureMap featureMap, int chunkRows, IProgress<ProgressReport>? progress)
        => new(grid[0], double.NaN, [], [], "");
}
