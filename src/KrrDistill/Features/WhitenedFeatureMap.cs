using System.Buffers;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Features;

/// <summary>
/// A feature map behind ZCA whitening, φ(T (x − μ)) (docs/theory.md §4, "Whitening"): the whitening is one more
/// invertible layer in front of φ, so a model fit on these features is distilled exactly as φ's, and the constructed
/// inputs are mapped back through T⁻¹ to the data's own (normalized) space. Its artefact keys are φ's plus the
/// whitening's (<see cref="Whitening.Parameters"/>), so the model, statistics and distilled sets record it and a
/// statistics file of another whitening has another checksum.
/// </summary>
public sealed class WhitenedFeatureMap : IInvertibleFeatureMap
{
    /// <summary>φ(T (x − μ)).</summary>
    /// <exception cref="ArgumentException">The whitening's dimension is not φ's input dimension, or φ cannot construct inputs.</exception>
    public WhitenedFeatureMap(Whitening whitening, IFeatureMap inner)
    {
        ArgumentNullException.ThrowIfNull(whitening);
        ArgumentNullException.ThrowIfNull(inner);
        if (whitening.Dimension != inner.InputDimension)
        {
            throw new ArgumentException($"the whitening is of dimension {whitening.Dimension}, the feature map takes {inner.InputDimension}.", nameof(whitening));
        }

        Whitening = whitening;
        Inner = inner as IInvertibleFeatureMap ?? throw new ArgumentException("the feature map must construct inputs.", nameof(inner));
    }

    /// <summary>The whitening applied first.</summary>
    public Whitening Whitening { get; }

    /// <summary>φ, applied to the whitened inputs.</summary>
    public IInvertibleFeatureMap Inner { get; }

    /// <inheritdoc/>
    public FeatureKind Kind => Inner.Kind;

    /// <inheritdoc/>
    public int InputDimension => Inner.InputDimension;

    /// <inheritdoc/>
    public int OutputDimension => Inner.OutputDimension;

    /// <inheritdoc/>
    public bool IsSurjective => Inner.IsSurjective;

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<double> inputs, int rows, Span<double> features)
    {
        double[] whitened = Diagnostics.LargeBuffers.Rent(rows * InputDimension);
        try
        {
            Whitening.Apply(inputs, rows, whitened);
            Inner.Map(whitened.AsSpan(0, rows * InputDimension), rows, features);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(whitened);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<FeatureParameter> Parameters() => [.. Inner.Parameters(), .. Whitening.Parameters()];

    /// <summary>φ's inversion of the targets, mapped back through the whitening: x = T⁻¹ z + μ.</summary>
    public FeatureInversion Invert(Matrix targetFeatures)
    {
        FeatureInversion inner = Inner.Invert(targetFeatures);
        return inner with { Inputs = Whitening.Unapply(inner.Inputs) };
    }

    /// <summary><paramref name="map"/> without its whitening (itself when it has none).</summary>
    public static IFeatureMap Unwhitened(IFeatureMap map) => map is WhitenedFeatureMap whitened ? whitened.Inner : map;
}
