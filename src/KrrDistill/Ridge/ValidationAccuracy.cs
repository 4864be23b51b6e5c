using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// λ by validation accuracy (the paper's rule, docs/theory.md §1): the validation rows are mapped through φ
/// <see cref="ChunkRows"/> at a time (a large validation split never needs its whole feature matrix), every λ of the
/// grid is scored on each chunk from one projection, and the best λ wins, ties keeping the earlier (smaller) one.
/// With no validation rows every accuracy is NaN and the first λ is returned.
/// </summary>
internal sealed class ValidationAccuracy(TrainingRows validation, IFeatureMap? scoringMap) : LambdaChoice
{
    /// <summary>
    /// Validation rows mapped at once: one block for the validation split of MNIST or CIFAR (3,000 and 2,500 rows), the
    /// training pass's chunk size for larger ones.
    /// </summary>
    internal const int ChunkRows = 4096;

    /// <summary>The same rows scored through another map than the estimator's (the clipped map of a private release).</summary>
    internal static ValidationAccuracy Through(TrainingRows validation, IFeatureMap featureMap) => new(validation, featureMap);

    /// <summary>The validation rows.</summary>
    internal TrainingRows Rows => validation;

    internal override long Count => validation.Count;

    internal override void Check(IReadOnlyList<double> grid, IFeatureMap featureMap, int classes)
    {
        if (validation.Data.Classes > classes || (validation.Count == 0 && grid.Count > 1))
        {
            throw new InputException($"{validation.Data.Name}: {validation.Count} samples of {validation.Data.Classes} classes cannot choose λ for statistics of {classes} classes.");
        }

        validation.Data.RequireFits((scoringMap ?? featureMap).InputDimension, int.MaxValue, "the feature map");
    }

    internal override LambdaSearch Choose(IRidgePath path, IReadOnlyList<double> grid, IFeatureMap estimatorMap, int chunkRows, IProgress<ProgressReport>? progress)
    {
        IFeatureMap map = scoringMap ?? estimatorMap;
        int[] rows = validation.Indices;
        long[] correct = new long[grid.Count];
        if (rows.Length > 0)
        {
            int chunk = Math.Min(ChunkRows, rows.Length), p = map.OutputDimension;
            using var producer = new FeatureProducer(validation.Data, map, chunk);
            var full = new Matrix(chunk, p); // one buffer for every full chunk: large-object garbage would pile up otherwise
            int[] labels = new int[chunk];
            for (int start = 0; start < rows.Length; start += chunk)
            {
                int count = Math.Min(chunk, rows.Length - start);
                Matrix features = count == chunk ? full : new Matrix(count, p);
                producer.Map(rows.AsSpan(start, count), features.Data);
                for (int r = 0; r < count; r++)
                {
                    labels[r] = validation.Data.Labels[rows[start + r]];
                }

                IReadOnlyList<Matrix> scores = path.ValidationScores(features, grid);
                for (int i = 0; i < grid.Count; i++)
                {
                    correct[i] += RidgeModel.CountCorrect(scores[i].Data, scores[i].Rows, path.Targets, labels.AsSpan(0, count));
                }

                progress?.Report(new ProgressReport("features (validation)", (double)(start + count) / rows.Length));
            }
        }

        var curve = new List<(double, double)>(grid.Count);
        double bestLambda = grid[0], bestAccuracy = double.NegativeInfinity;
        for (int i = 0; i < grid.Count; i++)
        {
            double accuracy = rows.Length > 0 ? (double)correct[i] / rows.Length : double.NaN;
            curve.Add((grid[i], accuracy));
            if (accuracy > bestAccuracy || (double.IsNaN(accuracy) && i == 0))
            {
                (bestAccuracy, bestLambda) = (accuracy, grid[i]);
            }

            progress?.Report(new ProgressReport("λ path", (i + 1.0) / grid.Count));
        }

        return new LambdaSearch(bestLambda, bestAccuracy, curve, [], "λ path (validation)");
    }
}
