namespace KrrDistill.Data.Images;

/// <summary>How an image folder (<c>folder:PATH</c>) becomes a data set.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>(height, width) every image is resized to; null: the first image's size, which every image must have.</summary>
    public (int Height, int Width)? Size { get; init; }

    /// <summary>The fraction of each class held out as the test set when the folder has no <c>test/</c> (seeded by <see cref="Seed"/>).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Seed of the held-out test split.</summary>
    public int Seed { get; init; }

    /// <summary>How pixels become model inputs (default <see cref="ImageScaling.Unit"/>: pixel/255).</summary>
    public ImageScaling Scaling { get; init; } = ImageScaling.Unit;

    /// <summary>
    /// Leave out the images that cannot be decoded instead of refusing the folder: every image is then decoded once when
    /// the folder is opened, and those that fail are listed in <see cref="DatasetPair.Skipped"/>.
    /// </summary>
    public bool SkipUnreadable { get; init; }
}
