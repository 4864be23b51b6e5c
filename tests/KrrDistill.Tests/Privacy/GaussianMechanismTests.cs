using KrrDistill.Privacy;

namespace KrrDistill.Tests.Privacy;

/// <summary>
/// Calibration of the Gaussian mechanism against values computed independently (Python's math.erfc and a
/// separate bisection for the analytic mechanism; the closed form for the classical one).
/// </summary>
public class GaussianMechanismTests
{
    [Fact]
    public void ClassicalSigmaMatchesTheHandComputedFormula()
    {
        // √(2 ln(1.25/1e-5)) / 0.5 = √(2·11.736069…)/0.5.
        Assert.Equal(9.689610525210778, GaussianMechanism.ClassicalSigma(1, 0.5, 1e-5), 12);
        Assert.Equal(3 * 9.689610525210778, GaussianMechanism.ClassicalSigma(3, 0.5, 1e-5), 11);
    }

    [Theory]
    [InlineData(0.5, 7.0318266755825025)]
    [InlineData(1.0, 3.7306316348159454)]
    [InlineData(2.0, 1.993812445643537)]
    [InlineData(4.0, 1.0811618495202384)]
    [InlineData(8.0, 0.6002290721989516)]
    public void AnalyticSigmaMatchesAnIndependentComputation(double epsilon, double expected)
    {
        double sigma = GaussianMechanism.AnalyticSigma(1, epsilon, 1e-5);
        Assert.True(Math.Abs(sigma - expected) <= 1e-9 * expected, $"σ = {sigma:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(0.5, 1e-5)]
    [InlineData(1.0, 1e-6)]
    [InlineData(8.0, 1e-5)]
    [InlineData(0.1, 0.01)]
    public void AnalyticSigmaIsTheSmallestSigmaThatMeetsDelta(double epsilon, double delta)
    {
        double sigma = GaussianMechanism.AnalyticSigma(2.5, epsilon, delta);
        Assert.True(GaussianMechanism.Delta(2.5, sigma, epsilon) <= delta);
        Assert.True(GaussianMechanism.Delta(2.5, sigma * (1 - 1e-9), epsilon) > delta);
    }

    [Fact]
    public void AnalyticSigmaScalesWithTheSensitivityAndNeverExceedsTheClassicalOne()
    {
        foreach (double epsilon in new[] { 0.05, 0.3, 0.5, 0.9 })
        {
            double one = GaussianMechanism.AnalyticSigma(1, epsilon, 1e-5);
            Assert.Equal(7 * one, GaussianMechanism.AnalyticSigma(7, epsilon, 1e-5), 9);
            Assert.True(one <= GaussianMechanism.ClassicalSigma(1, epsilon, 1e-5));
        }
    }

    [Fact]
    public void TheClassicalSigmaIsPrivateByTheExactCriterion()
    {
        // Dwork–Roth's σ satisfies Balle–Wang's necessary and sufficient condition (with room to spare).
        double sigma = GaussianMechanism.ClassicalSigma(1, 0.5, 1e-5);
        Assert.True(GaussianMechanism.Delta(1, sigma, 0.5) <= 1e-5);
    }

    [Theory]
    [InlineData(1.0, 1e-5)]
    [InlineData(2.0, 1e-5)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.0, 1e-5)]
    public void ClassicalSigmaRefusesBudgetsOutsideItsTheorem(double epsilon, double delta)
        => Assert.Throws<ArgumentOutOfRangeException>(() => GaussianMechanism.ClassicalSigma(1, epsilon, delta));

    [Theory]
    [InlineData(0.0, 1e-5, 1.0)]
    [InlineData(double.NaN, 1e-5, 1.0)]
    [InlineData(1.0, 0.0, 1.0)]
    [InlineData(1.0, 1.5, 1.0)]
    [InlineData(1.0, 1e-5, 0.0)]
    [InlineData(1.0, 1e-5, double.PositiveInfinity)]
    public void AnalyticSigmaRefusesBadArguments(double epsilon, double delta, double sensitivity)
        => Assert.Throws<ArgumentOutOfRangeException>(() => GaussianMechanism.AnalyticSigma(sensitivity, epsilon, delta));

    [Fact]
    public void NormalCdfIsAccurateInTheTails()
    {
        Assert.Equal(0.5, GaussianMechanism.NormalCdf(0), 15);
        Assert.Equal(0.9750021048517795, GaussianMechanism.NormalCdf(1.96), 14);

        // Φ(−10) = 7.619853024160593e-24 (relative accuracy matters for e^ε·Φ(−a − b)).
        Assert.True(Math.Abs((GaussianMechanism.NormalCdf(-10) / 7.619853024160593e-24) - 1) < 1e-12);
    }
}
