using KrrDistill.LinearAlgebra;

namespace KrrDistill.Features;

/// <summary>
/// Backward passes (vector–Jacobian products) of the library's feature maps, samples as rows: given X
/// (rows×d) and G_Φ = ∂L/∂Φ (rows×p) for Φ = φ(X), the gradient ∂L/∂X (rows×d). Maps implementing
/// <see cref="IDifferentiableFeatureMap"/> are used as they are; the others are dispatched on their type:
/// <list type="bullet">
/// <item><see cref="IdentityFeatureMap"/>: Φ = X, so ∂Φ/∂X = I and ∂L/∂X = G_Φ.</item>
/// <item><see cref="DeepLinearNetwork"/>: Φ = X Mᵀ with M = W⁽ᴸ⁾⋯W⁽¹⁾, so ∂L/∂X = G_Φ M.</item>
/// <item><see cref="LeakyReluNetwork"/>: forward Z_l = H_{l−1} W⁽ˡ⁾ᵀ, H_l = σ(Z_l), H_0 = X, Φ = H_L with the
/// pre-activations Z_l recomputed and kept; backward from δ_L = G_Φ: δ_pre = δ_l ∘ σ'(Z_l) (σ' = 1 for
/// z &gt; 0, slope otherwise) and δ_{l−1} = δ_pre W⁽ˡ⁾; ∂L/∂X = δ_0.</item>
/// <item><see cref="RandomFourierFeatures"/>: Φ = s·cos(T), T = X Aᵀ + 1bᵀ, s = √(2/p), so
/// ∂L/∂T = −s·sin(T) ∘ G_Φ and ∂L/∂X = (∂L/∂T) A.</item>
/// </list>
/// </summary>
internal static class FeatureMapGradients
{
    /// <summary>True when <see cref="Backward"/> can differentiate <paramref name="map"/>.</summary>
    public static bool Supports(IFeatureMap map) => map is IDifferentiableFeatureMap or IdentityFeatureMap
        or DeepLinearNetwork or LeakyReluNetwork or RandomFourierFeatures;

    /// <summary>
    /// Writes ∂L/∂X (rows×d) into <paramref name="inputGradient"/> from X (<paramref name="inputs"/>, rows×d) and
    /// ∂L/∂φ(X) (<paramref name="featureGradient"/>, rows×p). Throws <see cref="NotSupportedException"/> for a map
    /// without a backward pass.
    /// </summary>
    public static void Backward(IFeatureMap map, ReadOnlySpan<double> inputs, int rows, ReadOnlySpan<double> featureGradient,
        Span<double> inputGradient)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        int d = map.InputDimension, p = map.OutputDimension;
        if (inputs.Length < (long)rows * d || featureGradient.Length < (long)rows * p || inputGradient.Length < (long)rows * d)
        {
            throw new ArgumentException($"buffers are too short for {rows} rows of {d} inputs and {p} features.");
        }

        switch (map)
        {
            case IDifferentiableFeatureMap differentiable:
                differentiable.Backward(inputs, rows, featureGradient, inputGradient);
                break;
            case IdentityFeatureMap:
                featureGradient[..(rows * d)].CopyTo(inputGradient);
                break;
            case DeepLinearNetwork linear:
                Matrix product = linear.Weights.Count == 1 ? linear.Weights[0] : linear.Product();
                LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, rows, d, p, 1.0, featureGradient, p, product.Data, d, 0.0, inputGradient, d);
                break;
            case LeakyReluNetwork network:
                LeakyReluBackward(network, inputs, rows, featureGradient, inputGradient);
                break;
            case RandomFourierFeatures rff:
                FourierBackward(rff, inputs, rows, featureGradient, inputGradient);
                break;
            default:
                throw new NotSupportedException($"the feature map '{map.Kind}' has no backward pass; gradient-based distillation needs identity, linear, fcnn or rff.");
        }
    }

    private static void LeakyReluBackward(LeakyReluNetwork network, ReadOnlySpan<double> inputs, int rows,
        ReadOnlySpan<double> featureGradient, Span<double> inputGradient)
    {
        IReadOnlyList<Matrix> weights = network.Weights;
        double slope = network.NegativeSlope;
        int layers = weights.Count;

        // Forward pass, keeping every pre-activation Z_l = H_{l−1} W⁽ˡ⁾ᵀ (rows×d_l).
        var pre = new double[layers][];
        ReadOnlySpan<double> h = inputs;
        for (int l = 0; l < layers; l++)
        {
            Matrix w = weights[l];
            pre[l] = new double[rows * w.Rows];
            LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, rows, w.Rows, w.Columns, 1.0, h, w.Columns, w.Data, w.Columns, 0.0, pre[l], w.Rows);
            if (l < layers - 1)
            {
                double[] activated = (double[])pre[l].Clone();
                LeakyReluNetwork.ApplyLeakyRelu(activated, slope);
                h = activated;
            }
        }

        // Backward pass: δ_pre = δ ∘ σ'(Z_l), δ_{l−1} = δ_pre W⁽ˡ⁾.
        double[] delta = featureGradient[..(rows * weights[^1].Rows)].ToArray();
        for (int l = layers - 1; l >= 0; l--)
        {
            Matrix w = weights[l];
            double[] z = pre[l];
            for (int i = 0; i < delta.Length; i++)
            {
                if (!(z[i] > 0))
                {
                    delta[i] *= slope;
                }
            }

            if (l == 0)
            {
                LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, rows, w.Columns, w.Rows, 1.0, delta, w.Rows, w.Data, w.Columns, 0.0, inputGradient, w.Columns);
            }
            else
            {
                var previous = new double[rows * w.Columns];
                LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, rows, w.Columns, w.Rows, 1.0, delta, w.Rows, w.Data, w.Columns, 0.0, previous, w.Columns);
                delta = previous;
            }
        }
    }

    private static void FourierBackward(RandomFourierFeatures rff, ReadOnlySpan<double> inputs, int rows,
        ReadOnlySpan<double> featureGradient, Span<double> inputGradient)
    {
        int d = rff.InputDimension, p = rff.OutputDimension;
        double scale = Math.Sqrt(2.0 / p);
        var t = new double[rows * p];
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, rows, p, d, 1.0, inputs, d, rff.A.Data, d, 0.0, t, p);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < p; j++)
            {
                int i = (r * p) + j;
                t[i] = -scale * Math.Sin(t[i] + rff.B[j]) * featureGradient[i];
            }
        }

        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, rows, d, p, 1.0, t, p, rff.A.Data, d, 0.0, inputGradient, d);
    }
}
