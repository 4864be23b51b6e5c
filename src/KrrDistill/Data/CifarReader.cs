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
        return ReadAll(paths, labelBytes: 1, labelIndex: 0, Cifar10Classes, "CIFAR-10");
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
        return ReadAll(paths, labelBytes: 2, index, classes, "CIFAR-100");
    }

    /// <summary>Reads one or more CIFAR-100 binary files with their fine labels.</summary>
    public static CifarBatch ReadCifar100(params string[] paths) => ReadCifar100(CifarLabelKind.Fine, paths);

    /// <summary>
    /// Reads the files in order straight into one pixel array (n·3072 bytes), a block of records at a time: no file is
    /// held whole and nothing is copied twice, so loading CIFAR-10 costs its 184 MB and no more.
    /// </summary>
    private static CifarBatch ReadAll(string[] paths, int labelBytes, int labelIndex, int classes, string format)
    {
        int record = labelBytes + ImageBytes;
        var streams = new List<FileStream>(paths.Length);
        try
        {
            long total = 0;
            foreach (string path in paths)
            {
                FileStream stream = DataFile.OpenRead(path, bufferSize: 1);
                streams.Add(stream);
                total += RecordCount(path, stream.Length, record, format);
            }

            if (total * ImageBytes > Array.MaxLength)
            {
                throw new DataFormatException($"{total} CIFAR images are more than can be loaded at once.");
            }

            var pixels = new byte[total * ImageBytes];
            Diagnostics.LargeBuffers.Advise(pixels);
            var labels = new int[total];
            byte[] block = new byte[1024 * record];
            long at = 0;
            for (int f = 0; f < paths.Length; f++)
            {
                long count = streams[f].Length / record;
                for (long first = 0; first < count; first += 1024)
                {
                    int n = (int)Math.Min(1024, count - first);
                    if (streams[f].ReadAtLeast(block.AsSpan(0, n * record), n * record, throwOnEndOfStream: false) != n * record)
                    {
                        throw new DataFormatException($"{paths[f]}: the file shrank while being read.");
                    }

                    for (int i = 0; i < n; i++)
                    {
                        int offset = i * record;
                        int label = block[offset + labelIndex];
                        if (label >= classes)
                        {
                            throw new DataFormatException($"{paths[f]}: record {first + i} has label {label}, outside 0..{classes - 1} for {format}.");
                        }

                        labels[at] = label;
                        block.AsSpan(offset + labelBytes, ImageBytes).CopyTo(pixels.AsSpan((int)(at * ImageBytes), ImageBytes));
                        at++;
                    }
                }
            }

            return new CifarBatch(pixels, labels);
        }
        finally
        {
            foreach (FileStream stream in streams)
            {
                stream.Dispose();
            }
        }
    }

    private static long RecordCount(string path, long length, int record, string format)
    {
        if (length == 0)
        {
            throw new DataFormatException($"{path}: empty file; expected {format} records of {record} bytes.");
        }

        if (length % record != 0)
        {
            throw new DataFormatException($"{path}: {length} bytes is not a whole number of {format} records of {record} bytes (truncated, or not a {format} binary file?).");
        }

        return length / record;
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
