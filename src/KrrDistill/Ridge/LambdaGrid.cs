using KrrDistill.Features;

namespace KrrDistill.Ridge;

/// <summary>
/// The paper's λ grids (from the paper's code; docs/theory.md §1): 10^-6 … 10^5.5 in steps of 10^0.5 (24 values)
/// for fcnn and rff; 10^-3 … 10^5.5 (18 values) for identity and deep linear features.
/// </summary>
internal static class LambdaGrid
{
    /// <summary>The grid for a feature kind, ascending.</summary>
    public static double[] ForFeatureKind(FeatureKind kind)
        => kind is FeatureKind.Identity or FeatureKind.Linear ? Range(-3.0, 5.5) : Range(-6.0, 5.5);

    /// <summary>10^e for e = from, from+0.5, …, to.</summary>
    public static double[] Range(double fromExponent, double toExponent)
    {
        int count = (int)Math.Round((toExponent - fromExponent) / 0.5) + 1;
        double[] grid = new double[count];
        for (int i = 0; i < count; i++)
        {
            grid[i] = Math.Pow(10.0, fromExponent + (0.5 * i));
        }

        return grid;
    }
}
