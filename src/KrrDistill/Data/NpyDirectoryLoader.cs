namespace KrrDistill.Data;

/// <summary>
/// A data set given as a directory of NPY files whose inputs are streamed from disk (<see cref="StreamedRows"/>): only
/// the labels are read into memory, so a data set larger than memory can be fit in O(p² + chunk·d).
/// </summary>
/// <remarks>
/// <para>Two layouts, checked in this order:</para>
/// <list type="bullet">
/// <item><c>x_train.npy</c>, <c>y_train.npy</c>, <c>x_test.npy</c>, <c>y_test.npy</c> in the directory;</item>
/// <item>shards <c>train/x_000.npy</c>, <c>train/y_000.npy</c>, <c>train/x_001.npy</c>, … and the same under <c>test/</c>:
/// every <c>x_<i>suffix</i>.npy</c> has its <c>y_<i>suffix</i>.npy</c>, and shards are taken in file-name order.</item>
/// </list>
/// <para>x is uint8 (scaled by 1/255), float32 or float64 (used as is), little-endian, C order, of shape (n, d), (n, h, w)
/// or (n, c, h, w) with c = 1, 3 or 4; every shard of both splits has the same sample shape and dtype. y holds integer
/// class indices of shape (n,) or (n, 1) in any numeric dtype.</para>
/// </remarks>
internal static class NpyDirectoryLoader
{
    /// <summary>True when <paramref name="path"/> is a directory in one of the layouts.</summary>
    public static bool IsNpyDirectory(string path)
        => Directory.Exists(path) && (File.Exists(Path.Combine(path, "x_train.npy")) || Directory.Exists(Path.Combine(path, "train")));

    /// <summary>The files the data set is read from (full paths).</summary>
    public static IReadOnlyList<string> Files(string directory)
    {
        (IReadOnlyList<(string X, string Y)> train, IReadOnlyList<(string X, string Y)> test) = Layout(directory);
        return [.. train.Concat(test).SelectMany(p => new[] { p.X, p.Y }).Select(Path.GetFullPath)];
    }

    /// <summary>Opens the data set in <paramref name="directory"/>; only the labels are read.</summary>
    public static DatasetPair Load(string directory)
    {
        (IReadOnlyList<(string X, string Y)> trainFiles, IReadOnlyList<(string X, string Y)> testFiles) = Layout(directory);
        (StreamedRows train, int[] trainLabels, NpyRowFile trainFirst) = Open(trainFiles);
        (StreamedRows test, int[] testLabels, NpyRowFile testFirst) = Open(testFiles);
        RequireSameSamples(testFirst, trainFirst);

        int[] shape = trainFirst.SampleShape;
        ImageShape? image = shape.Length switch
        {
            1 => null,
            2 => new ImageShape(1, shape[0], shape[1]),
            3 when shape[0] is 1 or 3 or 4 => new ImageShape(shape[0], shape[1], shape[2]),
            _ => throw new DataFormatException($"{trainFirst.Path}: samples of shape {NpyHeader.FormatShape(shape)}; streamed inputs must be (n, d), (n, h, w) or channels-first (n, c, h, w) with c = 1, 3 or 4."),
        };
        int d = (int)(trainFirst.RowBytes / trainFirst.ItemSize);
        int classes = Math.Max(trainLabels.DefaultIfEmpty(-1).Max(), testLabels.DefaultIfEmpty(-1).Max()) + 1;
        DatasetFileLoader.RequireUsable($"{directory} (train)", trainLabels.Length, $"{directory} (test)", testLabels.Length, classes);
        bool bytes = trainFirst.Kind == 'u';
        InputNormalization normalization = bytes ? InputNormalization.Uniform(d, 0, 1, 255) : InputNormalization.None(d);
        return new DatasetPair(
            Dataset.FromRows($"{directory} (train)", train, d, trainLabels, classes, bytes, normalization, image),
            Dataset.FromRows($"{directory} (test)", test, d, testLabels, classes, bytes, normalization, image));
    }

