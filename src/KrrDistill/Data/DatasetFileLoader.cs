namespace KrrDistill.Data;

/// <summary>
/// Loads a data set given as a file: an <c>.npz</c> archive with <c>x_train</c>, <c>y_train</c>,
/// <c>x_test</c>, <c>y_test</c>, or a training <c>.csv</c> with its sibling test file (see
/// <see cref="DatasetCatalog"/> for the rules).
/// </summary>
internal static class DatasetFileLoader
{
    /// <summary>True when <paramref name="name"/> names a file rather than a catalog entry (it ends in .npz or .csv).</summary>
    public static bool IsFileName(string name)
        => name.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads the data set in the file <paramref name="path"/>.</summary>
    public static DatasetPair Load(string path)
        => path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) ? LoadNpz(path) : LoadCsv(path);

    /// <summary>The test file beside a training CSV: <c>a.csv</c> → <c>a.test.csv</c>, <c>a.train.csv</c> → <c>a.test.csv</c>.</summary>
    public static string CsvTestPath(string trainPath)
    {
        string stem = trainPath[..^".csv".Length];
        if (stem.EndsWith(".train", StringComparison.OrdinalIgnoreCase))
        {
            stem = stem[..^".train".Length];
        }

        return stem + ".test.csv";
    }

    private static DatasetPair LoadCsv(string path)
    {
        string testPath = CsvTestPath(path);
        if (!File.Exists(testPath))
        {
            throw new DataFormatException($"{testPath}: no such file (the test set of the CSV data set {path} must be beside it, named {Path.GetFileName(testPath)}).");
        }

        CsvTable train = CsvReader.ReadTable(path);
        CsvTable test = CsvReader.ReadTable(testPath);
        if (train.Dimension != test.Dimension)
        {
            throw new DataFormatException($"{path} has {train.Dimension} features per sample but {testPath} has {test.Dimension}.");
        }

        int classes = Math.Max(train.MaxLabel, test.MaxLabel) + 1;
        RequireUsable(path, train.Count, testPath, test.Count, classes);
        return new DatasetPair(train.ToDataset(classes), test.ToDataset(classes));
    }

    private static DatasetPair LoadNpz(string path)
    {
        NpzArchive archive;
        using (FileStream stream = DataFile.OpenRead(path))
        {
            NpzDatasetPreflight.Check(stream, path);
            archive = NpzReader.Read(stream, path);
        }

        (NpyArray xTrain, ImageShape? shape) = Inputs(archive, "x_train");
        (NpyArray xTest, _) = Inputs(archive, "x_test");
        int[] yTrain = Labels(archive, "y_train");
        int[] yTest = Labels(archive, "y_test");
        int classes = Math.Max(yTrain.DefaultIfEmpty(-1).Max(), yTest.DefaultIfEmpty(-1).Max()) + 1;
        RequireUsable($"{path}: x_train", yTrain.Length, $"{path}: x_test", yTest.Length, classes);
        return new DatasetPair(
            ToDataset($"{path} (train)", xTrain, yTrain, classes, shape),
            ToDataset($"{path} (test)", xTest, yTest, classes, shape));
    }

    /// <summary>
    /// Refuses a data set that cannot give the numbers a run reports: no training samples, no test samples (every
    /// accuracy is measured on them), or more classes than the data can support: labels are 0…k−1 with k = largest label
    /// + 1, so one stray label of 999,999 would make a million-class problem of a few hundred rows; k may not exceed the
    /// number of samples, or <see cref="MinimumClassLimit"/> for small samples of a large label space (CIFAR-100,
    /// ImageNet-1k).
    /// </summary>
    private const int MinimumClassLimit = 1000;

    internal static void RequireUsable(string trainName, int trainCount, string testName, int testCount, int classes)
    {
        if (trainCount == 0)
        {
            throw new DataFormatException($"{trainName} has no samples.");
        }

        if (testCount == 0)
        {
            throw new DataFormatException($"{testName} has no samples: the test set needs at least one, since every reported accuracy is measured on it.");
        }

        long limit = Math.Max((long)trainCount + testCount, MinimumClassLimit);
        if (classes > limit)
        {
            throw new DataFormatException($"{trainName}: the largest label is {classes - 1}, which makes {classes} classes for {trainCount + testCount} samples in all; labels must be 0…k−1 with k at most {limit} (the number of samples, or {MinimumClassLimit} for small sets).");
        }
    }

    /// <summary>The input array under <paramref name="key"/>, channels-last images turned channels-first, and its image shape if any.</summary>
    private static (NpyArray Array, ImageShape? Shape) Inputs(NpzArchive archive, string key)
    {
        NpyArray x = archive.Get(key);
        if (!x.IsNumeric)
        {
            throw new DataFormatException($"{archive.Source}: '{key}' holds text ({x.DType}), expected numbers.");
        }

        int[] s = x.Shape;
        switch (s.Length)
        {
            case 2:
                return (x, null);
            case 3:
                return (x, new ImageShape(1, s[1], s[2]));
            case 4 when s[1] is 1 or 3 or 4:
                return (x, new ImageShape(s[1], s[2], s[3]));
            case 4 when s[3] is 1 or 3 or 4:
                return (ChannelsFirst(x), new ImageShape(s[3], s[1], s[2]));
            default:
                throw new DataFormatException($"{archive.Source}: '{key}' has shape {NpyHeader.FormatShape(s)}; expected (n, d), (n, h, w), (n, c, h, w) or (n, h, w, c) with c = 1, 3 or 4.");
        }
    }

    private static NpyArray ChannelsFirst(NpyArray x)
    {
        int[] shape = [x.Shape[0], x.Shape[3], x.Shape[1], x.Shape[2]];
        return x.Data switch
        {
            byte[] b => NpyArray.FromBytes(ChannelsFirst(b, x.Shape), shape),
            double[] d => NpyArray.FromDoubles(ChannelsFirst(d, x.Shape), shape),
            float[] f => NpyArray.FromSingles(ChannelsFirst(f, x.Shape), shape),
            long[] l => NpyArray.FromInt64(ChannelsFirst(l, x.Shape), shape),
            _ => throw new InvalidOperationException($"unexpected element type {x.DType}."),
        };
    }

    /// <summary>Reorders (n, h, w, c) elements to (n, c, h, w).</summary>
    private static T[] ChannelsFirst<T>(T[] source, int[] shape)
    {
        int n = shape[0], h = shape[1], w = shape[2], c = shape[3];
        int plane = h * w;
        int size = plane * c;
        var target = new T[source.Length];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> from = source.AsSpan(i * size, size);
            Span<T> to = target.AsSpan(i * size, size);
            for (int p = 0; p < plane; p++)
            {
                for (int k = 0; k < c; k++)
                {
                    to[(k * plane) + p] = from[(p * c) + k];
                }
            }
        }

        return target;
    }

    private static int[] Labels(NpzArchive archive, string key)
    {
        // Its shape and its agreement with x were checked by NpzDatasetPreflight.
        return ClassIndices(archive.Get(key), $"{archive.Source}: '{key}'");
    }

    /// <summary>The values of <paramref name="y"/> as class indices 0…<see cref="CsvReader.MaxLabel"/>; <paramref name="where"/> names it in the error.</summary>
    internal static int[] ClassIndices(NpyArray y, string where)
    {
        double[] values = y.ToDoubles();
        var labels = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!(v >= 0 && v <= CsvReader.MaxLabel && v == Math.Floor(v)))
            {
                throw new DataFormatException($"{where}[{i}] is {v}, not a class index in 0..{CsvReader.MaxLabel}.");
            }

            labels[i] = (int)v;
        }

        return labels;
    }

    private static Dataset ToDataset(string name, NpyArray x, int[] labels, int classes, ImageShape? shape)
    {
        int n = x.Shape[0];
        int d = n == 0 ? x.Shape[1..].Aggregate(1, (a, b) => a * b) : x.Count / n;
        if (x.Data is byte[] pixels)
        {
            return Dataset.FromBytes(name, pixels, n, d, labels, classes, InputNormalization.Uniform(d, 0, 1, 255), shape);
        }

        return Dataset.FromValues(name, x.ToDoubles(), n, d, labels, classes, InputNormalization.None(d), shape);
    }
}
