using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Reproduction.Images;

namespace KrrDistill.Reproduction;

/// <summary>
/// Draws line plots (e.g. test accuracy against the privacy budget ε) as RGB pictures without a graphics
/// library: white background, light grey grid lines at the ticks, a black frame with ticks and tick labels,
/// series as 1–2 pixel lines (solid or dashed) with filled disc markers and optional error bars, a legend in
/// the corner of the plotting area that covers the fewest drawn pixels, a title and axis labels.
/// </summary>
/// <remarks>
/// <para>A value v is placed at the fraction (t(v) − t(min)) / (t(max) − t(min)) of the plotting area, with
/// t = log10 on a logarithmic x axis and the identity otherwise; the axis ends map to the first and last
/// pixel columns (rows) inside the frame. Series pixels are clipped to that area.</para>
/// <para>Text size grows with the picture: the font scale is ⌊min(Width, Height) / 250⌋, at least 1. The
/// output depends only on the input, so the same input always gives the same bytes.</para>
/// </remarks>
public static class LinePlot
{
    private const int MinimumSize = 100;
    private const int MaximumSize = 16384;
    private const int MaximumAutoTicks = 12;

    private static readonly PlotColor GridColor = new(225, 225, 225);
    private static readonly PlotColor LegendBorder = new(170, 170, 170);

    /// <summary>Draws <paramref name="series"/> (in list order, later ones on top) as a picture.</summary>
    /// <param name="series">The curves; may be empty, which draws empty axes.</param>
    /// <param name="options">Size, labels, axis ranges and ticks.</param>
    /// <returns>A Width×Height RGB picture, ready for <see cref="RenderedImage.SavePng(string)"/>.</returns>
    /// <exception cref="ArgumentException">A size is outside 100–16384, an axis limit is not finite or the
    /// limits are not increasing, a series or its point list is null, or <see cref="LinePlotOptions.LogX"/>
    /// is set and an x value, x limit or x tick is not positive. The message names the offending option.</exception>
    public static RenderedImage Render(IReadOnlyList<PlotSeries> series, LinePlotOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);
        PlotSeries[] all = ValidateSeries(series, options.LogX);

        Axis x = BuildAxis(XValues(all), options.XMin, options.XMax, options.XTicks, options.LogX);
        Axis y = BuildAxis(YValues(all), options.YMin, options.YMax, options.YTicks, log: false);
        Layout layout = Layout.Create(options, x, y);
        var canvas = new PlotCanvas(options.Width, options.Height);

        DrawGrid(canvas, layout, x, y);
        canvas.SetClip(layout.Left, layout.Top, layout.Right, layout.Bottom);
        canvas.MarkInk = true;
        foreach (PlotSeries s in all)
        {
            DrawSeries(canvas, layout, x, y, s);
        }

