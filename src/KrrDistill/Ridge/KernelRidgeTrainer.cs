using System.Buffers;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Randomness;

namespace KrrDistill.Ridge;

/// <summary>
/// Fits the original KRR model W = Y φ_λ(X)^+ (PAPER.md §1) the way the paper does: a seeded
/// train/validation split (95/5), λ chosen by validation accuracy over the grid, W fit on the training
/// part. Primal (statistics ΦᵀΦ, ΦᵀY accumulated chunk by chunk) when n &gt; p, dual (n×n kernel) when
/// n ≤ p; either way one symmetric eigendecomposition serves every λ (<see cref="SpectralRidgePath"/>).
/// </summary>
public static class KernelRidgeTrainer
{
    /// <summary>
    /// Splits <paramref name="data"/>, maps it through <paramref name="featureMap"/>, chooses λ and fits W.
    /// Throws <see cref="ArgumentException"/> for λ &lt; 0 or an empty split.
    /// </summary>
    public static KrrFitResult Fit(Dataset data, IFeatureMap featureMap, KrrFitOptions options,
        ILinearAlgebraBackend backend, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        if (options.Lambda is { } fixedLambda && (!(fixedLambda >= 0) || !double.IsFinite(fixedLambda)))
        {
            throw new ArgumentException($"--lambda must be a finite number ≥ 0 (got {fixedLambda}).");
        }

        if (data.Dimension != featureMap.InputDimension)
        {
            throw new DataFormatException($"{data.Name}: samples have {data.Dimension} features but the feature map expects {featureMap.InputDimension}.");
        }

        IReadOnlyList<double> grid = options.Lambda is { } l ? [l] : options.Grid ?? LambdaGrid.ForFeatureKind(featureMap.Kind);
        var timer = new PhaseTimer();
        (int[] trainRows, int[] validationRows) = Split(data.Count, options.ValidationFraction, options.SplitSeed);
        if (trainRows.Length == 0)
        {
            throw new ArgumentException($"{data.Name}: no samples left to fit on after the validation split.");
        }

        if (validationRows.Length == 0 && grid.Count > 1)
        {
            throw new ArgumentException($"{data.Name}: {data.Count} samples leave none for choosing λ; pass --lambda.");
        }

        int p = featureMap.OutputDimension, k = data.Classes, chunk = Math.Max(1, options.ChunkRows);
        bool dual = trainRows.Length <= p;
        SpectralRidgePath path;
        if (dual)
        {
            Matrix phi = MapRows(data, trainRows, featureMap, chunk, progress, "features (train)");
            var y = new Matrix(trainRows.Length, k);
            for (int r = 0; r < trainRows.Length; r++)
            {
                y[r, data.Labels[trainRows[r]]] = 1.0;
            }

            timer.Lap("features (train)");
            path = SpectralRidgePath.FromFeatures(phi, y, backend);
            timer.Lap("kernel + eigendecomposition");
        }
        else
        {
            GramStatistics statistics = Accumulate(data, trainRows, featureMap, chunk, backend, progress);
            timer.Lap("features + Gram (train)");
            path = SpectralRidgePath.FromStatistics(statistics, backend);
            timer.Lap("eigendecomposition");
        }

        Matrix validationFeatures = MapRows(data, validationRows, featureMap, chunk, progress, "features (validation)");
        int[] validationLabels = validationRows.Select(r => data.Labels[r]).ToArray();
        (double bestLambda, double bestAccuracy, IReadOnlyList<(double, double)> curve) = ChooseLambda(path, validationFeatures, validationLabels, grid, progress);
        timer.Lap("λ path (validation)");
        var model = new RidgeModel(path.Weights(bestLambda), bestLambda, featureMap, backend);
        timer.Lap("solve W");
        return new KrrFitResult
        {
            Model = model,
            ValidationCurve = curve,
            ValidationAccuracy = bestAccuracy,
            TrainCount = trainRows.Length,
            ValidationCount = validationRows.Length,
            Dual = dual,
            Rank = path.NumericalRank,
            TrainIndices = trainRows,
            Timings = timer.Phases,
        };
    }

    /// <summary>
    /// Validation accuracy of W(λ) for every λ of <paramref name="grid"/> (in order) from one projection of the
    /// validation features (rows×p); the best λ wins, ties keeping the earlier (smaller) one, as the paper's code does.
    /// With no validation rows every accuracy is NaN and the first λ is returned.
    /// </summary>
    public static (double Lambda, double Accuracy, IReadOnlyList<(double Lambda, double Accuracy)> Curve) ChooseLambda(SpectralRidgePath path,
        Matrix validationFeatures, int[] validationLabels, IReadOnlyList<double> grid, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(validationFeatures);
        ArgumentNullException.ThrowIfNull(validationLabels);
        ArgumentNullException.ThrowIfNull(grid);
        Matrix projected = path.Project(validationFeatures);
        var curve = new List<(double, double)>(grid.Count);
        double bestLambda = grid[0], bestAccuracy = double.NegativeInfinity;
        for (int i = 0; i < grid.Count; i++)
        {
            double lambda = grid[i];
            double accuracy = double.NaN;
            if (validationLabels.Length > 0)
            {
                Matrix scores = path.PredictProjected(projected, lambda);
                accuracy = (double)RidgeModel.CountCorrect(scores.Data, scores.Rows, path.Targets, validationLabels) / validationLabels.Length;
            }

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
    public static (int[] Train, int[] Validation) Split(int count, double validationFraction, int seed)
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
    public static GramStatistics Accumulate(Dataset data, int[] rows, IFeatureMap featureMap, int chunkRows,
        ILinearAlgebraBackend backend, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(featureMap);
        int p = featureMap.OutputDimension;
        var accumulator = new GramAccumulator(p, data.Classes, backend);
        int chunk = Math.Max(1, Math.Min(chunkRows, rows.Length));
        using var producer = new FeatureProducer(data, featureMap, chunk);
        double[] phi = ArrayPool<double>.Shared.Rent(chunk * p);
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

                accumulator.Add(phi, count, labels);
                progress?.Report(new ProgressReport("features + Gram", (double)(start + count) / rows.Length));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(phi);
        }

        return accumulator.ToStatistics();
    }

    /// <summary>Features of the given rows as one matrix (|rows|×p).</summary>
    public static Matrix MapRows(Dataset data, int[] rows, IFeatureMap featureMap, int chunkRows,
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
