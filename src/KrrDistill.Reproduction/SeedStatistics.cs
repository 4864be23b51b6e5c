namespace KrrDistill.Reproduction;

/// <summary>Mean and spread over the runs (seeds) of a reproduce cell.</summary>
internal static class SeedStatistics
{
    /// <summary>The mean, or NaN for no values.</summary>
    public static double Mean(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        return v.Length == 0 ? double.NaN : v.Average();
    }

    /// <summary>The population standard deviation (divided by the count, as the paper's ± over 4 runs), or NaN for no values.</summary>
    public static double Std(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        if (v.Length == 0)
        {
            return double.NaN;
        }

        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}
