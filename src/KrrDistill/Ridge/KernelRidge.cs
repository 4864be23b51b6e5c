using System.Buffers;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Randomness;

namespace KrrDistill.Ridge;

/// <summary>
/// The ridge estimator of PAPER.md §1: fits W = Y φ_λ(X)^+ the way the paper does, with a seeded train/validation
/// split (95/5), λ chosen by validation accuracy over the grid, and W fit on the training part. Primal (sufficient
/// statistics ΦᵀΦ, ΦᵀY accumulated chunk by chunk) when n &gt; p, dual (n×n kernel) when n ≤ p; either way one
/// symmetric eigendecomposition serves every λ (<see cref="SpectralRidgePath"/>). Computes on
/// <see cref="LinearAlgebraBackends.Current"/> as it was at construction.
/// </summary>
public sealed class KernelRidge
{
    private readonly ILinearAlgebraBackend _backend;

    /// <summary>An estimator for <paramref name="featureMap"/>; <paramref name="options"/> null takes the defaults.</summary>
    public KernelRidge(IFeatureMap featureMap, KernelRidgeOptions? options = null)
    {
        FeatureMap = featureMap ?? throw new ArgumentNullException(nameof(featureMap));
        Options = options ?? new KernelRidgeOptions();
        Options.Validate();
        _backend = LinearAlgebraBackends.Current;
    }

    /// <summary>The feature map φ.</summary>
    public IFeatureMap FeatureMap { get; }

    /// <summary>The options.</summary>
    public KernelRidgeOptions Options { get; }

    /// <summary>
    /// Splits <paramref name="train"/> (rows = samples), maps it through φ, chooses λ on the validation part and fits
    /// W (k×p) on the rest. Throws <see cref="InputException"/> when the data do not fit φ or leave nothing to fit on.
    /// </summary>
    public RidgeModel Fit(Dataset train, IProgress<ProgressReport>? progress = null) => FitCore(train, null, null, progress)!;

    /// <summary>
    /// As <see cref="Fit(Dataset, IProgress{ProgressReport}?)"/> with the statistics of the training split given
    /// (<c>stats.npz</c> of every shard, merged) instead of computed: λ is chosen on <paramref name="train"/>'s validation
    /// split as always, so the model is the one-process model. The statistics must hold exactly the training split's
    /// samples and class counts (the same data set and seed).
    /// </summary>
    internal RidgeModel FitWithStatistics(Dataset train, SufficientStatistics trainStatistics, IProgress<ProgressReport>? progress = null)
        => FitCore(train, null, trainStatistics ?? throw new ArgumentNullException(nameof(trainStatistics)), progress)!;

    /// <summary>
    /// As <see cref="Fit(Dataset, IProgress{ProgressReport}?)"/> with the statistics pass split over the ranks of
    /// <paramref name="world"/>: each rank maps its own contiguous block of the training rows, the statistics are summed
    /// on rank 0 (exactly what one process sums, in another order), and rank 0 alone goes on. Returns the model on rank 0,
    /// null on the others.
    /// </summary>
    internal RidgeModel? FitAcrossRanks(Dataset train, LinearAlgebra.Mpi.MpiWorld? world, IProgress<ProgressReport>? progress = null)
        => FitCore(train, world is { Size: > 1 } ? world : null, null, progress);

