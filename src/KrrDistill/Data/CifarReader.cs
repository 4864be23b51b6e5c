namespace KrrDistill.Data;

/// <summary>
/// Reads the binary versions of CIFAR-10 (<c>data_batch_1.bin</c> … <c>data_batch_5.bin</c>,
/// <c>test_batch.bin</c>: records of 1 label byte and 3072 pixel bytes) and CIFAR-100
/// (<c>train.bin</c>, <c>test.bin</c>: records of a coarse label byte, a fine label byte and 3072 pixel bytes).
/// </summary>
/// <remarks>
/// A file whose length is not a whole number of records, or that holds a label outside the class
/// range, is refused with a <see cref="DataFormatException"/> naming the file.
/// </remarks>
internal static class CifarReader
{
    /// <summary>Pixel bytes in one image: 3 channels of 32×32.</summary>
    public const int ImageBytes = 3 * 32 * 32;

    /// <summary>Number of CIFAR-10 classes.</summary>
    public const int Cifar10Classes = 10;

    /// <summary>Number of CIFAR-100 fine classes.</summary>
    public const int Cifar100FineClasses = 100;

    /// <summary>Number of CIFAR-100 coarse classes.</summary>
    public const int Cifar100CoarseClasses = 20;

    /// <summary>The shape of one CIFAR image: 3 channels of 32×32.</summary>
    public static ImageShape Shape { get; } = new(3, 32, 32);

    /// <summary>Reads one or more CIFAR-10 binary files and concatenates them in the order given.</summary>
    public static CifarBatch ReadCifar10(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Concatenate(paths.Select(p => Read(p, labelBytes: 1, labelIndex: 0, Cifar10Classes, "CIFAR-10")).ToList());
    }

    /// <summary>Reads one or more CIFAR-100 binary files (fine or coarse labels) and concatenates them in the order given.</summary>
    public static CifarBatch ReadCifar100(CifarLabelKind labels, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        (int index, int classes) = labels switch
        {
            CifarLabelKind.Fine => (1, Cifar100FineClasses),
            CifarLabelKind.Coarse => (0, Cifar100CoarseClasses),
            _ => throw new ArgumentOutOfRangeException(nameof(labels)),
        };
        return Concatenate(paths.Select(p => Read(p, labelBytes: 2, index, classes, "CIFAR-100")).ToList());
    }

    /// <summary>Reads one or more CIFAR-100 binary files with their fine labels.</summary>
    public static CifarBatch ReadCifar100(params string[] paths) => ReadCifar100(CifarLabelKind.Fine, paths);

    private static CifarBatch Read(string path, int labelBytes, int labelIndex, int classes, string format)
    {
        byte[] file = DataFile.ReadAllBytes(path);
        int record = labelBytes + ImageBytes;
        if (file.Length == 0)
        {
            throw new DataFormatException($"{path}: empty file; expected {format} records of {record} bytes.");
        }

        if (file.Length % record != 0)
        {
            throw new DataFormatException($"{path}: {file.Length} bytes is not a whole number of {format} records of {record} bytes (truncated, or not a {format} binary file?).");
        }

        int count = file.Length / record;
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int offset = i * record;
            int label = file[offset + labelIndex];
            if (label >= classes)
            {
                throw new DataFormatException($"{path}: record {i} has label {label}, outside 0..{classes - 1} for {format}.");
            }

            labels[i] = label;
            Buffer.BlockCopy(file, offset + labelBytes, pixels, i * ImageBytes, ImageBytes);
        }

        return new CifarBatch(pixels, labels);
    }

    private static CifarBatch Concatenate(List<CifarBatch> batches)
    {
        if (batches.Count == 1)
        {
            return batches[0];
        }

        long total = batches.Sum(b => (long)b.Count);
        if (total * ImageBytes > Array.MaxLength)
        {
            throw new DataFormatException($"{total} CIFAR images are more than can be loaded at once.");
        }

        var pixels = new byte[total * ImageBytes];
        var labels = new int[total];
        int at = 0;
        foreach (CifarBatch batch in batches)
        {
            Buffer.BlockCopy(batch.Pixels, 0, pixels, at * ImageBytes, batch.Pixels.Length);
            batch.Labels.CopyTo(labels, at);
            at += batch.Count;
        }

        return new CifarBatch(pixels, labels);
    }
}

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

/// <summary>Which of the two CIFAR-100 labels to use.</summary>
public enum CifarLabelKind
{
    /// <summary>The 100 fine classes (the usual choice, and the default).</summary>
    Fine,

    /// <summary>The 20 coarse superclasses.</summary>
    Coarse,
}
