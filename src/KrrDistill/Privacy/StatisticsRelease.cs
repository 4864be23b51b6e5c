using KrrDistill.Ridge;

namespace KrrDistill.Privacy;

/// <summary>
/// The Gaussian mechanism on the sufficient statistics (docs/privacy.md §3): releases
/// G̃ = ΦᵀΦ + E with E symmetric, E_ii ~ N(0, σ²) and E_ij = E_ji ~ N(0, σ²/2) (i &lt; j), and B̃ = ΦᵀY + N
/// with N_ij ~ N(0, σ²), all independent. That is u + N(0, σ² I) for u = (G_ii; √2·G_ij, i &lt; j; B), whose
/// sensitivity <see cref="StatisticsSensitivity.ReplaceOne"/> bounds. The count n is not perturbed: it is
/// public under replace-one-row neighbours.
/// </summary>
internal static class StatisticsRelease
{
    /// <summary>Returns the noisy statistics; <paramref name="exact"/> is not modified.</summary>
    public static SufficientStatistics Release(SufficientStatistics exact, double sigma, IGaussianNoise noise)
    {
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(noise);
        if (!(sigma >= 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), $"σ must be finite and ≥ 0 (got {sigma}).");
        }

        int p = exact.Features, k = exact.Classes;
        var g = exact.GramView.Clone();
        var b = exact.CrossProduct.Clone();
        double[] draws = new double[(p * (p + 1) / 2) + (p * k)];
        noise.Fill(draws, sigma);
        int next = 0;
        double offDiagonal = 1 / Math.Sqrt(2);
        for (int i = 0; i < p; i++)
        {
            g.Data[(i * p) + i] += draws[next++];
            for (int j = i + 1; j < p; j++)
            {
                double e = draws[next++] * offDiagonal;
                g.Data[(i * p) + j] += e;
                g.Data[(j * p) + i] += e;
            }
        }

        for (int i = 0; i < b.Data.Length; i++)
        {
            b.Data[i] += draws[next++];
        }

        return new SufficientStatistics(g, b, exact.Count, precision: exact.Precision);
    }
}
