namespace KrrDistill.Reproduction;

/// <summary>An opaque 8-bit RGB colour for <see cref="LinePlot"/>.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
public readonly record struct PlotColor(byte R, byte G, byte B)
{
    /// <summary>Blue (31, 119, 180), the first colour of the usual "tab10" palette.</summary>
    public static PlotColor Blue { get; } = new(31, 119, 180);

    /// <summary>Orange (255, 127, 14).</summary>
    public static PlotColor Orange { get; } = new(255, 127, 14);

    /// <summary>Green (44, 160, 44).</summary>
    public static PlotColor Green { get; } = new(44, 160, 44);

    /// <summary>Red (214, 39, 40).</summary>
    public static PlotColor Red { get; } = new(214, 39, 40);

    /// <summary>Grey (127, 127, 127), e.g. for a reference line.</summary>
    public static PlotColor Grey { get; } = new(127, 127, 127);

    /// <summary>Black (0, 0, 0), the colour of the axes and the text.</summary>
    public static PlotColor Black { get; } = new(0, 0, 0);

    /// <summary>White (255, 255, 255), the background.</summary>
    public static PlotColor White { get; } = new(255, 255, 255);
}
