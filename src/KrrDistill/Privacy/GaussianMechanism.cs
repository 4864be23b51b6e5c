using MathNet.Numerics;

namespace KrrDistill.Privacy;

/// <summary>
/// Calibration of the Gaussian mechanism M(D) = f(D) + N(0, σ² I) for a query f of L2 sensitivity Δ
/// (the largest ‖f(D) − f(D')‖₂ over neighbouring data sets D, D').
/// <list type="bullet">
/// <item><see cref="ClassicalSigma"/>: Dwork &amp; Roth (2014), Theorem 3.22: σ = Δ·√(2 ln(1.25/δ))/ε gives
/// (ε, δ)-DP for ε, δ ∈ (0, 1). This is the calibration the paper's Theorem 6.2 builds on.</item>
/// <item><see cref="AnalyticSigma"/>: Balle &amp; Wang (ICML 2018), Theorem 8: M is (ε, δ)-DP if and only if
/// Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ) ≤ δ (Φ the standard normal CDF). The smallest such σ is
/// found by bisection; it is exact for every ε &gt; 0, including ε ≥ 1 where the classical formula does not
/// apply, and is never larger than the classical σ.</item>
/// </list>
/// </summary>
internal static class GaussianMechanism
{
    /// <summary>Dwork–Roth σ = Δ·√(2 ln(1.25/δ))/ε; throws unless Δ &gt; 0 and ε, δ ∈ (0, 1).</summary>
    public static double ClassicalSigma(double sensitivity, double epsilon, double delta)
    {
        CheckSensitivity(sensitivity);
        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"the classical Gaussian mechanism (Dwork & Roth, Theorem 3.22) needs 0 < ε < 1 (got {epsilon}).");
        }

        CheckDelta(delta);
        return sensitivity * Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon;
    }

    /// <summary>
    /// The exact δ(ε) of the Gaussian mechanism with noise σ and sensitivity Δ (Balle &amp; Wang 2018, Theorem 8):
    /// Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ). The mechanism is (ε, δ)-DP exactly when this is ≤ δ.
    /// </summary>
    public static double Delta(double sensitivity, double sigma, double epsilon)
    {
        CheckSensitivity(sensitivity);
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), $"σ must be positive and finite (got {sigma}).");
        }

        CheckEpsilon(epsilon);
        double a = sensitivity / (2 * sigma), b = epsilon * sigma / sensitivity;

        // e^ε·Φ(−a − b) is computed as exp(ε + ln Φ(−a − b)) so that it neither overflows nor loses the tail.
        double first = NormalCdf(a - b);
        double tail = NormalCdf(-a - b);
        double second = tail == 0 ? 0 : Math.Exp(epsilon + Math.Log(tail));
        return Math.Max(0, first - second);
    }

    /// <summary>
    /// The smallest σ for which the Gaussian mechanism is (ε, δ)-DP (Balle &amp; Wang 2018), to a relative
    /// accuracy of 1e-12, rounded up so the returned σ always satisfies <see cref="Delta"/> ≤ δ.
    /// Throws unless Δ &gt; 0, ε &gt; 0 and δ ∈ (0, 1).
    /// </summary>
    public static double AnalyticSigma(double sensitivity, double epsilon, double delta)
    {
        CheckSensitivity(sensitivity);
        CheckEpsilon(epsilon);
        CheckDelta(delta);

        // δ(σ) decreases in σ: bracket the root on a geometric grid, then bisect.
        double high = sensitivity;
        while (Delta(sensitivity, high, epsilon) > delta)
        {
            high *= 2;
        }

        double low = high / 2;
        while (low > 0 && Delta(sensitivity, low, epsilon) <= delta)
        {
            high = low;
            low /= 2;
        }

        for (int i = 0; i < 200 && high - low > 1e-13 * high; i++)
        {
            double mid = 0.5 * (low + high);
            if (Delta(sensitivity, mid, epsilon) <= delta)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }

    /// <summary>Standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate in both tails.</summary>
    public static double NormalCdf(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    private static void CheckSensitivity(double sensitivity)
    {
        if (!(sensitivity > 0) || !double.IsFinite(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"the sensitivity Δ must be positive and finite (got {sensitivity}).");
        }
    }

    private static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"ε must be a finite number > 0 (got {epsilon}).");
        }
    }

    private static void CheckDelta(double delta)
    {
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), $"δ must lie in (0, 1) (got {delta}).");
        }
    }
}
