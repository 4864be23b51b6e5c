using KrrDistill.LinearAlgebra;

namespace KrrDistill.Privacy;

/// <summary>
/// Theorem 6.2 (docs/theory.md §5): the noise σ of Z (i.i.d. N(0, σ²) entries) that makes each row of the distilled
/// set (ε, δ)-DP with respect to one training input (λ = 0, ‖φ(x_i)‖ ≤ C, σ_min(Φ) ≥ σ₀, Y_S independent of
/// the data and secret). In the paper's notation, with [A]_i the i-th row,
/// σ_paper = max_i 2√(ln(1.25/δ))·C·‖[Y_S⁺]_i Y‖₂ / (σ₀²·ε·‖[I − Y_S⁺Y_S]_i‖₂).
/// Row i of D = Y_S⁺W + (I − Y_S⁺Y_S)Z has sensitivity Δ_i = 2C·‖[Y_S⁺]_iY‖₂/σ₀² (the paper's proof) and
/// noise N(0, σ²‖[I − Y_S⁺Y_S]_i‖² I), so the Gaussian mechanism it cites (Dwork &amp; Roth, Theorem 3.22:
/// std ≥ √(2 ln(1.25/δ))·Δ/ε) needs σ larger by √2 than the printed formula. <see cref="Sigma"/> is that
/// corrected value, which the mode uses; <see cref="PaperSigma"/> is the printed one, reported beside it.
/// Written with samples as rows: Y_S⁺ of the paper is P = y(yᵀy)⁺ (m×k) for the distilled labels y (m×k),
/// and ‖[Y_S⁺]_i Y‖₂² = Σ_c n_c·P_ic² for one-hot training labels with n_c rows in class c.
/// </summary>
internal sealed class RowPrivacyCalibration
{
    private RowPrivacyCalibration(double[] sensitivities, double[] noiseNorms, double sigma, double paperSigma)
    {
        Sensitivities = sensitivities;
        NoiseNorms = noiseNorms;
        Sigma = sigma;
        PaperSigma = paperSigma;
    }

    /// <summary>Δ_i = 2C·‖[Y_S⁺]_iY‖₂/σ₀² for every distilled row i (m).</summary>
    public double[] Sensitivities { get; }

    /// <summary>‖[I − Y_S⁺Y_S]_i‖₂ for every distilled row i (m): row i of D gets noise of std σ times this.</summary>
    public double[] NoiseNorms { get; }

    /// <summary>σ that makes every row (ε, δ)-DP by Dwork–Roth: max_i √(2 ln(1.25/δ))·Δ_i/(ε·‖[I − Y_S⁺Y_S]_i‖).</summary>
    public double Sigma { get; }

    /// <summary>σ as printed in Theorem 6.2 (smaller by √2; see the class summary).</summary>
    public double PaperSigma { get; }

    /// <summary>
    /// Calibrates for distilled labels <paramref name="labels"/> (m×k, rank k), training class counts
    /// <paramref name="classCounts"/> (k), feature bound C, σ₀ &gt; 0 and ε, δ ∈ (0, 1). Throws
    /// <see cref="ArgumentException"/> when m = k (every ‖[I − Y_S⁺Y_S]_i‖ is 0: the bound is infinite) or an
    /// argument is out of range, naming the option.
    /// </summary>
    public static RowPrivacyCalibration Compute(Matrix labels, IReadOnlyList<long> classCounts, double featureBound, double sigma0,
        double epsilon, double delta)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classCounts);
        int m = labels.Rows, k = labels.Columns;
        if (classCounts.Count != k)
        {
            throw new ArgumentException($"{classCounts.Count} class counts for {k} classes.");
        }

        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentException($"row privacy (Theorem 6.2) needs 0 < ε < 1 (got {epsilon}); use whole-set privacy for larger ε.");
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentException($"δ must lie in (0, 1) (got {delta}).");
        }

        if (!(sigma0 > 0) || !double.IsFinite(sigma0))
        {
            throw new ArgumentException($"Theorem 6.2 needs σ₀ > 0, a lower bound on σ_min(Φ) (got {sigma0}).");
        }

        if (!(featureBound > 0) || !double.IsFinite(featureBound))
        {
            throw new ArgumentException($"the feature-norm bound must be positive and finite (got {featureBound}).");
        }

        ThinSvd svd = ThinSvd.Compute(labels);
        if (svd.Rank < k)
        {
            throw new ArgumentException($"the distilled labels have rank {svd.Rank} < k = {k}; Theorem 4.1 needs rank(Y_S) = k.");
        }

        Matrix pseudo = svd.PseudoInverseTransposed();
        var projector = new Matrix(m, m);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, m, m, k, 1.0, pseudo.Data, k, labels.Data, k, 0.0, projector.Data, m);
        double factor = Math.Sqrt(Math.Log(1.25 / delta));
        var sensitivities = new double[m];
        var noiseNorms = new double[m];
        double worst = 0;
        for (int i = 0; i < m; i++)
        {
            double spread = 0;
            for (int c = 0; c < k; c++)
            {
                spread += classCounts[c] * pseudo[i, c] * pseudo[i, c];
            }

            double q = 0;
            for (int j = 0; j < m; j++)
            {
                double e = (i == j ? 1.0 : 0.0) - projector[i, j];
                q += e * e;
            }

            sensitivities[i] = 2 * featureBound * Math.Sqrt(spread) / (sigma0 * sigma0);
            noiseNorms[i] = Math.Sqrt(q);
            if (noiseNorms[i] <= 1e-12)
            {
                throw new ArgumentException($"row privacy needs m > k distilled points (got m = {m}, k = {k}): with m = k, I − Y_S⁺Y_S = 0 and Theorem 6.2's σ is infinite; use two or more images per class.");
            }

            worst = Math.Max(worst, sensitivities[i] / noiseNorms[i]);
        }

        double paper = factor * worst / epsilon;
        return new RowPrivacyCalibration(sensitivities, noiseNorms, Math.Sqrt(2) * paper, paper);
    }
}
