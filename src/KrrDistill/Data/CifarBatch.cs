namespace KrrDistill.Data;

/// <summary>
/// Images and labels read from CIFAR binary files: <see cref="Count"/> images of 3×32×32 bytes,
/// channels first (1024 red, 1024 green, then 1024 blue values, each plane row by row), one after another.
/// </summary>
/// <param name="Pixels">Count·3072 pixel bytes, image after image.</param>
/// <param name="Labels">One label per image.</param>
internal sealed record CifarBatch(byte[] Pixels, int[] Labels)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
}
