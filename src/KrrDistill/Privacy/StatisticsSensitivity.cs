namespace KrrDistill.Privacy;

/// <summary>
/// L2 sensitivity of the released sufficient statistics when one training row (x, y) is replaced by (x', y')
/// (same n; docs/privacy.md §3). With a = φ(x), b = φ(x'), ‖a‖, ‖b‖ ≤ C and one-hot labels, the released
/// vector is u = (G_ii; √2·G_ij for i &lt; j; B = ΦᵀY), whose change has
/// ‖Δu‖² = ‖aaᵀ − bbᵀ‖_F² + ‖ayᵀ − by'ᵀ‖_F² = ‖a‖⁴ + ‖b‖⁴ − 2t² + ‖a‖² + ‖b‖² − 2t·s
/// with t = aᵀb ∈ [−C², C²] and s = yᵀy' ∈ {0, 1}. The supremum is
/// Δ² = 2C⁴ + 2C² + 1/2 when C² ≥ 1/2 (s = 1, t = −1/2) and Δ² = 4C² when C² &lt; 1/2 (s = 1, t = −C²).
/// </summary>
internal static class StatisticsSensitivity
{
    /// <summary>Δ for feature bound C under replace-one-row neighbours; throws unless C is positive and finite.</summary>
    public static double ReplaceOne(double featureBound)
    {
        if (!(featureBound > 0) || !double.IsFinite(featureBound))
        {
            throw new ArgumentOutOfRangeException(nameof(featureBound), $"the feature-norm bound must be positive and finite (got {featureBound}).");
        }

        double c2 = featureBound * featureBound;
        return c2 >= 0.5 ? Math.Sqrt((2 * c2 * c2) + (2 * c2) + 0.5) : 2 * featureBound;
    }

    /// <summary>
    /// ‖Δu‖₂ for one concrete replacement: a → b with labels ya → yb (one-hot class indices), as released by
    /// <see cref="StatisticsRelease"/>. Used to check the bound on real neighbouring data sets.
    /// </summary>
    public static double Change(ReadOnlySpan<double> a, int ya, ReadOnlySpan<double> b, int yb)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("the two feature rows must have the same length.");
        }

        double aa = 0, bb = 0, ab = 0;
        for (int i = 0; i < a.Length; i++)
        {
            aa += a[i] * a[i];
            bb += b[i] * b[i];
            ab += a[i] * b[i];
        }

        double gram = (aa * aa) + (bb * bb) - (2 * ab * ab);
        double cross = aa + bb - (ya == yb ? 2 * ab : 0);
        return Math.Sqrt(Math.Max(0, gram + cross));
    }
}
