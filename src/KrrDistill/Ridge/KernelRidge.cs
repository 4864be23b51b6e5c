using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// The ridge estimator of docs/theory.md §1: W = Y φ_λ(X)^+ (k×p), fit the way the paper does, with a seeded
/// train/validation split (95/5, <see cref="TrainingSplit"/>), λ chosen by validation accuracy over the grid, and W fit
/// on the training part. Sufficient statistics are the one door into a fit: every source (a pass over a data set, a
/// merged <c>stats.npz</c>, an MPI sum, a private release) yields <see cref="SufficientStatistics"/>, and
/// <see cref="Fit(SufficientStatistics, LambdaChoice, TrainingRows, IProgress{ProgressReport}?)"/> makes the model with
/// λ picked by a <see cref="LambdaChoice"/>. Only a training part no larger than p skips the statistics for the dual
/// (n×n kernel) form. One factorization serves every λ of the grid. The estimator knows nothing of files or MPI.
/// </summary>
public sealed class KernelRidge
{
    /// <summary>An estimator for <paramref name="featureMap"/>; <paramref name="options"/> null takes the defaults.</summary>
    public KernelRidge(IFeatureMap featureMap, KernelRidgeOptions? options = null)
    {
        FeatureMap = featureMap ?? throw new ArgumentNullException(nameof(featureMap));
        Options = options ?? new KernelRidgeOptions();
        Options.Validate();
        Grid = Options.Lambda is { } l ? [l] : Options.Grid ?? LambdaGrid.ForFeatureKind(FeatureMap.Kind);
    }

    /// <summary>The feature map φ.</summary>
    public IFeatureMap FeatureMap { get; }

    /// <summary>The options.</summary>
    public KernelRidgeOptions Options { get; }

    /// <summary>The λ values to choose from: the fixed λ, the given grid, or the paper's grid for the feature kind.</summary>
    public IReadOnlyList<double> Grid { get; }

    /// <summary>
    /// Splits <paramref name="train"/> (rows = samples) with <see cref="TrainingSplit.Of"/>, chooses λ on the validation
    /// part and fits W (k×p) on the rest. Throws <see cref="InputException"/> when the data do not fit φ or leave nothing
    /// to fit on.
    /// </summary>
    public RidgeModel Fit(Dataset train, IProgress<ProgressReport>? progress = null) => Fit(TrainingSplit.Of(train, Options), progress);

    /// <summary>
    /// Fits W on <paramref name="split"/>'s training rows, λ chosen by accuracy on its validation rows: the statistics of
    /// the training rows when there are more of them than features, the dual form otherwise.
    /// </summary>
    public RidgeModel Fit(TrainingSplit split, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        RequireSplit(split.Train, split.Validation.Count);
        var timer = new PhaseTimer();
        LambdaChoice choice = LambdaChoice.ValidationAccuracy(split.Validation);
        if (UsesDualForm(split.Train))
        {
            Matrix phi = FeaturePass.MapRows(split.Data, split.Train.Indices, FeatureMap, Options.ChunkRows, progress, "features (train)");
            var y = new Matrix(split.Train.Count, split.Data.Classes);
            for (int r = 0; r < split.Train.Count; r++)
            {
                y[r, split.Data.Labels[split.Train.Indices[r]]] = 1.0;
            }

            timer.Lap("features (train)");
            IRidgePath dual = RidgePaths.Dual(phi, y, split.Data.Name);
            timer.Lap("kernel + eigendecomposition");
            return Finish(dual, choice, FitSource.Of(split.Train, dual: true), timer, progress);
        }

        SufficientStatistics statistics = FeaturePass.Accumulate(split.Train, FeatureMap, Options.ChunkRows, progress, Options.Precision);
        timer.Lap("features + Gram (train)");
        return Solve(statistics, choice, FitSource.Of(split.Train, dual: false), consumeGram: true, timer, progress);
    }

