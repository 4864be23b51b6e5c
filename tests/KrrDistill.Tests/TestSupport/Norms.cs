namespace KrrDistill.Tests.TestSupport;

/// <summary>Distances between arrays of numbers, for asserting that two computations agree.</summary>
internal static class Norms
{
    /// <summary>‖a − b‖ / ‖a‖ (‖a − b‖ when a = 0).</summary>
    public static double RelativeDifference(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double diff = 0, norm = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += a[i] * a[i];
        }

        return norm == 0 ? Math.Sqrt(diff) : Math.Sqrt(diff / norm);
    }
}
