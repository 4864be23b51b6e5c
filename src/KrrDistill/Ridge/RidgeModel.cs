using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// A trained KRR model f(x) = W φ(x) (PAPER.md §1) with W (k×p); on row-major chunks the scores are
/// Φ Wᵀ (rows×k) and the prediction is the first index of the largest score (numpy's argmax).
/// </summary>
public sealed class RidgeModel
{
    private readonly ILinearAlgebraBackend _backend;

    /// <summary>Creates the model from its weights, the λ it was fit with, and its feature map.</summary>
    public RidgeModel(Matrix weights, double lambda, IFeatureMap featureMap, ILinearAlgebraBackend backend)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(featureMap);
        if (weights.Columns != featureMap.OutputDimension)
        {
            throw new ArgumentException($"W has {weights.Columns} columns but φ gives {featureMap.OutputDimension} features.");
        }

        Weights = weights;
        Lambda = lambda;
        FeatureMap = featureMap;
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
    }

    /// <summary>W (k×p).</summary>
    public Matrix Weights { get; }

    /// <summary>The ridge λ the model was fit with.</summary>
    public double Lambda { get; }

    /// <summary>The feature map φ.</summary>
    public IFeatureMap FeatureMap { get; }

    /// <summary>Number of classes k.</summary>
    public int Classes => Weights.Rows;

    /// <summary>Scores of precomputed feature rows: S = Φ Wᵀ (rows×k), written to <paramref name="scores"/>.</summary>
    public void ScoreFeatures(ReadOnlySpan<double> features, int rows, Span<double> scores)
    {
        int p = Weights.Columns, k = Weights.Rows;
        _backend.Gemm(Transpose.No, Transpose.Yes, rows, k, p, 1.0, features, p, Weights.Data, p, 0.0, scores, k);
    }

    /// <summary>
    /// Test accuracy on <paramref name="data"/>: the fraction of samples whose argmax score equals the
    /// label. Inputs and features are produced <paramref name="chunkRows"/> rows at a time.
    /// </summary>
    public double Accuracy(Dataset data, int chunkRows = 4096)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Dimension != FeatureMap.InputDimension)
        {
            throw new DataFormatException($"{data.Name}: samples have {data.Dimension} features but the model expects {FeatureMap.InputDimension}.");
        }

        return MultiModelEvaluator.Accuracies(data, FeatureMap, [Weights], _backend, chunkRows)[0];
    }

    /// <summary>Number of rows of <paramref name="scores"/> (rows×k) whose first argmax equals the label.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static long CountCorrect(ReadOnlySpan<double> scores, int rows, int classes, ReadOnlySpan<int> labels)
    {
        long correct = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> row = scores.Slice(r * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (best == labels[r])
            {
                correct++;
            }
        }

        return correct;
    }
}
