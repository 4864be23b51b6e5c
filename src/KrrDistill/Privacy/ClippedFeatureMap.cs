using KrrDistill.Features;

namespace KrrDistill.Privacy;

/// <summary>
/// φ applied to clipped rows. Input clipping: every input row is scaled to ‖x‖₂ ≤ B (x ← x·min(1, B/‖x‖)) before
/// <c>φ</c>, so ‖φ(x)‖₂ ≤ C by <see cref="FeatureNormBounds"/>; every feature row is then scaled to ‖φ‖₂ ≤ C as a
/// second line of defence, which by the bound never changes a row (<see cref="FeatureClips"/> counts the rows it
/// did change; the tests assert zero). Feature clipping (<see cref="FeatureNormBound.ClipsFeatures"/>): only the
/// feature rows are scaled to ‖φ‖₂ ≤ C. Each row's scaling depends on that row alone, which is what the per-row
/// sensitivity argument needs.
/// </summary>
internal sealed class ClippedFeatureMap : IFeatureMap
{
    private readonly IFeatureMap _inner;
    private double[]? _scratch;
    private long _inputClips;
    private long _featureClips;

    /// <summary>Wraps <paramref name="inner"/> with the clip and bound of <paramref name="bound"/>.</summary>
    public ClippedFeatureMap(IFeatureMap inner, FeatureNormBound bound)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        Bound = bound ?? throw new ArgumentNullException(nameof(bound));
    }

    /// <summary>The clip B and feature bound C.</summary>
    public FeatureNormBound Bound { get; }

    /// <summary>Input rows scaled down so far (those with ‖x‖ &gt; B).</summary>
    public long InputClips => Interlocked.Read(ref _inputClips);

    /// <summary>Feature rows scaled down: the clip itself under feature clipping, else the second clip (0 whenever the derived bound holds).</summary>
    public long FeatureClips => Interlocked.Read(ref _featureClips);

    /// <inheritdoc/>
    public FeatureKind Kind => _inner.Kind;

    /// <inheritdoc/>
    public int InputDimension => _inner.InputDimension;

    /// <inheritdoc/>
    public int OutputDimension => _inner.OutputDimension;

    /// <inheritdoc/>
    public bool IsSurjective => _inner.IsSurjective;

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<double> inputs, int rows, Span<double> features)
    {
        int d = InputDimension, p = OutputDimension;
        long inputClips = 0;
        if (double.IsPositiveInfinity(Bound.InputClip))
        {
            _inner.Map(inputs, rows, features);
        }
        else
        {
            // One scratch buffer, reused across calls (taken atomically, so concurrent calls each get their own).
            double[] scratch = Interlocked.Exchange(ref _scratch, null) is { } cached && cached.Length >= rows * d ? cached : new double[rows * d];
            Span<double> x = scratch.AsSpan(0, rows * d);
            inputs[..(rows * d)].CopyTo(x);
            inputClips = ClipRows(x, rows, d, Bound.InputClip);
            _inner.Map(x, rows, features);
            _scratch = scratch;
        }

        long featureClips = ClipRows(features[..(rows * p)], rows, p, Bound.Bound);
        Interlocked.Add(ref _inputClips, inputClips);
        Interlocked.Add(ref _featureClips, featureClips);
    }

    /// <inheritdoc/>
    public IReadOnlyList<FeatureParameter> Parameters() => _inner.Parameters();

    /// <summary>Scales every row of <paramref name="values"/> (rows×width) to norm ≤ <paramref name="limit"/>; returns how many it scaled.</summary>
    public static long ClipRows(Span<double> values, int rows, int width, double limit)
    {
        long count = 0;
        for (int r = 0; r < rows; r++)
        {
            if (ClipRow(values.Slice(r * width, width), limit))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Scales <paramref name="row"/> to norm ≤ <paramref name="limit"/>; true when it had to.</summary>
    private static bool ClipRow(Span<double> row, double limit)
    {
        double norm = Norm(row);
        if (!(norm > limit))
        {
            return false;
        }

        // Scale, then re-check: rounding may leave the norm a few ulps above the limit.
        double factor = limit / norm;
        do
        {
            foreach (ref double v in row)
            {
                v *= factor;
            }

            factor = 1 - 1e-15;
        }
        while (Norm(row) > limit);

        return true;
    }

    /// <summary>‖v‖₂ without overflow or underflow (scaled by the largest magnitude first).</summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        // Fast path: the plain sum of squares, unless it overflowed or may have lost precision to underflow.
        double plain = 0;
        foreach (double x in v)
        {
            plain += x * x;
        }

        if (double.IsFinite(plain) && plain > 1e-280)
        {
            return Math.Sqrt(plain);
        }

        double largest = 0;
        foreach (double x in v)
        {
            largest = Math.Max(largest, Math.Abs(x));
        }

        if (largest == 0 || !double.IsFinite(largest))
        {
            return largest;
        }

        double squares = 0;
        foreach (double x in v)
        {
            double scaled = x / largest;
            squares += scaled * scaled;
        }

        return largest * Math.Sqrt(squares);
    }
}
