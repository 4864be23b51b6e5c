namespace KrrDistill.Reproduction;

/// <summary>One data point of a <see cref="PlotSeries"/>.</summary>
/// <param name="X">Horizontal value; must be positive when the plot has a logarithmic x axis. A non-finite
/// value makes the point a gap: it is not drawn and the line is broken there.</param>
/// <param name="Y">Vertical value; a non-finite value (NaN) makes the point a gap, as for <paramref name="X"/>.</param>
/// <param name="YError">Half-length of a vertical error bar (e.g. one standard deviation), in y units;
/// 0 (the default), a negative or a non-finite value draws none.</param>
public readonly record struct PlotPoint(double X, double Y, double YError = 0);