    private RidgeModel? FitCore(Dataset train, LinearAlgebra.Mpi.MpiWorld? world, SufficientStatistics? given, IProgress<ProgressReport>? progress)
    {
        ArgumentNullException.ThrowIfNull(train);
        KernelRidgeOptions options = Options;
        RequireDimension(train);
        IReadOnlyList<double> grid = Grid();
        var timer = new PhaseTimer();
        (int[] trainRows, int[] validationRows) = Split(train.Count, options.ValidationFraction, options.SplitSeed);
        if (trainRows.Length == 0)
        {
            throw new InputException($"{train.Name}: no samples left to fit on after the validation split.");
        }

        if (validationRows.Length == 0 && grid.Count > 1)
        {
            throw new InputException(nameof(KernelRidgeOptions.Lambda), $"must be fixed: {train.Name}'s {train.Count} samples leave none for choosing λ.");
        }

        int p = FeatureMap.OutputDimension, k = train.Classes, chunk = options.ChunkRows;
        bool dual = trainRows.Length <= p && given is null;
        if (given is not null)
        {
            RequireStatisticsOf(given, train, trainRows);
        }

        IRidgePath path;
        if (dual && world is not null)
        {
            if (!world.IsRoot)
            {
                return null; // too few rows to split: rank 0 fits alone
            }

            world.TakeNodeCoresForSerialWork();
        }

        if (dual)
        {
            Matrix phi = MapRows(train, trainRows, FeatureMap, chunk, progress, "features (train)");
            var y = new Matrix(trainRows.Length, k);
            for (int r = 0; r < trainRows.Length; r++)
            {
                y[r, train.Labels[trainRows[r]]] = 1.0;
            }

            timer.Lap("features (train)");
            RequireUsable(phi.Data, train.Name);
            path = Factorize(() => SpectralRidgePath.FromFeatures(phi, y, _backend), train.Name);
            timer.Lap("kernel + eigendecomposition");
        }
        else
        {
            int[] own = trainRows;
            if (world is not null)
            {
                (int start, int length) = world.Block(trainRows.Length);
                own = trainRows[start..(start + length)];
            }

            SufficientStatistics statistics = given ?? Accumulate(train, own, FeatureMap, chunk, _backend, progress);
            timer.Lap(given is null ? "features + Gram (train)" : "statistics given");
            if (world is not null)
            {
                statistics.SumToRoot(world);
                timer.Lap($"sum over {world.Size} MPI ranks");
                if (!world.IsRoot)
                {
                    return null;
                }

                world.TakeNodeCoresForSerialWork();
            }

            RequireUsable(statistics.GramView.Data, train.Name);
            path = Factorize(() => PrimalPath(statistics, grid, consumeGram: true), train.Name);
            timer.Lap($"factor G ({path.Route})");
        }

        (double bestLambda, double bestAccuracy, IReadOnlyList<(double, double)> curve) = ChooseLambda(path, train, validationRows, FeatureMap, grid, progress);
        timer.Lap("λ path (validation)");
        Matrix weights = path.Weights(bestLambda);
        timer.Lap("solve W");
        return new RidgeModel(weights, bestLambda, FeatureMap, train.Normalization, train.ImageShape, _backend)
        {
            FitResult = new RidgeFitResult
            {
                DatasetName = ModelArtefact.DataSetName(train.Name),
                ValidationCurve = curve,
                ValidationAccuracy = bestAccuracy,
                TrainCount = trainRows.Length,
                ValidationCount = validationRows.Length,
                Dual = dual,
                Rank = path.NumericalRank,
                Solver = path.Route,
                Options = options,
                TrainRows = trainRows,
                Timings = timer.Phases,
            },
        };
    }

    /// <summary>
    /// Fits W from sufficient statistics (ΦᵀΦ, ΦᵀY of φ's features, e.g. merged from shards): with
    /// <see cref="KernelRidgeOptions.Lambda"/> fixed, or λ chosen on <paramref name="validation"/> (rows = samples) over the
    /// grid. <paramref name="normalization"/> records how the inputs were normalized (for saving the model).
    /// </summary>
    public RidgeModel Fit(SufficientStatistics statistics, InputNormalization normalization, Dataset? validation = null, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(normalization);
        if (statistics.Features != FeatureMap.OutputDimension)
        {
            throw new InputException($"the statistics have p = {statistics.Features} features but φ gives {FeatureMap.OutputDimension}.");
        }

        if (statistics.Count == 0)
        {
            throw new InputException("the statistics hold no samples.");
        }

        if (validation is not null && (validation.Classes > statistics.Classes || (validation.Count == 0 && Options.Lambda is null)))
        {
            throw new InputException($"{validation.Name}: {validation.Count} samples of {validation.Classes} classes cannot choose λ for statistics of {statistics.Classes} classes.");
        }

        if (Options.Lambda is null && validation is null)
        {
            throw new InputException(nameof(KernelRidgeOptions.Lambda), "must be fixed when fitting from statistics without a validation set.");
        }

        if (validation is not null)
        {
            RequireDimension(validation);
        }

        var timer = new PhaseTimer();
        IReadOnlyList<double> grid = Grid();
        RequireUsable(statistics.GramView.Data, "the statistics");
        IRidgePath path = Factorize(() => PrimalPath(statistics, grid, consumeGram: false), "the statistics");
        timer.Lap($"factor G ({path.Route})");
        double lambda = grid[0], accuracy = double.NaN;
        IReadOnlyList<(double, double)> curve = [];
        if (validation is not null)
        {
            // Chunk by chunk, as for a data set's own validation split: a large validation set never needs all its features.
            (lambda, accuracy, curve) = ChooseLambda(path, validation, Enumerable.Range(0, validation.Count).ToArray(), FeatureMap, grid, progress);
            timer.Lap("λ path (validation)");
        }

        Matrix weights = path.Weights(lambda);
        timer.Lap("solve W");
        return new RidgeModel(weights, lambda, FeatureMap, normalization, validation?.ImageShape, _backend)
        {
            FitResult = new RidgeFitResult
            {
                DatasetName = validation?.Name ?? "statistics",
                ValidationCurve = curve,
                ValidationAccuracy = accuracy,
                TrainCount = statistics.Count,
                ValidationCount = validation?.Count ?? 0,
                Dual = false,
                Rank = path.NumericalRank,
                Solver = path.Route,
                Options = Options,
                Timings = timer.Phases,
            },
        };
    }

