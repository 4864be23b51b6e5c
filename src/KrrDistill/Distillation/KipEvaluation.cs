using KrrDistill.LinearAlgebra;

namespace KrrDistill.Distillation;

/// <summary>One evaluation of the KIP objective at a support set X_S (see <see cref="KipObjective"/>).</summary>
internal sealed class KipEvaluation
{
    /// <summary>Batch loss L = ‖Φ_B W_Sᵀ − Y_B‖²_F / (b·k); NaN when no batch was given.</summary>
    public required double Loss { get; init; }

    /// <summary>∂L/∂X_S (m×d), or null when not requested.</summary>
    public Matrix? Gradient { get; init; }

    /// <summary>∂L/∂Φ_S (m×p), or null when not requested.</summary>
    public Matrix? FeatureGradient { get; init; }

    /// <summary>Φ_S = φ(X_S) (m×p).</summary>
    public required Matrix SupportFeatures { get; init; }

    /// <summary>The labels of the closed-form label solve, Y_S = (K_S + λ_S I) C⁻¹ Φ_S B (m×k).</summary>
    public required Matrix Labels { get; init; }

    /// <summary>λ_S = factor·tr(K_S)/m.</summary>
    public required double LambdaS { get; init; }

    /// <summary>W_S (k×p) = Y_Sᵀ (K_S + λ_S I)⁻¹ Φ_S, i.e. W_Sᵀ = Φ_Sᵀ C⁻¹ Φ_S B.</summary>
    public required Matrix Weights { get; init; }

    /// <summary>
    /// True when C = Φ_S G Φ_Sᵀ was not numerically positive definite and its pseudo-inverse was used;
    /// then the gradient is exact only where rank(Φ_S) = p (it is zero: the loss is locally constant).
    /// </summary>
    public required bool UsedPseudoInverse { get; init; }
}
