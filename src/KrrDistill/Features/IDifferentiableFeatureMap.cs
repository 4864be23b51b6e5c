namespace KrrDistill.Features;

/// <summary>
/// A feature map that can pull a gradient with respect to its features back to its inputs (a
/// vector–Jacobian product), which gradient-based distillation such as KIP needs. Samples are rows:
/// for inputs X (rows×d) and a gradient ∂L/∂Φ (rows×p) of some scalar L with respect to Φ = φ(X),
/// <see cref="Backward"/> writes ∂L/∂X (rows×d). The maps of the library that do not implement this
/// interface themselves are handled by <see cref="FeatureMapGradients"/>.
/// </summary>
internal interface IDifferentiableFeatureMap : IFeatureMap
{
    /// <summary>
    /// Writes ∂L/∂X (rows×d, row-major) into <paramref name="inputGradient"/> given X in
    /// <paramref name="inputs"/> (rows×d) and ∂L/∂φ(X) in <paramref name="featureGradient"/> (rows×p).
    /// </summary>
    void Backward(ReadOnlySpan<double> inputs, int rows, ReadOnlySpan<double> featureGradient, Span<double> inputGradient);
}
