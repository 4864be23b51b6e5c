using KrrDistill.LinearAlgebra;
using KrrDistill.Privacy;
using KrrDistill.Ridge;

namespace KrrDistill.Tests.Privacy;

/// <summary>The released noise has the stated scale and shape, with both noise sources.</summary>
public class StatisticsReleaseTests
{
    public static TheoryData<bool> Sources => new() { true, false };

    [Theory]
    [MemberData(nameof(Sources))]
    public void TheReleasedNoiseHasTheStatedScale(bool seeded)
    {
        int p = 300, k = 10;
        double sigma = 2.5;
        var gram = new Matrix(p, p);
        for (int i = 0; i < p; i++)
        {
            gram[i, i] = 7;
        }

        var exact = new SufficientStatistics(gram, new Matrix(p, k), 1000);

        IGaussianNoise noise = seeded ? new SeededGaussianNoise(9) : new SecureGaussianNoise();
        SufficientStatistics released = StatisticsRelease.Release(exact, sigma, noise);

        Assert.Equal(1000, released.Count);
        Assert.Equal(7, exact.Gram[0, 0]);
        Matrix releasedGram = released.Gram;
        var diagonal = new List<double>();
        var offDiagonal = new List<double>();
        for (int i = 0; i < p; i++)
        {
            diagonal.Add(releasedGram[i, i] - 7);
            for (int j = i + 1; j < p; j++)
            {
                Assert.Equal(releasedGram[i, j], releasedGram[j, i]);
                offDiagonal.Add(releasedGram[i, j]);
            }
        }

        // Each std within 4 standard errors (std error of a sample std ≈ σ/√(2N)).
        AssertNormalScale(diagonal, sigma);
        AssertNormalScale(offDiagonal, sigma / Math.Sqrt(2));
        AssertNormalScale(released.CrossProduct.Data, sigma);

        // In the vector the sensitivity is computed for, u = (G_ii; √2·G_ij; B), every entry has std σ.
        AssertNormalScale([.. diagonal, .. offDiagonal.Select(v => v * Math.Sqrt(2)), .. released.CrossProduct.Data], sigma);
    }

    [Fact]
    public void SeededNoiseIsReproducibleAndSecureNoiseIsNot()
    {
        var exact = new SufficientStatistics(new Matrix(20, 20), new Matrix(20, 3), 50);
        Assert.Equal(
            StatisticsRelease.Release(exact, 1, new SeededGaussianNoise(4)).Gram.Data,
            StatisticsRelease.Release(exact, 1, new SeededGaussianNoise(4)).Gram.Data);
        Assert.NotEqual(
            StatisticsRelease.Release(exact, 1, new SecureGaussianNoise()).Gram.Data,
            StatisticsRelease.Release(exact, 1, new SecureGaussianNoise()).Gram.Data);
        Assert.True(new SeededGaussianNoise(1).IsReproducible);
        Assert.False(new SecureGaussianNoise().IsReproducible);
    }

    [Fact]
    public void SecureNoiseLooksGaussian()
    {
        var draws = new double[200_001];
        new SecureGaussianNoise().Fill(draws, 1.0);
        AssertNormalScale(draws, 1.0);

        // Tail mass beyond ±1.96 ≈ 5 % (binomial std ≈ 0.05 %).
        double tail = draws.Count(v => Math.Abs(v) > 1.96) / (double)draws.Length;
        Assert.InRange(tail, 0.05 - 0.003, 0.05 + 0.003);
    }

    private static void AssertNormalScale(IReadOnlyCollection<double> values, double sigma)
    {
        int n = values.Count;
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        Assert.True(Math.Abs(mean) <= 4 * sigma / Math.Sqrt(n), $"mean {mean} for σ {sigma}, n {n}");
        Assert.True(Math.Abs(std - sigma) <= 4 * sigma / Math.Sqrt(2.0 * n), $"std {std} vs σ {sigma}, n {n}");
    }
}