    private static (IReadOnlyList<(string X, string Y)> Train, IReadOnlyList<(string X, string Y)> Test) Layout(string directory)
    {
        if (File.Exists(Path.Combine(directory, "x_train.npy")))
        {
            return ([(Path.Combine(directory, "x_train.npy"), Path.Combine(directory, "y_train.npy"))],
                [(Path.Combine(directory, "x_test.npy"), Path.Combine(directory, "y_test.npy"))]);
        }

        return (Shards(Path.Combine(directory, "train")), Shards(Path.Combine(directory, "test")));
    }

    private static List<(string X, string Y)> Shards(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DataFormatException($"{directory}: no such directory (an NPY data set directory holds x_train.npy … or train/ and test/ with x_000.npy, y_000.npy, …).");
        }

        string[] inputs = [.. Directory.GetFiles(directory, "x_*.npy").Order(StringComparer.Ordinal)];
        if (inputs.Length == 0)
        {
            throw new DataFormatException($"{directory}: no x_*.npy shards.");
        }

        var shards = new List<(string, string)>();
        foreach (string x in inputs)
        {
            string y = Path.Combine(directory, "y_" + Path.GetFileName(x)[2..]);
            if (!File.Exists(y))
            {
                throw new DataFormatException($"{x} has no labels: {y} does not exist.");
            }

            shards.Add((x, y));
        }

        string[] strayLabels = [.. Directory.GetFiles(directory, "y_*.npy").Where(y => !shards.Any(s => s.Item2 == y))];
        if (strayLabels.Length > 0)
        {
            throw new DataFormatException($"{strayLabels[0]} has no inputs: {Path.Combine(directory, "x_" + Path.GetFileName(strayLabels[0])[2..])} does not exist.");
        }

        return shards;
    }

    private static (StreamedRows Rows, int[] Labels, NpyRowFile First) Open(IReadOnlyList<(string X, string Y)> shards)
    {
        var files = new List<NpyRowFile>();
        var labels = new List<int>();
        foreach ((string xPath, string yPath) in shards)
        {
            NpyRowFile x = NpyRowFile.Open(xPath);
            if (files.Count > 0)
            {
                RequireSameSamples(x, files[0]);
            }

            NpyArray y = NpyReader.Read(yPath);
            if (!y.IsNumeric || !(y.Rank == 1 || (y.Rank == 2 && y.Shape[1] == 1)))
            {
                throw new DataFormatException($"{yPath}: {y.DType} of shape {NpyHeader.FormatShape(y.Shape)}; expected integer class indices of shape (n,) or (n, 1).");
            }

            if (y.Shape[0] != x.Rows)
            {
                throw new DataFormatException($"{xPath} holds {x.Rows} samples but {yPath} holds {y.Shape[0]} labels.");
            }

            labels.AddRange(DatasetFileLoader.ClassIndices(y, yPath));

            files.Add(x);
        }

        return (new StreamedRows(files), [.. labels], files[0]);
    }

    /// <summary>Refuses <paramref name="file"/> unless its samples have <paramref name="reference"/>'s shape and dtype.</summary>
    private static void RequireSameSamples(NpyRowFile file, NpyRowFile reference)
    {
        if (!file.SampleShape.SequenceEqual(reference.SampleShape) || file.Kind != reference.Kind || file.ItemSize != reference.ItemSize)
        {
            throw new DataFormatException($"{file.Path} holds samples of shape {NpyHeader.FormatShape(file.SampleShape)} and {Describe(file)}, but {reference.Path} {NpyHeader.FormatShape(reference.SampleShape)} and {Describe(reference)}.");
        }
    }

    private static string Describe(NpyRowFile f) => f.Kind == 'u' ? "uint8" : $"float{f.ItemSize * 8}";
}