        canvas.MarkInk = false;
        DrawLegend(canvas, layout, all);
        canvas.ClearClip();
        DrawAxes(canvas, layout, x, y);
        DrawLabels(canvas, layout, options);
        return canvas.Image;
    }

    /// <summary>A tick label: at most ten decimals, no trailing zeros, invariant culture; exponent form
    /// for magnitudes from 10⁶ up or below 10⁻⁴ (e.g. "0.5", "92.5", "1e-5").</summary>
    internal static string FormatNumber(double value)
    {
        double magnitude = Math.Abs(value);
        if (value == 0 || !double.IsFinite(value))
        {
            return value == 0 ? "0" : value.ToString(CultureInfo.InvariantCulture);
        }

        string text = magnitude is >= 1e6 or < 1e-4
            ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : value.ToString("0.##########", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    /// <summary>About five ticks in [lo, hi] spaced by 1, 2, 2.5 or 5 times a power of ten.</summary>
    internal static double[] NiceTicks(double lo, double hi)
    {
        double raw = (hi - lo) / 5;
        if (!(raw > 0) || !double.IsFinite(raw))
        {
            return [];
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double r = raw / magnitude;
        double step = (r <= 1.5 ? 1 : r <= 2.25 ? 2 : r <= 3.5 ? 2.5 : r <= 7.5 ? 5 : 10) * magnitude;
        double first = Math.Ceiling((lo / step) - 1e-9);
        double last = Math.Floor((hi / step) + 1e-9);
        int digits = Math.Clamp(2 - (int)Math.Floor(Math.Log10(step)), 0, 15);
        var ticks = new List<double>();
        for (double k = first; k <= last && ticks.Count < MaximumAutoTicks; k++)
        {
            ticks.Add(Math.Round(k * step, digits));
        }

        return [.. ticks];
    }

    /// <summary>Automatic ticks of a logarithmic axis spanning log10 values [lo, hi].</summary>
    internal static double[] LogTicks(IReadOnlyList<double> data, double lo, double hi)
    {
        double[] distinct = [.. data.Where(v => InRange(Math.Log10(v), lo, hi)).Order().Distinct()];
        if (distinct.Length is >= 2 and <= MaximumAutoTicks)
        {
            return distinct;
        }

        foreach (double b in (ReadOnlySpan<double>)[10, 2])
        {
            double[] powers = Powers(b, lo, hi);
            if (powers.Length >= 2)
            {
                int every = (powers.Length + MaximumAutoTicks - 1) / MaximumAutoTicks;
                return [.. powers.Where((_, i) => i % every == 0)];
            }
        }

        return distinct.Length == 1 ? distinct : Powers(10, lo, hi);
    }

    private static double[] Powers(double b, double lo, double hi)
    {
        double unit = Math.Log10(b);
        double first = Math.Ceiling((lo / unit) - 1e-9);
        double last = Math.Floor((hi / unit) + 1e-9);
        var powers = new List<double>();
        for (double k = first; k <= last && powers.Count < 1000; k++)
        {
            powers.Add(Math.Pow(b, k));
        }

        return [.. powers];
    }

    private static bool InRange(double t, double lo, double hi)
    {
        double eps = 1e-9 * (hi - lo);
        return t >= lo - eps && t <= hi + eps;
    }

    private static void ValidateOptions(LinePlotOptions o)
    {
        CheckSize(o.Width, nameof(LinePlotOptions.Width));
        CheckSize(o.Height, nameof(LinePlotOptions.Height));
        CheckLimits(o.XMin, o.XMax, nameof(LinePlotOptions.XMin), nameof(LinePlotOptions.XMax));
        CheckLimits(o.YMin, o.YMax, nameof(LinePlotOptions.YMin), nameof(LinePlotOptions.YMax));
        if (!o.LogX)
        {
            return;
        }

        if (o.XMin <= 0 || o.XMax <= 0)
        {
            throw new ArgumentException(
                $"LinePlotOptions.LogX needs positive axis limits; got XMin {o.XMin?.ToString(CultureInfo.InvariantCulture) ?? "auto"}, XMax {o.XMax?.ToString(CultureInfo.InvariantCulture) ?? "auto"}.",
                "options");
        }

        if (o.XTicks?.Where(t => t <= 0).Select(t => (double?)t).FirstOrDefault() is { } bad)
        {
            throw new ArgumentException($"LinePlotOptions.XTicks must be positive when LogX is set; got {bad.ToString(CultureInfo.InvariantCulture)}.", "options");
        }
    }

    private static void CheckSize(int value, string name)
    {
        if (value is < MinimumSize or > MaximumSize)
        {
            throw new ArgumentException($"LinePlotOptions.{name} must be {MinimumSize}–{MaximumSize} pixels; got {value}.", "options");
        }
    }

    private static void CheckLimits(double? min, double? max, string minName, string maxName)
    {
        foreach ((double? value, string name) in (ReadOnlySpan<(double?, string)>)[(min, minName), (max, maxName)])
        {
            if (value is { } v && !double.IsFinite(v))
            {
                throw new ArgumentException($"LinePlotOptions.{name} must be finite; got {v.ToString(CultureInfo.InvariantCulture)}.", "options");
            }
        }

        if (min >= max)
        {
            throw new ArgumentException(
                $"LinePlotOptions.{minName} ({min!.Value.ToString(CultureInfo.InvariantCulture)}) must be less than {maxName} ({max!.Value.ToString(CultureInfo.InvariantCulture)}).",
                "options");
        }
    }

    private static PlotSeries[] ValidateSeries(IReadOnlyList<PlotSeries> series, bool logX)
    {
        var all = new PlotSeries[series.Count];
        for (int i = 0; i < all.Length; i++)
        {
            PlotSeries s = series[i] ?? throw new ArgumentException($"series[{i}] is null.", nameof(series));
            if (s.Points is null)
            {
                throw new ArgumentException($"series[{i}] ('{s.Name}') has no point list (Points is null).", nameof(series));
            }

            for (int j = 0; logX && j < s.Points.Count; j++)
            {
                double x = s.Points[j].X;
                if (double.IsFinite(x) && x <= 0)
                {
                    throw new ArgumentException(
                        $"LinePlotOptions.LogX needs positive x values, but series '{s.Name}' point {j} has x = {x.ToString(CultureInfo.InvariantCulture)}.",
                        nameof(series));
                }
            }

            all[i] = s;
        }

        return all;
    }

    private static bool IsDrawn(PlotPoint p) => double.IsFinite(p.X) && double.IsFinite(p.Y);

    private static bool HasErrorBar(PlotPoint p) => p.YError > 0 && double.IsFinite(p.YError);

    private static List<double> XValues(PlotSeries[] series)
        => [.. series.SelectMany(s => s.Points).Where(IsDrawn).Select(p => p.X)];

    private static List<double> YValues(PlotSeries[] series)
        => [.. series.SelectMany(s => s.Points).Where(IsDrawn)
            .SelectMany(p => HasErrorBar(p) ? new[] { p.Y, p.Y - p.YError, p.Y + p.YError } : [p.Y])];

    private static Axis BuildAxis(List<double> data, double? min, double? max, IReadOnlyList<double>? ticks, bool log)
    {
        Func<double, double> t = log ? Math.Log10 : v => v;
        double lo = 0;
        double hi = 1;
        if (data.Count > 0)
        {
            lo = data.Min(t);
            hi = data.Max(t);
            double margin = hi > lo ? 0.05 * (hi - lo) : log ? Math.Log10(2) : lo == 0 ? 1 : 0.05 * Math.Abs(lo);
            lo -= margin;
            hi += margin;
        }

        double span = hi - lo;
        lo = min is { } a ? t(a) : lo;
        hi = max is { } b ? t(b) : hi;
        if (!(hi > lo))
        {
            (lo, hi) = min is null ? (hi - span, hi) : (lo, lo + span);
        }

        double[] chosen = ticks is not null
            ? [.. ticks.Where(v => double.IsFinite(v) && InRange(t(v), lo, hi)).Order()]
            : log ? LogTicks(data, lo, hi) : NiceTicks(lo, hi);
        return new Axis(lo, hi, log, chosen, [.. chosen.Select(FormatNumber)]);
    }

    private static void DrawGrid(PlotCanvas canvas, Layout layout, Axis x, Axis y)
    {
        foreach (double tick in x.Ticks)
        {
            int px = Round(layout.Px(x, tick));
            canvas.FillRect(px, layout.Top, px, layout.Bottom, GridColor);
        }

        foreach (double tick in y.Ticks)
        {
            int py = Round(layout.Py(y, tick));
            canvas.FillRect(layout.Left, py, layout.Right, py, GridColor);
        }
    }

    private static void DrawSeries(PlotCanvas canvas, Layout layout, Axis x, Axis y, PlotSeries s)
    {
        int thickness = layout.LineThickness;
        foreach (PlotPoint p in s.Points.Where(p => IsDrawn(p) && HasErrorBar(p)))
        {
            int px = Round(layout.Px(x, p.X));
            int top = Round(layout.Py(y, p.Y + p.YError));
            int bottom = Round(layout.Py(y, p.Y - p.YError));
            int cap = (2 * layout.Scale) + 1;
            canvas.FillRect(px - ((thickness - 1) / 2), top, px + (thickness / 2), bottom, s.Color);
            canvas.FillRect(px - cap, top, px + cap, top + thickness - 1, s.Color);
            canvas.FillRect(px - cap, bottom - thickness + 1, px + cap, bottom, s.Color);
        }

        int phase = 0;
        PlotPoint? previous = null;
        foreach (PlotPoint p in s.Points)
        {
            if (!IsDrawn(p))
            {
                previous = null;
                continue;
            }

            if (previous is { } q)
            {
                canvas.Line(layout.Px(x, q.X), layout.Py(y, q.Y), layout.Px(x, p.X), layout.Py(y, p.Y),
                    s.Color, thickness, s.Dashed ? layout.Dash : 0, ref phase);
            }

            previous = p;
        }

        foreach (PlotPoint p in s.Points.Where(p => s.Markers && IsDrawn(p)))
        {
            canvas.Disc(layout.Px(x, p.X), layout.Py(y, p.Y), layout.MarkerRadius, s.Color);
        }
    }

    private static void DrawLegend(PlotCanvas canvas, Layout layout, PlotSeries[] series)
    {
        PlotSeries[] entries = [.. series.Where(s => !string.IsNullOrEmpty(s.Name))];
        if (entries.Length == 0)
        {
            return;
        }

        int scale = layout.Scale;
        int pad = layout.Pad;
        int swatch = 12 * scale;
        int rowHeight = BitmapFont.LineHeight(scale) + scale;
        int width = pad + swatch + pad + entries.Max(e => BitmapFont.MeasureWidth(e.Name, scale)) + pad;
        int height = pad + (entries.Length * rowHeight) - scale + pad;
        int right = layout.Right - pad - width + 1;
        int bottom = layout.Bottom - pad - height + 1;
        (int Left, int Top)[] corners =
            [(right, layout.Top + pad), (layout.Left + pad, layout.Top + pad), (right, bottom), (layout.Left + pad, bottom)];
        (int left, int top) = corners.MinBy(c => canvas.InkCount(c.Left, c.Top, c.Left + width - 1, c.Top + height - 1));

        canvas.FillRect(left, top, left + width - 1, top + height - 1, PlotColor.White);
        canvas.Frame(left, top, left + width - 1, top + height - 1, LegendBorder);
        for (int i = 0; i < entries.Length; i++)
        {
            PlotSeries s = entries[i];
            int rowTop = top + pad + (i * rowHeight);
            double middle = rowTop + (BitmapFont.CapHeight * scale / 2.0);
            int phase = 0;
            canvas.Line(left + pad, middle, left + pad + swatch, middle, s.Color, layout.LineThickness, s.Dashed ? layout.Dash : 0, ref phase);
            if (s.Markers)
            {
                canvas.Disc(left + pad + (swatch / 2.0), middle, layout.MarkerRadius, s.Color);
            }

            BitmapFont.Draw(canvas.Image, s.Name, left + pad + swatch + pad, rowTop, scale, PlotColor.Black);
        }
    }

    private static void DrawAxes(PlotCanvas canvas, Layout layout, Axis x, Axis y)
    {
        PlotColor black = PlotColor.Black;
        int scale = layout.Scale;
        int tick = layout.TickLength;
        canvas.Frame(layout.Left - 1, layout.Top - 1, layout.Right + 1, layout.Bottom + 1, black);

        int labelTop = layout.Bottom + 2 + tick + layout.Pad;
        int lastRight = int.MinValue;
        for (int i = 0; i < x.Ticks.Length; i++)
        {
            int px = Round(layout.Px(x, x.Ticks[i]));
            canvas.FillRect(px, layout.Bottom + 2, px, layout.Bottom + 1 + tick, black);
            int width = BitmapFont.MeasureWidth(x.Labels[i], scale);
            int left = px - (width / 2);
            if (left > lastRight + (2 * scale))
            {
                BitmapFont.Draw(canvas.Image, x.Labels[i], left, labelTop, scale, black);
                lastRight = left + width;
            }
        }

        int labelRight = layout.Left - 2 - tick - layout.Pad;
        int cap = BitmapFont.CapHeight * scale;
        int lastTop = int.MaxValue;
        for (int i = 0; i < y.Ticks.Length; i++)
        {
            int py = Round(layout.Py(y, y.Ticks[i]));
            canvas.FillRect(layout.Left - 1 - tick, py, layout.Left - 2, py, black);
            int top = py - (cap / 2);
            if (top + cap < lastTop - scale)
            {
                BitmapFont.Draw(canvas.Image, y.Labels[i], labelRight - BitmapFont.MeasureWidth(y.Labels[i], scale), top, scale, black);
                lastTop = top;
            }
        }
    }

    private static void DrawLabels(PlotCanvas canvas, Layout layout, LinePlotOptions options)
    {
        int width = options.Width;
        int height = options.Height;
        int pad = layout.Pad;
        int centre = (layout.Left + layout.Right) / 2;
        if (!string.IsNullOrEmpty(options.Title))
        {
            int scale = layout.Scale;
            while (scale > 1 && BitmapFont.MeasureWidth(options.Title, scale) > width - (2 * pad))
            {
                scale--;
            }

            BitmapFont.Draw(canvas.Image, options.Title, Centred(centre, BitmapFont.MeasureWidth(options.Title, scale), width), pad, scale, PlotColor.Black);
        }

        int line = BitmapFont.LineHeight(layout.Scale);
        if (!string.IsNullOrEmpty(options.XLabel))
        {
            int w = BitmapFont.MeasureWidth(options.XLabel, layout.Scale);
            BitmapFont.Draw(canvas.Image, options.XLabel, Centred(centre, w, width), height - pad - line, layout.Scale, PlotColor.Black);
        }

        if (!string.IsNullOrEmpty(options.YLabel))
        {
            int h = BitmapFont.MeasureWidth(options.YLabel, layout.Scale);
            int middle = (layout.Top + layout.Bottom) / 2;
            BitmapFont.Draw(canvas.Image, options.YLabel, pad, Centred(middle, h, height), layout.Scale, PlotColor.Black, vertical: true);
        }
    }

    /// <summary>Start of a run of <paramref name="length"/> pixels centred on <paramref name="centre"/>, kept on a canvas of <paramref name="size"/> if it fits.</summary>
    private static int Centred(int centre, int length, int size)
        => length >= size ? 0 : Math.Clamp(centre - (length / 2), 0, size - length);

    internal static int Round(double value) => (int)Math.Round(Math.Clamp(value, -1e6, 1e6), MidpointRounding.AwayFromZero);

    /// <summary>One axis: its ends in transformed units (log10 x on a logarithmic axis), ticks and their labels.</summary>
    private sealed record Axis(double Lo, double Hi, bool Log, double[] Ticks, string[] Labels)
    {
        public double Fraction(double v) => ((Log ? Math.Log10(v) : v) - Lo) / (Hi - Lo);
    }

    /// <summary>Where things go: the plotting area (inclusive pixel bounds, frame just outside) and sizes.</summary>
    private sealed record Layout(int Scale, int Left, int Top, int Right, int Bottom)
    {
        public int Pad => 3 * Scale;

        public int TickLength => (2 * Scale) + 1;

        public int LineThickness => Scale >= 2 ? 2 : 1;

        public int MarkerRadius => Scale + 1;

        /// <summary>Dash length; gaps are 3/4 of it.</summary>
        public int Dash => 4 * Scale;

        public double Px(Axis x, double v) => Left + (x.Fraction(v) * (Right - Left));

        public double Py(Axis y, double v) => Bottom - (y.Fraction(v) * (Bottom - Top));

        public static Layout Create(LinePlotOptions o, Axis x, Axis y)
        {
            int scale = Math.Clamp(Math.Min(o.Width, o.Height) / 250, 1, 8);
            int pad = 3 * scale;
            int tick = (2 * scale) + 1;
            int cap = BitmapFont.CapHeight * scale;
            int line = BitmapFont.LineHeight(scale);
            int yTickWidth = y.Labels.Select(l => BitmapFont.MeasureWidth(l, scale)).DefaultIfEmpty(0).Max();
            int xTickWidth = x.Labels.Select(l => BitmapFont.MeasureWidth(l, scale)).DefaultIfEmpty(0).Max();

            int top = string.IsNullOrEmpty(o.Title) ? pad + cap : pad + line + pad;
            int bottom = 2 + tick + pad + cap + pad + (string.IsNullOrEmpty(o.XLabel) ? 0 : line + pad);
            int left = pad + (string.IsNullOrEmpty(o.YLabel) ? 0 : line + pad) + yTickWidth + pad + tick + 2;
            int right = Math.Max(2 * pad, (xTickWidth / 2) + pad);
            left = Math.Min(left, o.Width * 2 / 5);
            right = Math.Min(right, o.Width / 5);
            top = Math.Min(top, o.Height / 4);
            bottom = Math.Min(bottom, o.Height * 2 / 5);
            return new Layout(scale, left, top, o.Width - 1 - right, o.Height - 1 - bottom);
        }
    }
}
