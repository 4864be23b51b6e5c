using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Distillation;

/// <summary>
/// A distilled data set (X_S, Y_S, λ_S) with everything needed to retrain and view it: samples as rows,
/// X_S (m×d) in model-input (normalized) space, Y_S (m×k), the feature map φ, the input normalization
/// and, for images, their shape. KRR on (φ(X_S), Y_S, λ_S) gives W_S (PAPER.md §1).
/// </summary>
public sealed class DistilledSet
{
    /// <summary>X_S (m×d), model-input space.</summary>
    public required Matrix Inputs { get; init; }

    /// <summary>Y_S (m×k).</summary>
    public required Matrix Labels { get; init; }

    /// <summary>λ_S ≥ 0.</summary>
    public required double LambdaS { get; init; }

    /// <summary>The feature map φ.</summary>
    public required IFeatureMap FeatureMap { get; init; }

    /// <summary>How raw pixels map to model inputs (so a viewer can undo it).</summary>
    public required InputNormalization Normalization { get; init; }

    /// <summary>Shape of one image, or null for non-image data.</summary>
    public ImageShape? ImageShape { get; init; }

    /// <summary>For real initialization: the real images X̂_S (m×d) the set started from; else null.</summary>
    public Matrix? InitialInputs { get; init; }

    /// <summary>Free-form metadata as one JSON object (data set, λ, IPC, init, seed, version, errors, accuracies).</summary>
    public string MetaJson { get; set; } = "{}";

    /// <summary>Number of distilled points m.</summary>
    public int Count => Inputs.Rows;

    /// <summary>Number of classes k.</summary>
    public int Classes => Labels.Columns;
}