    /// <summary>
    /// The one door: fits W from <paramref name="statistics"/> (ΦᵀΦ, ΦᵀY of φ's features), which must be those of exactly
    /// <paramref name="rows"/> (the same samples and class counts: checked), with λ picked by <paramref name="lambda"/>.
    /// The model records the rows, so real points are drawn from them later. The statistics are not changed.
    /// </summary>
    public RidgeModel Fit(SufficientStatistics statistics, LambdaChoice lambda, TrainingRows rows, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(lambda);
        ArgumentNullException.ThrowIfNull(rows);
        RequireSplit(rows, lambda.Count);
        RequireStatisticsOf(statistics, rows);
        return Solve(statistics, lambda, FitSource.Of(rows, dual: false), consumeGram: false, new PhaseTimer(), progress);
    }

    /// <summary>
    /// Fits W from <paramref name="statistics"/> of samples that are not at hand (merged shards, Python's batches), with λ
    /// picked by <paramref name="lambda"/>; <paramref name="normalization"/> and <paramref name="imageShape"/> record how
    /// the inputs were normalized, for saving the model. The statistics are not changed.
    /// </summary>
    public RidgeModel Fit(SufficientStatistics statistics, LambdaChoice lambda, InputNormalization normalization, ImageShape? imageShape = null,
        IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(lambda);
        ArgumentNullException.ThrowIfNull(normalization);
        if (statistics.Features != FeatureMap.OutputDimension)
        {
            throw new InputException($"the statistics have p = {statistics.Features} features but φ gives {FeatureMap.OutputDimension}.");
        }

        if (statistics.Count == 0)
        {
            throw new InputException("the statistics hold no samples.");
        }

        string name = lambda is ValidationAccuracy { Rows: var rows } ? rows.Data.Name : "statistics";
        var source = new FitSource(name, null, normalization, imageShape, statistics.Count, false);
        return Solve(statistics, lambda, source, consumeGram: false, new PhaseTimer(), progress);
    }

    /// <summary>The sufficient statistics of φ's features over <paramref name="rows"/> (a split, a shard's block).</summary>
    public SufficientStatistics Accumulate(TrainingRows rows, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        RequireDimension(rows.Data);
        return FeaturePass.Accumulate(rows, FeatureMap, Options.ChunkRows, progress, Options.Precision);
    }

    /// <summary>
    /// Adds φ's features of every sample of <paramref name="data"/> (rows = samples) into <paramref name="statistics"/>
    /// (ΦᵀΦ and ΦᵀY, p×p and p×k): streaming a data set batch by batch gives the statistics of the whole.
    /// </summary>
    public void AccumulateInto(SufficientStatistics statistics, Dataset data, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(data);
        RequireDimension(data);
        if (statistics.Features != FeatureMap.OutputDimension || data.Classes > statistics.Classes)
        {
            throw new InputException($"{data.Name}: {data.Classes} classes through φ's {FeatureMap.OutputDimension} features do not fit statistics of p = {statistics.Features}, k = {statistics.Classes}.");
        }

        FeaturePass.AccumulateInto(statistics, data, [.. Enumerable.Range(0, data.Count)], FeatureMap, Options.ChunkRows, progress);
    }

    /// <summary>True when a fit on <paramref name="train"/> takes the dual form (n ≤ p): no statistics, the n×n kernel.</summary>
    public bool UsesDualForm(TrainingRows train) => (train ?? throw new ArgumentNullException(nameof(train))).Count <= FeatureMap.OutputDimension;

    /// <summary>Refuses a split that leaves nothing to fit on, or no validation rows for a grid of several λ.</summary>
    internal void RequireSplit(TrainingRows train, long validationCount)
    {
        RequireDimension(train.Data);
        if (train.Count == 0)
        {
            throw new InputException($"{train.Data.Name}: no samples left to fit on after the validation split.");
        }

        if (validationCount == 0 && Grid.Count > 1)
        {
            throw new InputException(nameof(KernelRidgeOptions.Lambda), $"must be fixed: {train.Data.Name}'s {train.Data.Count} samples leave none for choosing λ.");
        }
    }

