using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// A trained KRR model f(x) = W φ(x) (docs/theory.md §1) with W (k×p); on row-major inputs X (rows×d) the scores are
/// φ(X) Wᵀ (rows×k) and the prediction is the first index of the largest score (numpy's argmax). It remembers how its
/// inputs were normalized, so that <see cref="Save"/> writes a <c>model.npz</c> numpy alone can evaluate and
/// <see cref="Load"/> reads it back.
/// </summary>
public sealed class RidgeModel
{
    internal RidgeModel(Matrix weights, double lambda, IFeatureMap featureMap, InputNormalization normalization, ImageShape? imageShape)
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
        Normalization = normalization ?? throw new ArgumentNullException(nameof(normalization));
        ImageShape = imageShape;
    }

    /// <summary>W (k×p).</summary>
    public Matrix Weights { get; }

    /// <summary>The ridge λ the model was fit with.</summary>
    public double Lambda { get; }

    /// <summary>The feature map φ.</summary>
    public IFeatureMap FeatureMap { get; }

    /// <summary>How raw inputs became model inputs: model input = (raw / divisor − mean) / std.</summary>
    public InputNormalization Normalization { get; }

    /// <summary>Shape of one image (channels, height, width), or null for non-image data.</summary>
    public ImageShape? ImageShape { get; }

    /// <summary>How the model was fit (null for a model loaded from a file or refit on a distilled set).</summary>
    public RidgeFitResult? FitResult { get; init; }

    /// <summary>Number of classes k.</summary>
    public int Classes => Weights.Rows;

    /// <summary>The meta_json the model was loaded with (<c>{}</c> when absent or for a model made in this process).</summary>
    public string LoadedMetaJson { get; init; } = "{}";

    /// <summary>Scores φ(X) Wᵀ (rows×k) of model inputs <paramref name="inputs"/> (rows×d).</summary>
    public Matrix Scores(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Columns != FeatureMap.InputDimension)
        {
            throw new InputException($"the inputs have {inputs.Columns} features but the model expects {FeatureMap.InputDimension}.");
        }

        var phi = new Matrix(inputs.Rows, FeatureMap.OutputDimension);
        FeatureMap.Map(inputs.Data, inputs.Rows, phi.Data);
        var scores = new Matrix(inputs.Rows, Classes);
        ScoreFeatures(phi.Data, inputs.Rows, scores.Data);
        return scores;
    }

    /// <summary>The predicted class (first argmax of the scores) of each row of <paramref name="inputs"/> (rows×d).</summary>
    public int[] Predict(Matrix inputs)
    {
        Matrix scores = Scores(inputs);
        var classes = new int[scores.Rows];
        for (int r = 0; r < scores.Rows; r++)
        {
            classes[r] = ArgMax(scores.Data.AsSpan(r * Classes, Classes));
        }

        return classes;
    }

    /// <summary>Scores of precomputed feature rows: S = Φ Wᵀ (rows×k), written to <paramref name="scores"/>.</summary>
    internal void ScoreFeatures(ReadOnlySpan<double> features, int rows, Span<double> scores)
    {
        int p = Weights.Columns, k = Weights.Rows;
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, rows, k, p, 1.0, features, p, Weights.Data, p, 0.0, scores, k);
    }

    /// <summary>
    /// Test accuracy on <paramref name="data"/>: the fraction of samples whose argmax score equals the label. Inputs and
    /// features are produced <paramref name="chunkRows"/> rows at a time.
    /// </summary>
    public double Accuracy(Dataset data, int chunkRows = 4096)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.RequireFits(FeatureMap.InputDimension, Classes, "the model");

        return MultiModelEvaluator.Accuracies(data, FeatureMap, [Weights], chunkRows)[0];
    }

    /// <summary>The meta_json <see cref="Save"/> writes: how the model was fit, its feature map and the tool.</summary>
    public System.Text.Json.Nodes.JsonObject MetaJson() => ModelArtefact.MetaJson(this);

    /// <summary>
    /// Writes <c>model.npz</c> atomically: <c>w</c> float64 [k, p], <c>lambda</c>, <c>feature_kind</c> and the feature
    /// parameters, <c>input_mean</c>/<c>input_std</c>/<c>input_divisor</c>, <c>image_shape</c> for images, and
    /// <c>meta_json</c> (how it was fit). numpy alone can evaluate it: argmax of W·φ(x).
    /// </summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ModelArtefact.Save(path, this);
    }

    /// <summary>Reads a <c>model.npz</c>; a missing or mis-shaped key throws <see cref="DataFormatException"/> naming it.</summary>
    public static RidgeModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ModelArtefact.Load(path);
    }

    /// <summary>Number of rows of <paramref name="scores"/> (rows×k) whose first argmax equals the label.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static long CountCorrect(ReadOnlySpan<double> scores, int rows, int classes, ReadOnlySpan<int> labels)
    {
        long correct = 0;
        for (int r = 0; r < rows; r++)
        {
            if (ArgMax(scores.Slice(r * classes, classes)) == labels[r])
            {
                correct++;
            }
        }

        return correct;
    }

    private static int ArgMax(ReadOnlySpan<double> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }
}
