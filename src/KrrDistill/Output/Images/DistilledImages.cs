using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Output.Images;

/// <summary>
/// The PNG grid of a distilled set, like the paper's Figures 1–3: the class names above their columns, one column
/// per class, one row per image of that class (at most <see cref="MaxRowsPerClass"/>), for real initialization the
/// real starting images above, tiles upscaled to at least 64 pixels and separated by white lines, and a caption saying
/// what is drawn and how it was mapped to pixels. Real-initialized sets are drawn faithfully (de-normalized, clipped
/// to 0–255, the caption giving how many pixels were clipped and how far the images moved from the real ones);
/// noise-initialized ones lie far outside the pixel range, so each image is contrast-stretched to be visible.
/// </summary>
public static class DistilledImages
{
    /// <summary>Rows drawn per class: a picture of 50 rows of 100 classes would be too large to look at.</summary>
    public const int MaxRowsPerClass = 10;

    /// <summary>
    /// Writes the grid to <paramref name="path"/> (atomically) with <paramref name="classNames"/> (one per class, e.g.
    /// <see cref="ClassNames.For(string?, int)"/>) above the columns; false, writing nothing, for non-image data.
    /// </summary>
    /// <exception cref="ArgumentException">The number of names is not the set's number of classes.</exception>
    public static bool TrySave(string path, DistilledSet set, IReadOnlyList<string> classNames)
    {
        if (Render(set, classNames) is not { } image)
        {
            return false;
        }

        image.SavePng(path);
        return true;
    }

    /// <summary>
    /// The grid <see cref="TrySave"/> writes, as pixels; null for non-image data. <paramref name="shape"/> draws the inputs
    /// as images of that shape (1 or 3 channels, holding the set's d values) when the set records none, or another.
    /// </summary>
    /// <exception cref="ArgumentException">The number of names is not the set's number of classes.</exception>
    /// <exception cref="InputException">The shape does not hold d values in 1 or 3 channels.</exception>
    public static RenderedImage? Render(DistilledSet set, IReadOnlyList<string> classNames, ImageShape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(classNames);
        if (shape is not null && (shape.Channels is not (1 or 3) || (long)shape.Channels * shape.Height * shape.Width != set.Inputs.Columns))
        {
            throw new InputException($"shape {shape.Channels}×{shape.Height}×{shape.Width} does not draw the set's {set.Inputs.Columns} values per point as 1 or 3 channels.");
        }

        if ((shape ?? set.ImageShape) is not { Channels: 1 or 3 } drawn)
        {
            return null;
        }

        int k = set.Classes, rows = set.Count / Math.Max(1, k), shown = Math.Min(rows, MaxRowsPerClass);
        var options = new ImageGridOptions
        {
            Scale = Math.Clamp((int)Math.Ceiling(64.0 / Math.Max(drawn.Height, drawn.Width)), 1, 8),
            Gap = 2,
            SectionGap = 8,
            GapValue = 255, // white lines: visible between noise tiles, which are grey on average
            ContrastStretch = set.InitialInputs is null,
            Caption = Caption(set, rows, shown),
        };
        return ImageGrid.Render(FirstRows(set.Inputs, shown * k), k, drawn, set.Normalization,
            set.InitialInputs is { } initial ? FirstRows(initial, shown * k) : null, options, classNames);
    }

    /// <summary>What the picture shows and how its pixels were made, in two or three lines.</summary>
    internal static IReadOnlyList<string> Caption(DistilledSet set, int rows, int shown)
    {
        var lines = new List<string>();
        string count = shown < rows ? $"the first {shown} of {rows} distilled images per class" : $"{rows} distilled image{(rows == 1 ? "" : "s")} per class";
        string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..];
        PixelRange? pixels = set.Pixels;
        string range = pixels is null ? "" : FormattableString.Invariant($"; pixel values {pixels.Minimum:F0} … {pixels.Maximum:F0}, {100 * pixels.FractionOutside:F1} % outside 0–255");
        if (set.InitialInputs is null)
        {
            lines.Add(Sentence($"{count} (noise init), each contrast-stretched to its own range{range}."));
        }
        else
        {
            lines.Add($"Top: the real images the set started from. Below: {count}, drawn as pixels clipped to 0–255{range}.");
            if (pixels?.DistanceToInitial is { } distance)
            {
                lines.Add(FormattableString.Invariant($"The distilled images are {distance:G3}× their starting images' norm away from them (mean of ‖x_S − x̂‖/‖x̂‖){(distance > 1 ? ": far from any real image" : "")}."));
            }
        }

        lines.Add($"{set.FeatureMap.Kind.ArtefactName()} features, m = {set.Count}: KRR on these points gives the original model (docs/theory.md §3).");
        return lines;
    }

    private static Matrix FirstRows(Matrix m, int rows)
        => rows >= m.Rows ? m : new Matrix(rows, m.Columns, m.Data.AsSpan(0, rows * m.Columns).ToArray());
}
