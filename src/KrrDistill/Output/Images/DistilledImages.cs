using KrrDistill.Distillation;

namespace KrrDistill.Output.Images;

/// <summary>
/// The PNG grid of a distilled set, like the paper's Figures 1–3: the class names above their columns, one column
/// per class, one row per image of that class, and for real initialization the real starting images above.
/// Real-initialized sets are drawn faithfully (de-normalized, clipped); noise-initialized ones lie far outside the
/// pixel range, so each image is contrast-stretched to be visible.
/// </summary>
public static class DistilledImages
{
    /// <summary>
    /// Writes the grid to <paramref name="path"/> (atomically) with <paramref name="classNames"/> (one per class, e.g.
    /// <see cref="ClassNames.For(string?, int)"/>) above the columns; false, writing nothing, for non-image data.
    /// </summary>
    /// <exception cref="ArgumentException">The number of names is not the set's number of classes.</exception>
    public static bool TrySave(string path, DistilledSet set, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(classNames);
        if (set.ImageShape is not { Channels: 1 or 3 } shape)
        {
            return false;
        }

        var options = new ImageGridOptions { Scale = shape.Height <= 32 ? 2 : 1, ContrastStretch = set.InitialInputs is null };
        RenderedImage image = ImageGrid.Render(set.Inputs, set.Classes, shape, set.Normalization, set.InitialInputs, options, classNames);
        image.SavePng(path);
        return true;
    }
}
