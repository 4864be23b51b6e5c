using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Reproduction.Images;

namespace KrrDistill.Reproduction;

/// <summary>The picture being drawn: clipped pixel writes, lines, discs, and a record of which pixels
/// series covered (to place the legend where it hides least).</summary>
internal sealed class PlotCanvas
{
    private readonly bool[] ink;
    private int clipLeft;
    private int clipTop;
    private int clipRight;
    private int clipBottom;

    public PlotCanvas(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        Image = new RenderedImage(width, height, 3, pixels);
        ink = new bool[width * height];
        ClearClip();
    }

    public RenderedImage Image { get; }

    /// <summary>Whether drawn pixels count as covered for <see cref="InkCount"/>.</summary>
    public bool MarkInk { get; set; }

    public void SetClip(int left, int top, int right, int bottom)
        => (clipLeft, clipTop, clipRight, clipBottom) = (Math.Max(left, 0), Math.Max(top, 0),
            Math.Min(right, Image.Width - 1), Math.Min(bottom, Image.Height - 1));

    public void ClearClip() => SetClip(0, 0, Image.Width - 1, Image.Height - 1);

    /// <summary>Fills the rectangle with inclusive corners (in either order), clipped.</summary>
    public void FillRect(int x0, int y0, int x1, int y1, PlotColor color)
    {
        int left = Math.Max(Math.Min(x0, x1), clipLeft);
        int right = Math.Min(Math.Max(x0, x1), clipRight);
        int top = Math.Max(Math.Min(y0, y1), clipTop);
        int bottom = Math.Min(Math.Max(y0, y1), clipBottom);
        for (int y = top; y <= bottom; y++)
        {
            for (int x = left; x <= right; x++)
            {
                int at = (y * Image.Width) + x;
                Image.Pixels[3 * at] = color.R;
                Image.Pixels[(3 * at) + 1] = color.G;
                Image.Pixels[(3 * at) + 2] = color.B;
                ink[at] |= MarkInk;
            }
        }
    }

    /// <summary>A one-pixel rectangle outline with inclusive corners.</summary>
    public void Frame(int left, int top, int right, int bottom, PlotColor color)
    {
        FillRect(left, top, right, top, color);
        FillRect(left, bottom, right, bottom, color);
        FillRect(left, top, left, bottom, color);
        FillRect(right, top, right, bottom, color);
    }

    /// <summary>
    /// A Bresenham line <paramref name="thickness"/> pixels wide; dashed when <paramref name="dash"/> &gt; 0
    /// (dashes of that many steps, gaps of 3/4 of it), the dash pattern continuing from <paramref name="phase"/>.
    /// </summary>
    public void Line(double ax, double ay, double bx, double by, PlotColor color, int thickness, int dash, ref int phase)
    {
        double length = Math.Max(Math.Abs(bx - ax), Math.Abs(by - ay));
        int steps = double.IsFinite(length) ? (int)Math.Min(Math.Round(length), 1e6) : 0;
        double margin = thickness + 1;
        if (!ClipSegment(ref ax, ref ay, ref bx, ref by, clipLeft - margin, clipTop - margin, clipRight + margin, clipBottom + margin, out double skipped))
        {
            phase += steps;
            return;
        }

        phase += (int)(skipped * steps);
        int x = (int)Math.Round(ax);
        int y = (int)Math.Round(ay);
        int xEnd = (int)Math.Round(bx);
        int yEnd = (int)Math.Round(by);
        int dx = Math.Abs(xEnd - x);
        int dy = -Math.Abs(yEnd - y);
        int sx = x < xEnd ? 1 : -1;
        int sy = y < yEnd ? 1 : -1;
        int error = dx + dy;
        int period = dash + (dash * 3 / 4);
        while (true)
        {
            if (dash <= 0 || phase % period < dash)
            {
                FillRect(x - ((thickness - 1) / 2), y - ((thickness - 1) / 2), x + (thickness / 2), y + (thickness / 2), color);
            }

            if (x == xEnd && y == yEnd)
            {
                return;
            }

            phase++;
            int twice = 2 * error;
            if (twice >= dy)
            {
                error += dy;
                x += sx;
            }

            if (twice <= dx)
            {
                error += dx;
                y += sy;
            }
        }
    }

    /// <summary>A filled disc of the given radius around the nearest pixel to (cx, cy).</summary>
    public void Disc(double cx, double cy, int radius, PlotColor color)
    {
        if (!double.IsFinite(cx) || !double.IsFinite(cy))
        {
            return;
        }

        int x = LinePlot.Round(cx);
        int y = LinePlot.Round(cy);
        for (int dy = -radius; dy <= radius; dy++)
        {
            for (int dx = -radius; dx <= radius; dx++)
            {
                if ((dx * dx) + (dy * dy) <= (radius * radius) + radius)
                {
                    FillRect(x + dx, y + dy, x + dx, y + dy, color);
                }
            }
        }
    }

    /// <summary>How many pixels in the rectangle (inclusive, clipped to the picture) series have covered.</summary>
    public int InkCount(int left, int top, int right, int bottom)
    {
        int count = 0;
        for (int y = Math.Max(top, 0); y <= Math.Min(bottom, Image.Height - 1); y++)
        {
            for (int x = Math.Max(left, 0); x <= Math.Min(right, Image.Width - 1); x++)
            {
                count += ink[(y * Image.Width) + x] ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>Liang–Barsky: cuts the segment to the rectangle; false if nothing is left (or a coordinate
    /// is not finite). <paramref name="skipped"/> is the fraction cut from the start.</summary>
    private static bool ClipSegment(ref double ax, ref double ay, ref double bx, ref double by,
        double left, double top, double right, double bottom, out double skipped)
    {
        skipped = 0;
        if (!double.IsFinite(ax) || !double.IsFinite(ay) || !double.IsFinite(bx) || !double.IsFinite(by))
        {
            return false;
        }

        double dx = bx - ax;
        double dy = by - ay;
        double t0 = 0;
        double t1 = 1;
        foreach ((double p, double q) in (ReadOnlySpan<(double, double)>)[(-dx, ax - left), (dx, right - ax), (-dy, ay - top), (dy, bottom - ay)])
        {
            if (p == 0)
            {
                if (q < 0)
                {
                    return false;
                }

                continue;
            }

            double r = q / p;
            if (p < 0)
            {
                t0 = Math.Max(t0, r);
            }
            else
            {
                t1 = Math.Min(t1, r);
            }

            if (t0 > t1)
            {
                return false;
            }
        }

        (ax, ay, bx, by) = (ax + (t0 * dx), ay + (t0 * dy), ax + (t1 * dx), ay + (t1 * dy));
        skipped = t0;
        return true;
    }
}
