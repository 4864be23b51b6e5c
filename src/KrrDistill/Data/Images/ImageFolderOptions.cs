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
}