    /// <summary>Factorizes the statistics' G by the cheapest exact route and finishes the fit.</summary>
    internal RidgeModel Solve(SufficientStatistics statistics, LambdaChoice lambda, FitSource source, bool consumeGram, PhaseTimer timer,
        IProgress<ProgressReport>? progress)
    {
        lambda.Check(Grid, FeatureMap, statistics.Classes);
        string name = source.Rows is null ? "the statistics" : source.Rows.Data.Name;
        IRidgePath path = RidgePaths.Primal(statistics, Grid, consumeGram, name);
        timer.Lap($"factor G ({path.Route})");
        return Finish(path, lambda, source with { Precision = statistics.Precision }, timer, progress);
    }

    /// <summary>The one way a model is made: λ picked on the factorized path, W(λ) solved, the fit recorded.</summary>
    internal RidgeModel Finish(IRidgePath path, LambdaChoice lambda, FitSource source, PhaseTimer timer, IProgress<ProgressReport>? progress)
    {
        LambdaSearch search = lambda.Choose(path, Grid, FeatureMap, Options.ChunkRows, progress);
        if (search.Phase.Length > 0)
        {
            timer.Lap(search.Phase);
        }

        Matrix weights = path.Weights(search.Lambda);
        timer.Lap("solve W");
        return new RidgeModel(weights, search.Lambda, FeatureMap, source.Normalization, source.ImageShape)
        {
            FitResult = new RidgeFitResult
            {
                DatasetName = source.Name,
                ValidationCurve = search.AccuracyCurve,
                ValidationAccuracy = search.Accuracy,
                ValidationMeanSquaredErrors = search.ErrorCurve,
                TrainCount = source.TrainCount,
                ValidationCount = (int)lambda.Count,
                Dual = source.Dual,
                Rank = path.NumericalRank,
                Solver = path.Route,
                Options = Options,
                Precision = source.Precision,
                Rows = source.Rows,
                Timings = timer.Phases,
            },
        };
    }

    /// <summary>Refuses statistics that are not those of <paramref name="rows"/> (another data set, seed or sharding).</summary>
    private void RequireStatisticsOf(SufficientStatistics statistics, TrainingRows rows)
    {
        if (statistics.Features != FeatureMap.OutputDimension || statistics.Classes != rows.Data.Classes)
        {
            throw new InputException($"the statistics are for p = {statistics.Features} features and k = {statistics.Classes} classes, but {rows.Data.Name} with this feature map gives p = {FeatureMap.OutputDimension}, k = {rows.Data.Classes}.");
        }

        if (statistics.Count != rows.Count || statistics.ClassCounts is not { } given || !given.SequenceEqual(rows.ClassCounts))
        {
            throw new InputException($"the statistics hold {statistics.Count} samples, but the training split of {rows.Data.Name} (seed {Options.Seed}) has {rows.Count} with other class counts: they are not this data set's, or not all of its shards.");
        }
    }

    private void RequireDimension(Dataset data) => data.RequireFits(FeatureMap.InputDimension, int.MaxValue, "the feature map");
}

/// <summary>What a fit records of where its statistics came from.</summary>
internal sealed record FitSource(string Name, TrainingRows? Rows, InputNormalization Normalization, ImageShape? ImageShape, long TrainCount, bool Dual)
{
    /// <summary>The arithmetic of the statistics (double for a dual fit, whose features are kept in double).</summary>
    public Precision Precision { get; init; } = Precision.Double;

    /// <summary>A fit on <paramref name="rows"/> of a data set at hand.</summary>
    public static FitSource Of(TrainingRows rows, bool dual)
        => new(rows.Data.SourceName, rows, rows.Data.Normalization, rows.Data.ImageShape, rows.Count, dual);
}
