namespace KrrDistill.LinearAlgebra;

/// <summary>
/// 1-norms and the Hager–Higham estimate of ‖A⁻¹‖₁ (the algorithm of LAPACK's <c>dlacon</c>), for the managed
/// backend's reciprocal condition numbers; OpenBLAS uses <c>dgecon</c>/<c>dtrcon</c>, which estimate the same quantity.
/// </summary>
internal static class ConditionEstimate
{
    /// <summary>‖A‖₁, the largest column sum of |a_ij|, of the row-major rows×cols matrix <paramref name="a"/>.</summary>
    public static double OneNorm(int rows, int cols, ReadOnlySpan<double> a)
    {
        double[] sums = new double[cols];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = a.Slice(i * cols, cols);
            for (int j = 0; j < cols; j++)
            {
                sums[j] += Math.Abs(row[j]);
            }
        }

        double largest = 0;
        foreach (double s in sums)
        {
            largest = double.IsNaN(s) ? double.NaN : Math.Max(largest, s);
        }

        return largest;
    }

    /// <summary>
    /// An estimate (a lower bound, usually within a factor 3) of ‖A⁻¹‖₁ for an n×n A from solves in place:
    /// <paramref name="solve"/> replaces x by A⁻¹x, <paramref name="solveTransposed"/> by A⁻ᵀx. At most five
    /// iterations of Hager's method, then Higham's alternating-sign test vector.
    /// </summary>
    public static double InverseOneNorm(int n, Action<double[]> solve, Action<double[]> solveTransposed)
    {
        ArgumentNullException.ThrowIfNull(solve);
        ArgumentNullException.ThrowIfNull(solveTransposed);
        if (n == 0)
        {
            return 0;
        }

        double[] x = new double[n];
        Array.Fill(x, 1.0 / n);
        double estimate = 0;
        int previous = -1;
        for (int iteration = 0; iteration < 5; iteration++)
        {
            solve(x);
            double norm = SumAbs(x);
            if (!double.IsFinite(norm))
            {
                return double.PositiveInfinity;
            }

            if (iteration > 0 && norm <= estimate)
            {
                break;
            }

            estimate = norm;
            for (int i = 0; i < n; i++)
            {
                x[i] = x[i] >= 0 ? 1.0 : -1.0;
            }

            solveTransposed(x);
            int j = 0;
            for (int i = 1; i < n; i++)
            {
                if (Math.Abs(x[i]) > Math.Abs(x[j]))
                {
                    j = i;
                }
            }

            if (j == previous)
            {
                break;
            }

            previous = j;
            Array.Clear(x);
            x[j] = 1.0;
        }

        // Higham's safeguard: x_i = (−1)^i (1 + i/(n−1)), scaled as in dlacon.
        for (int i = 0; i < n; i++)
        {
            x[i] = (i % 2 == 0 ? 1.0 : -1.0) * (1.0 + (n == 1 ? 0.0 : (double)i / (n - 1)));
        }

        solve(x);
        double alternative = 2.0 * SumAbs(x) / (3.0 * n);
        return double.IsFinite(alternative) ? Math.Max(estimate, alternative) : double.PositiveInfinity;
    }

    /// <summary>1/(‖A‖₁·est‖A⁻¹‖₁), at most 1 (rounding can pass it by an ulp), 0 when either is not finite or zero.</summary>
    public static double Reciprocal(double norm, double inverseNorm)
    {
        double product = norm * inverseNorm;
        return double.IsFinite(product) && product > 0 ? Math.Min(1.0, 1.0 / product) : 0.0;
    }

    private static double SumAbs(double[] x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += Math.Abs(v);
        }

        return sum;
    }
}
