using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// Test accuracy of several models W₁, W₂, … (each k×p) on the same feature map, computing each chunk's
/// features once: the original, distilled and baseline models of a run share one pass over the test set.
/// </summary>
internal static class MultiModelEvaluator
{
    /// <summary>Accuracy of each model in <paramref name="models"/> on <paramref name="data"/>, in order.</summary>
    public static double[] Accuracies(Dataset data, IFeatureMap featureMap, IReadOnlyList<Matrix> models, int chunkRows = 4096)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            return [];
        }

        // Models may know more classes than the data hold (a distilled set evaluated on a subset of them).
        int p = featureMap.OutputDimension, k = models[0].Rows;
        foreach (Matrix w in models)
        {
            if (w.Columns != p || w.Rows != k || k < data.Classes)
            {
                throw new ArgumentException($"a model is {w.Rows}×{w.Columns}, expected {k}×{p} with k ≥ {data.Classes} classes.");
            }
        }

        chunkRows = Math.Max(1, Math.Min(chunkRows, data.Count));
        using var producer = new FeatureProducer(data, featureMap, chunkRows);
        double[] phi = Diagnostics.LargeBuffers.ForPass(chunkRows * p);
        double[] scores = new double[chunkRows * k];
        int[] rows = new int[chunkRows];
        long[] correct = new long[models.Count];
        for (int start = 0; start < data.Count; start += chunkRows)
        {
            int count = Math.Min(chunkRows, data.Count - start);
            for (int r = 0; r < count; r++)
            {
                rows[r] = start + r;
            }

            producer.Map(rows.AsSpan(0, count), phi);
            for (int i = 0; i < models.Count; i++)
            {
                LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, count, k, p, 1.0, phi, p, models[i].Data, p, 0.0, scores, k);
                correct[i] += RidgeModel.CountCorrect(scores, count, k, data.Labels.AsSpan(start, count));
            }
        }

        return correct.Select(c => data.Count == 0 ? double.NaN : (double)c / data.Count).ToArray();
    }
}
