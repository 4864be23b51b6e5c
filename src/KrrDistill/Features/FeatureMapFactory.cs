using KrrDistill.LinearAlgebra;

namespace KrrDistill.Features;

/// <summary>Builds a feature map from command-line style settings.</summary>
public static class FeatureMapFactory
{
    /// <summary>Feature kinds the factory knows.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["identity", "fcnn", "rff", "linear"];

    /// <summary>
    /// Creates the map <paramref name="kind"/> on R^<paramref name="inputDimension"/>. <paramref name="width"/>
    /// (p; null = d) and <paramref name="depth"/> apply to fcnn and linear, width and <paramref name="rffSigma2"/> to rff.
    /// Throws <see cref="ArgumentException"/> naming the option at fault.
    /// </summary>
    public static IFeatureMap Create(string kind, int inputDimension, int? width, int depth, double rffSigma2, int seed, ILinearAlgebraBackend backend)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (width is < 1)
        {
            throw new ArgumentException($"--width must be at least 1 (got {width}).");
        }

        int p = width ?? inputDimension;
        switch (kind)
        {
            case "identity":
                if (width is not null && width != inputDimension)
                {
                    throw new ArgumentException($"--width {width} does not apply to identity features (p = d = {inputDimension}).");
                }

                return new IdentityFeatureMap(inputDimension);
            case "fcnn":
                if (depth < 1)
                {
                    throw new ArgumentException($"--depth must be at least 1 (got {depth}).");
                }

                return LeakyReluNetwork.CreateRandom(inputDimension, p, depth, 0.1, seed, backend);
            case "rff":
                if (!(rffSigma2 > 0) || !double.IsFinite(rffSigma2))
                {
                    throw new ArgumentException($"--rff-sigma2 must be positive (got {rffSigma2}).");
                }

                if (p > inputDimension)
                {
                    throw new ArgumentException($"--width {p} exceeds d = {inputDimension}: rff features are only invertible, hence distillable to k points, for p ≤ d (PAPER.md Example 5.4).");
                }

                return RandomFourierFeatures.CreateRandom(inputDimension, p, rffSigma2, seed, backend);
            case "linear":
                if (depth < 1)
                {
                    throw new ArgumentException($"--depth must be at least 1 (got {depth}).");
                }

                return DeepLinearNetwork.CreateRandom(inputDimension, p, depth, seed, backend);
            default:
                throw new ArgumentException($"--features '{kind}' is not known (use {string.Join(", ", Kinds)}).");
        }
    }
}
