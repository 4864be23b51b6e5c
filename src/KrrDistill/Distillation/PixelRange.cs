using KrrDistill.Data;

namespace KrrDistill.Distillation;

/// <summary>
/// Where a distilled set of 8-bit images lies in pixel space: each input de-normalized to a pixel value
/// (x·std + mean)·divisor, its smallest and largest value, the fraction outside 0…255 (which a picture must clip or
/// stretch), and for real initialization how far the distilled images moved from the real ones they started from
/// (the mean over images of ‖x_S − x̂‖/‖x̂‖ in pixel units). The construction of docs/theory.md §3 makes no promise of
/// closeness for fcnn and rff: these numbers say how far it went.
/// </summary>
/// <param name="Minimum">Smallest pixel value of the set.</param>
/// <param name="Maximum">Largest pixel value.</param>
/// <param name="FractionOutside">Fraction of the set's pixel values below 0 or above 255.</param>
/// <param name="DistanceToInitial">Mean relative distance to the starting images; null without real initialization.</param>
public sealed record PixelRange(double Minimum, double Maximum, double FractionOutside, double? DistanceToInitial)
{
    /// <summary>The pixel range of <paramref name="set"/>, or null when its inputs are not 8-bit images (divisor 255).</summary>
    public static PixelRange? Of(DistilledSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        InputNormalization n = set.Normalization;
        if (set.ImageShape is null || n.RawDivisor != 255 || n.Dimension != set.Inputs.Columns)
        {
            return null;
        }

        int m = set.Inputs.Rows, d = set.Inputs.Columns;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, distance = 0;
        long outside = 0;
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<double> x = set.Inputs.Row(i);
            double moved = 0, start = 0;
            for (int j = 0; j < d; j++)
            {
                double pixel = Pixel(x[j], n, j);
                (min, max) = (Math.Min(min, pixel), Math.Max(max, pixel));
                outside += pixel is < 0 or > 255 ? 1 : 0;
                if (set.InitialInputs is { } initial)
                {
                    double from = Pixel(initial[i, j], n, j);
                    moved += (pixel - from) * (pixel - from);
                    start += from * from;
                }
            }

            distance += start > 0 ? Math.Sqrt(moved / start) : 0;
        }

        return new PixelRange(min, max, (double)outside / ((long)m * d), set.InitialInputs is null ? null : distance / m);
    }

    private static double Pixel(double x, InputNormalization n, int j) => ((x * n.Std[j]) + n.Mean[j]) * n.RawDivisor;
}
