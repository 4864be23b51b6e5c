namespace KrrDistill.Reproduction;

/// <summary>One curve of a <see cref="LinePlot"/>: points joined by straight lines in the given order.</summary>
/// <param name="Name">Legend text; an empty name leaves the series out of the legend.</param>
/// <param name="Points">The points, drawn in list order; a point with a non-finite coordinate breaks the line.</param>
/// <param name="Color">Colour of the line, the markers and the error bars.</param>
/// <param name="Dashed">True for a dashed line (e.g. a reference level), false (the default) for a solid one.</param>
/// <param name="Markers">True (the default) to draw a filled disc at every point.</param>
public sealed record PlotSeries(string Name, IReadOnlyList<PlotPoint> Points, PlotColor Color, bool Dashed = false, bool Markers = true);
