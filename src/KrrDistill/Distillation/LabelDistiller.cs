using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Distillation;

/// <summary>
/// Label-only distillation (Theorem 4.2, docs/theory.md §3): keep real inputs X_S and choose Y_S = W φ_{λS}(X_S),
/// in rows Y_S = φ_λ(X_S)·Wᵀ (m×k) with φ_λ = U diag((σ² + λ_S)/σ) Vᵀ from the thin SVD of φ(X_S) (m×p).
/// With m ≥ p and rank φ(X_S) = p this recovers W exactly, for any φ (surjective or not); with fewer
/// points it is the least-squares choice.
/// </summary>
internal static class LabelDistiller
{
    /// <summary>Labels (m×k) for the inputs <paramref name="inputs"/> (m×d) that make KRR with λ_S reproduce W as closely as possible.</summary>
    public static Matrix Labels(Matrix weights, IFeatureMap featureMap, Matrix inputs, double lambdaS)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(inputs);
        var features = new Matrix(inputs.Rows, featureMap.OutputDimension);
        featureMap.Map(inputs.Data, inputs.Rows, features.Data);
        return LabelsForFeatures(weights, features, lambdaS);
    }

    /// <summary>As <see cref="Labels"/>, from the features φ(X_S) (m×p) directly.</summary>
    public static Matrix LabelsForFeatures(Matrix weights, Matrix features, double lambdaS)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(features);
        int m = features.Rows, p = features.Columns, k = weights.Rows;
        var labels = new Matrix(m, k);
        if (lambdaS == 0)
        {
            // φ_0 = Σ_{σ > tol} σ u vᵀ is φ(X_S) itself but for singular values at rounding level, whose share of the
            // labels is below that level too: no SVD of the m×p features is needed (O(m·p·k), not O(m·p²)).
            LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, m, k, p, 1.0, features.Data, p, weights.Data, p, 0.0, labels.Data, k);
            return labels;
        }

        ThinSvd svd = ThinSvd.Compute(features);
        double tolerance = svd.Tolerance;
        Matrix regularized = svd.Compose(s => s > tolerance ? ((s * s) + lambdaS) / s : 0.0);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, m, k, p, 1.0, regularized.Data, p, weights.Data, p, 0.0, labels.Data, k);
        return labels;
    }
}
