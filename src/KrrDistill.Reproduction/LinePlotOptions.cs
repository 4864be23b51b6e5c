namespace KrrDistill.Reproduction;

/// <summary>Size, labels, axis ranges and ticks of a <see cref="LinePlot"/>.</summary>
public sealed record LinePlotOptions
{
    /// <summary>Text above the plot; empty (the default) for none.</summary>
    public string Title { get; init; } = "";

    /// <summary>Label under the x axis; empty (the default) for none.</summary>
    public string XLabel { get; init; } = "";

    /// <summary>Label left of the y axis, drawn reading upwards; empty (the default) for none.</summary>
    public string YLabel { get; init; } = "";

    /// <summary>True for a logarithmic (base 10) x axis; every x value, limit and tick must then be positive.</summary>
    public bool LogX { get; init; }

    /// <summary>Picture width in pixels, 100–16384; 800 by default.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Picture height in pixels, 100–16384; 500 by default.</summary>
    public int Height { get; init; } = 500;

    /// <summary>Left end of the x axis; null (the default) for the smallest x with a 5 % margin.</summary>
    public double? XMin { get; init; }

    /// <summary>Right end of the x axis; null (the default) for the largest x with a 5 % margin.</summary>
    public double? XMax { get; init; }

    /// <summary>Bottom of the y axis; null (the default) for the smallest y (error bars included) with a 5 % margin.</summary>
    public double? YMin { get; init; }

    /// <summary>Top of the y axis; null (the default) for the largest y (error bars included) with a 5 % margin.</summary>
    public double? YMax { get; init; }

    /// <summary>
    /// Where to put x ticks, grid lines and labels; values outside the axis are left out. Null (the default)
    /// chooses them: on a logarithmic axis the data's distinct x values (2 to 12 of them), otherwise the
    /// powers of 10 or of 2 in range; on a linear axis about five "nice" values (steps of 1, 2, 2.5 or 5
    /// times a power of ten).
    /// </summary>
    public IReadOnlyList<double>? XTicks { get; init; }

    /// <summary>Where to put y ticks; null (the default) for about five "nice" values, as for <see cref="XTicks"/>.</summary>
    public IReadOnlyList<double>? YTicks { get; init; }
}