    /// <summary>
    /// Fits W from statistics alone (no data at hand): with <see cref="KernelRidgeOptions.Lambda"/> fixed, or λ chosen on
    /// the grid by the validation mean squared error ‖W φ(x) − y‖² averaged over the validation samples, computed exactly
    /// from the validation split's own statistics: (tr(W G_v Wᵀ) − 2 tr(W B_v) + n_v) / n_v.
    /// </summary>
    internal RidgeModel FitFromStatistics(SufficientStatistics train, SufficientStatistics validation, InputNormalization normalization, ImageShape? imageShape)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (train.Features != FeatureMap.OutputDimension || validation.Features != train.Features || validation.Classes != train.Classes)
        {
            throw new InputException($"the statistics are for p = {train.Features}, k = {train.Classes} (validation {validation.Features}, {validation.Classes}) but φ gives {FeatureMap.OutputDimension} features.");
        }

        if (train.Count == 0)
        {
            throw new InputException("the statistics hold no training samples.");
        }

        IReadOnlyList<double> grid = Grid();
        if (grid.Count > 1 && validation.Count == 0)
        {
            throw new InputException(nameof(KernelRidgeOptions.Lambda), "must be fixed: the statistics hold no validation samples to choose it on.");
        }

        var timer = new PhaseTimer();
        RequireUsable(train.GramView.Data, "the statistics");
        IRidgePath path = Factorize(() => PrimalPath(train, grid, consumeGram: false), "the statistics");
        timer.Lap($"factor G ({path.Route})");
        double lambda = grid[0], best = double.PositiveInfinity;
        var curve = new List<(double, double)>();
        if (grid.Count > 1)
        {
            Matrix gv = validation.GramView, bv = validation.CrossProduct;
            foreach (double candidate in grid)
            {
                Matrix w = path.Weights(candidate);
                var wg = new Matrix(w.Rows, w.Columns);
                _backend.Gemm(Transpose.No, Transpose.No, w.Rows, w.Columns, w.Columns, 1.0, w.Data, w.Columns, gv.Data, gv.Columns, 0.0, wg.Data, w.Columns);
                double quadratic = 0, cross = 0;
                for (int c = 0; c < w.Rows; c++)
                {
                    for (int j = 0; j < w.Columns; j++)
                    {
                        quadratic += wg[c, j] * w[c, j];
                        cross += w[c, j] * bv[j, c];
                    }
                }

                double mse = (quadratic - (2 * cross) + validation.Count) / validation.Count;
                curve.Add((candidate, mse));
                if (mse < best)
                {
                    (best, lambda) = (mse, candidate);
                }
            }

            timer.Lap("λ path (validation MSE from statistics)");
        }

