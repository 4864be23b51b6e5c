namespace KrrDistill.Features;

/// <summary>
/// A fixed feature map φ: R^d → R^p (docs/theory.md §1, §4), applied to chunks of samples stored as rows.
/// The kernel is K(x, x') = ⟨φ(x), φ(x')⟩.
/// </summary>
public interface IFeatureMap
{
    /// <summary>Which map this is (its artefact name: <see cref="FeatureKinds.ArtefactName"/>).</summary>
    FeatureKind Kind { get; }

    /// <summary>Input dimension d.</summary>
    int InputDimension { get; }

    /// <summary>Feature dimension p.</summary>
    int OutputDimension { get; }

    /// <summary>
    /// True when every φ-value in R^p has a preimage (p ≤ d with full-rank layers), which exact
    /// distillation of inputs needs (docs/theory.md §4).
    /// </summary>
    bool IsSurjective { get; }

    /// <summary>
    /// Maps <paramref name="rows"/> inputs (rows×d, row-major) to their features (rows×p, row-major).
    /// </summary>
    void Map(ReadOnlySpan<double> inputs, int rows, Span<double> features);

    /// <summary>
    /// The same map in float32 (rows×d inputs to rows×p features, row-major), for the single-precision statistics pass
    /// (<see cref="Ridge.Precision.Single"/>). The default rounds the float64 map's features; maps with float32 kernels
    /// (identity, fcnn, rff) override it.
    /// </summary>
    void Map(ReadOnlySpan<float> inputs, int rows, Span<float> features)
    {
        double[] wideInputs = new double[rows * InputDimension], wideFeatures = new double[rows * OutputDimension];
        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, double>(inputs[..wideInputs.Length], wideInputs);
        Map(wideInputs, rows, wideFeatures);
        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(wideFeatures, features[..wideFeatures.Length]);
    }

    /// <summary>Every parameter of the map, under the artefact keys of docs/design.md ("Artefacts").</summary>
    IReadOnlyList<FeatureParameter> Parameters();
}

/// <summary>
/// One saved parameter of a feature map: its artefact key (e.g. <c>fcnn_weight_0</c>), its values in
/// row-major order, and its shape (empty for a scalar).
/// </summary>
/// <param name="Key">Artefact key, as docs/design.md ("Artefacts") names it.</param>
/// <param name="Values">Row-major values.</param>
/// <param name="Shape">Shape; empty for a 0-d scalar.</param>
public sealed record FeatureParameter(string Key, double[] Values, int[] Shape);
