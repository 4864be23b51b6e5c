namespace KrrDistill.Ridge;

/// <summary>
/// Facts about the eigenvalues of a symmetric tridiagonal T (diagonal d, off-diagonal e) without computing them:
/// Sturm counts from the LDLᵀ pivots of T − xI (the method of LAPACK's <c>dstebz</c>), so the largest eigenvalue and the
/// numerical rank of the Gram matrix cost O(p) each instead of an eigensolver.
/// </summary>
internal static class TridiagonalSpectrum
{
    /// <summary>Number of eigenvalues of T strictly below <paramref name="x"/>: the negative pivots of T − xI.</summary>
    public static int CountBelow(ReadOnlySpan<double> d, ReadOnlySpan<double> e, double x)
    {
        int count = 0;
        double pivot = 1.0;
        double tiny = double.Epsilon * 1e10;
        for (int i = 0; i < d.Length; i++)
        {
            double off = i == 0 ? 0.0 : e[i - 1];
            pivot = d[i] - x - (i == 0 ? 0.0 : off * off / pivot);
            if (pivot == 0)
            {
                pivot = -tiny;
            }

            if (pivot < 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The largest eigenvalue of T to a relative accuracy of about 1e-10, by bisection inside Gershgorin's bounds.</summary>
    public static double Largest(ReadOnlySpan<double> d, ReadOnlySpan<double> e) => Extreme(d, e, largest: true);

    /// <summary>The smallest eigenvalue of T, to about 1e-10 of the spectrum's scale.</summary>
    public static double Smallest(ReadOnlySpan<double> d, ReadOnlySpan<double> e) => Extreme(d, e, largest: false);

    private static double Extreme(ReadOnlySpan<double> d, ReadOnlySpan<double> e, bool largest)
    {
        int n = d.Length;
        if (n == 0)
        {
            return 0;
        }

        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double radius = (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i + 1 < n ? Math.Abs(e[i]) : 0);
            low = Math.Min(low, d[i] - radius);
            high = Math.Max(high, d[i] + radius);
        }

        double scale = Math.Max(Math.Abs(high), Math.Abs(low));
        for (int iteration = 0; iteration < 200 && high - low > 1e-10 * scale; iteration++)
        {
            double middle = 0.5 * (low + high);
            bool below = largest ? CountBelow(d, e, middle) == n : CountBelow(d, e, middle) >= 1;
            if (below)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return largest ? high : low;
    }
}