        Matrix weights = path.Weights(lambda);
        timer.Lap("solve W");
        return new RidgeModel(weights, lambda, FeatureMap, normalization, imageShape, _backend)
        {
            FitResult = new RidgeFitResult
            {
                DatasetName = "statistics",
                ValidationCurve = [],
                ValidationAccuracy = double.NaN,
                ValidationMeanSquaredErrors = curve,
                TrainCount = train.Count,
                ValidationCount = (int)validation.Count,
                Dual = false,
                Rank = path.NumericalRank,
                Solver = path.Route,
                Options = Options,
                Timings = timer.Phases,
            },
        };
    }

    /// <summary>Refuses statistics that are not those of <paramref name="train"/>'s training split (another data set, seed or sharding).</summary>
    private void RequireStatisticsOf(SufficientStatistics statistics, Dataset train, int[] trainRows)
    {
        if (statistics.Features != FeatureMap.OutputDimension || statistics.Classes != train.Classes)
        {
            throw new InputException($"the statistics are for p = {statistics.Features} features and k = {statistics.Classes} classes, but {train.Name} with this feature map gives p = {FeatureMap.OutputDimension}, k = {train.Classes}.");
        }

        long[] counts = new long[train.Classes];
        foreach (int row in trainRows)
        {
            counts[train.Labels[row]]++;
        }

        if (statistics.Count != trainRows.Length || statistics.ClassCounts is not { } given || !given.SequenceEqual(counts))
        {
            throw new InputException($"the statistics hold {statistics.Count} samples, but the training split of {train.Name} (seed {Options.Seed}) has {trainRows.Length} with other class counts: they are not this data set's, or not all of its shards.");
        }
    }

    /// <summary>The sufficient statistics of φ's features over <paramref name="data"/> (all rows, or the given ones).</summary>
    public SufficientStatistics Accumulate(Dataset data, IReadOnlyList<int>? rows = null, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireDimension(data);
        int[] chosen = rows is null ? Enumerable.Range(0, data.Count).ToArray() : [.. rows];
        foreach (int row in chosen)
        {
            if ((uint)row >= (uint)data.Count)
            {
                throw new InputException($"{data.Name}: row {row} is outside 0..{data.Count - 1}.");
            }
        }

        return Accumulate(data, chosen, FeatureMap, Options.ChunkRows, _backend, progress);
    }

    /// <summary>
    /// Adds φ's features of every sample of <paramref name="data"/> (rows = samples) into <paramref name="statistics"/>
    /// (ΦᵀΦ and ΦᵀY of PAPER.md §1, p×p and p×k): streaming a data set batch by batch gives the statistics of the whole,
    /// and <see cref="Fit(SufficientStatistics, InputNormalization, Dataset?, IProgress{ProgressReport}?)"/> fits on them.
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

        AccumulateInto(statistics, data, Enumerable.Range(0, data.Count).ToArray(), FeatureMap, Options.ChunkRows, progress);
    }

    /// <summary>
    /// Refuses data whose features cannot be fit, from Φ or from G = ΦᵀΦ (which decides ΦᵀY too: G finite bounds every
    /// |φ_ij|, and G = 0 means Φ = 0): a non-finite entry (the inputs overflow double precision through φ, or carry
    /// ±Infinity) or all zeros (nothing to learn; every later quantity would be 0/0).
    /// </summary>
    internal static void RequireUsable(ReadOnlySpan<double> values, string name)
    {
        bool anyNonZero = false;
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new InputException($"{name}: the features overflow double precision (ΦᵀΦ or Φ holds {v}); rescale the inputs (values of extreme magnitude, or too deep a network for them).");
            }

            anyNonZero |= v != 0;
        }

        if (!anyNonZero)
        {
            throw new InputException($"{name}: every feature is zero on the training samples (or so small, below about 1e-154, that ΦᵀΦ underflows to zero), so there is nothing to fit; rescale the inputs.");
        }
    }

    /// <summary>Runs a factorization of the Gram matrix; a numerical breakdown is the data's problem, reported as such.</summary>
    private static T Factorize<T>(Func<T> factorize, string name)
    {
        try
        {
            return factorize();
        }
        catch (ArithmeticException e)
        {
            throw new InputException($"{name}: the Gram matrix of the features could not be factorized ({e.Message}); the data are of too extreme a scale or too degenerate for double precision.");
        }
    }

    /// <summary>
    /// The cheapest exact route for the primal path: one Cholesky solve when λ is fixed, the tridiagonal reduction for a
    /// grid of λ &gt; 0, the eigendecomposition when the grid holds 0 (the pseudo-inverse), λ near rounding level of a
    /// singular G, a G that is not positive semi-definite, or statistics released with noise (whose negative eigenvalues
    /// the eigen route clamps, projecting G̃ onto the positive semi-definite cone).
    /// </summary>
    private IRidgePath PrimalPath(SufficientStatistics statistics, IReadOnlyList<double> grid, bool consumeGram)
    {
        if (statistics.ClassCounts is null)
        {
            return SpectralRidgePath.FromStatistics(statistics, _backend);
        }

        if (grid.Count == 1 && CholeskyRidgePath.TryCreate(statistics, grid[0], _backend) is { } cholesky)
        {
            return cholesky;
        }

        if (grid.Count > 0 && grid.Min() > 0)
        {
            TridiagonalRidgePath tridiagonal = TridiagonalRidgePath.Reduce(statistics, _backend, consumeGram);
            if (tridiagonal.Suits(grid))
            {
                return tridiagonal;
            }

            if (consumeGram)
            {
                return SpectralRidgePath.FromGram(tridiagonal.Gram(), statistics.CrossProduct, _backend);
            }
        }

        return SpectralRidgePath.FromStatistics(statistics, _backend);
    }

    private void RequireDimension(Dataset data) => data.RequireFits(FeatureMap.InputDimension, int.MaxValue, "the feature map");

    /// <summary>The λ values to choose from: the fixed λ, the given grid, or the paper's grid for the feature kind.</summary>
    private IReadOnlyList<double> Grid() => Options.Lambda is { } l ? [l] : Options.Grid ?? LambdaGrid.ForFeatureKind(FeatureMap.Kind);

    /// <summary>
    /// Validation accuracy of W(λ) for every λ of <paramref name="grid"/> (in order) from one projection of the
    /// validation features (rows×p); the best λ wins, ties keeping the earlier (smaller) one, as the paper's code does.
    /// With no validation rows every accuracy is NaN and the first λ is returned.
    /// </summary>
    internal static (double Lambda, double Accuracy, IReadOnlyList<(double Lambda, double Accuracy)> Curve) ChooseLambda(IRidgePath path,
        Matrix validationFeatures, int[] validationLabels, IReadOnlyList<double> grid, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(validationFeatures);
        ArgumentNullException.ThrowIfNull(validationLabels);
        ArgumentNullException.ThrowIfNull(grid);
        long[] correct = new long[grid.Count];
        if (validationLabels.Length > 0)
        {
            Count(path, validationFeatures, validationLabels, grid, correct);
        }

        return Best(correct, validationLabels.Length, grid, progress);
    }

    /// <summary>
    /// As <see cref="ChooseLambda(IRidgePath, Matrix, int[], IReadOnlyList{double}, IProgress{ProgressReport}?)"/> on the
    /// validation <paramref name="rows"/> of <paramref name="data"/>, mapped through φ <see cref="ValidationChunkRows"/> rows
    /// at a time, so a large validation split (5 % of a streamed data set) never needs its whole feature matrix.
    /// </summary>
    internal static (double Lambda, double Accuracy, IReadOnlyList<(double Lambda, double Accuracy)> Curve) ChooseLambda(IRidgePath path,
        Dataset data, int[] rows, IFeatureMap featureMap, IReadOnlyList<double> grid, IProgress<ProgressReport>? progress = null)
    {
        long[] correct = new long[grid.Count];
        if (rows.Length > 0)
        {
            int chunk = Math.Min(ValidationChunkRows, rows.Length), p = featureMap.OutputDimension;
            using var producer = new FeatureProducer(data, featureMap, chunk);
            var full = new Matrix(chunk, p); // one buffer for every full chunk: large-object garbage would pile up otherwise
            for (int start = 0; start < rows.Length; start += chunk)
            {
                int count = Math.Min(chunk, rows.Length - start);
                Matrix features = count == chunk ? full : new Matrix(count, p);
                producer.Map(rows.AsSpan(start, count), features.Data);
                int[] labels = [.. rows.AsSpan(start, count).ToArray().Select(r => data.Labels[r])];
                Count(path, features, labels, grid, correct);
                progress?.Report(new ProgressReport("features (validation)", (double)(start + count) / rows.Length));
            }
        }

        return Best(correct, rows.Length, grid, progress);
    }

    /// <summary>
    /// Validation rows mapped at once when choosing λ: one block for the validation split of MNIST or CIFAR (3,000 and
    /// 2,500 rows), the training pass's chunk size for larger ones.
    /// </summary>
    internal const int ValidationChunkRows = 4096;

    private static void Count(IRidgePath path, Matrix features, int[] labels, IReadOnlyList<double> grid, long[] correct)
    {
        IReadOnlyList<Matrix> allScores = path.ValidationScores(features, grid);
        for (int i = 0; i < grid.Count; i++)
        {
            correct[i] += RidgeModel.CountCorrect(allScores[i].Data, allScores[i].Rows, path.Targets, labels);
        }
    }

    private static (double Lambda, double Accuracy, IReadOnlyList<(double Lambda, double Accuracy)> Curve) Best(long[] correct, int count,
        IReadOnlyList<double> grid, IProgress<ProgressReport>? progress)
    {
        var curve = new List<(double, double)>(grid.Count);
        double bestLambda = grid[0], bestAccuracy = double.NegativeInfinity;
        for (int i = 0; i < grid.Count; i++)
        {
            double lambda = grid[i];
            double accuracy = count > 0 ? (double)correct[i] / count : double.NaN;

            curve.Add((lambda, accuracy));
            if (accuracy > bestAccuracy || (double.IsNaN(accuracy) && i == 0))
            {
                bestAccuracy = accuracy;
                bestLambda = lambda;
            }

            progress?.Report(new ProgressReport("λ path", (i + 1.0) / grid.Count));
        }

        return (bestLambda, bestAccuracy, curve);
    }

    /// <summary>
    /// Seeded split of 0…n−1: a random permutation, the first ⌊n·fraction⌋ entries held out for validation;
    /// each part is returned sorted (statistics do not depend on order; sorted reads are faster).
    /// </summary>
    internal static (int[] Train, int[] Validation) Split(int count, double validationFraction, int seed)
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

    /// <summary>Accumulates ΦᵀΦ and ΦᵀY over the given rows, chunk by chunk.</summary>
    internal static SufficientStatistics Accumulate(Dataset data, int[] rows, IFeatureMap featureMap, int chunkRows,
        ILinearAlgebraBackend backend, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(featureMap);
        var statistics = new SufficientStatistics(featureMap.OutputDimension, data.Classes, backend);
        AccumulateInto(statistics, data, rows, featureMap, chunkRows, progress);
        return statistics;
    }

    /// <summary>Adds φ's features of <paramref name="rows"/> of <paramref name="data"/> into <paramref name="statistics"/>, a chunk at a time.</summary>
    internal static void AccumulateInto(SufficientStatistics statistics, Dataset data, int[] rows, IFeatureMap featureMap, int chunkRows,
        IProgress<ProgressReport>? progress = null)
    {
        int p = featureMap.OutputDimension;
        int chunk = Math.Max(1, Math.Min(chunkRows, rows.Length));
        using var producer = new FeatureProducer(data, featureMap, chunk);
        double[] phi = Diagnostics.LargeBuffers.Rent(chunk * p);
        int[] labels = new int[chunk];
        try
        {
            for (int start = 0; start < rows.Length; start += chunk)
            {
                int count = Math.Min(chunk, rows.Length - start);
                ReadOnlySpan<int> part = rows.AsSpan(start, count);
                producer.Map(part, phi);
                for (int r = 0; r < count; r++)
                {
                    labels[r] = data.Labels[part[r]];
                }

                statistics.Add(phi, count, labels);
                progress?.Report(new ProgressReport("features + Gram", (double)(start + count) / rows.Length));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(phi);
        }
    }

    /// <summary>Features of the given rows as one matrix (|rows|×p).</summary>
    internal static Matrix MapRows(Dataset data, int[] rows, IFeatureMap featureMap, int chunkRows,
        IProgress<ProgressReport>? progress = null, string phase = "features")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(featureMap);
        int p = featureMap.OutputDimension;
        var result = new Matrix(rows.Length, p);
        int chunk = Math.Max(1, Math.Min(chunkRows, rows.Length));
        using var producer = new FeatureProducer(data, featureMap, chunk);
        for (int start = 0; start < rows.Length; start += chunk)
        {
            int count = Math.Min(chunk, rows.Length - start);
            producer.Map(rows.AsSpan(start, count), result.Data.AsSpan(start * p, count * p));
            progress?.Report(new ProgressReport(phase, (double)(start + count) / rows.Length));
        }

        return result;
    }
}
