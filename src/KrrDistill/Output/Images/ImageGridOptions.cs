namespace KrrDistill.Output.Images;

/// <summary>How <see cref="ImageGrid"/> lays out and colours a grid.</summary>
public sealed record ImageGridOptions
{
    /// <summary>Grey pixels between neighbouring cells (after upscaling); 1 by default, 0 for none.</summary>
    public int Gap { get; init; } = 1;

    /// <summary>Grey pixels between the block of initial images and the block of distilled ones; 4 by default.</summary>
    public int SectionGap { get; init; } = 4;

    /// <summary>Integer upscale factor (nearest neighbour): each image pixel becomes Scale×Scale pixels; 1 by default.</summary>
    public int Scale { get; init; } = 1;

    /// <summary>Grey level of the gaps (all channels); 128 by default.</summary>
    public byte GapValue { get; init; } = 128;

    /// <summary>
    /// False (the default, faithful): de-normalize and clip to [0, 255]. True: de-normalize, then map each
    /// image's own minimum–maximum (over all its channels) linearly onto 0–255, for viewing noise-like images
    /// that lie far outside the pixel range. A constant image is drawn as in the default mode.
    /// </summary>
    public bool ContrastStretch { get; init; }

    /// <summary>
    /// Height in pixels of the header strip holding the class names, when names are given; null (the default)
    /// for about a third of a cell's height, at least 14.
    /// </summary>
    public int? HeaderHeight { get; init; }

    /// <summary>Lines of text drawn in a white strip under the grid (what the picture shows and how it was mapped to pixels); none by default.</summary>
    public IReadOnlyList<string> Caption { get; init; } = [];
}
