namespace KrrDistill.Features;

/// <summary>φ(x) = x, p = d: linear ridge regression (LRR, docs/theory.md §1).</summary>
internal sealed class IdentityFeatureMap : IInvertibleFeatureMap
{
    /// <summary>Creates the identity map on R^<paramref name="dimension"/>.</summary>
    public IdentityFeatureMap(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        InputDimension = dimension;
    }

    /// <inheritdoc/>
    public FeatureKind Kind => FeatureKind.Identity;

    /// <inheritdoc/>
    public int InputDimension { get; }

    /// <inheritdoc/>
    public int OutputDimension => InputDimension;

    /// <inheritdoc/>
    public bool IsSurjective => true;

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<double> inputs, int rows, Span<double> features)
        => inputs[..(rows * InputDimension)].CopyTo(features);

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<float> inputs, int rows, Span<float> features)
        => inputs[..(rows * InputDimension)].CopyTo(features);

    /// <inheritdoc/>
    public IReadOnlyList<FeatureParameter> Parameters() => [];

    /// <inheritdoc/>
    public FeatureInversion Invert(LinearAlgebra.Matrix targetFeatures)
    {
        ArgumentNullException.ThrowIfNull(targetFeatures);
        return new FeatureInversion(targetFeatures.Clone(), 1.0);
    }
}
