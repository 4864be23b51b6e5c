using KrrDistill.Randomness;
using SkiaSharp;

namespace KrrDistill.Data.Images;

/// <summary>
/// A data set given as a folder of images in torchvision's <c>ImageFolder</c> layout: one sub-folder per class (its name
/// is the class name; classes in ordinal order of the names), under <c>train/</c> and <c>test/</c>, or directly under the
/// folder, in which case a seeded fraction of each class is the test set. PNG, JPEG, BMP, GIF and WebP files are read
/// (SkiaSharp); other files are ignored. Each image's header is read when the folder is opened (its size and whether it
/// is grayscale); the pixels are decoded only when rows are asked for (<see cref="ImageRows"/>), in parallel, so a
/// folder of any number of images is fit in O(p² + chunk·d) memory. Images are grayscale (one channel) when the first
/// one is, else RGB; all must have the first one's size unless a size is given, to which every image is resized.
/// </summary>
internal static class ImageFolderLoader
{
    /// <summary>The prefix that names an image folder on the command line: <c>folder:PATH</c>.</summary>
    public const string Prefix = "folder:";

    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    /// <summary>True when <paramref name="name"/> is <c>folder:PATH</c>.</summary>
    public static bool IsImageFolder(string name) => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens the folder <paramref name="name"/> (<c>folder:PATH</c>).</summary>
    /// <exception cref="DataFormatException">The layout, an image or a size does not fit; the message names the folder or file.</exception>
    public static DatasetPair Load(string name, ImageFolderOptions? options)
    {
        options ??= new ImageFolderOptions();
        string folder = name[Prefix.Length..];
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new InputException("Dataset", $"'{name}' names no folder: give folder:PATH, PATH holding one sub-folder per class.");
        }

        if (!Directory.Exists(folder))
        {
            throw new DataFormatException($"{folder}: no such folder (an image folder holds one sub-folder per class, or train/ and test/ with one each).");
        }

        if (!(options.TestFraction > 0 && options.TestFraction < 1))
        {
            throw new InputException($"the test fraction must be in (0, 1) (got {options.TestFraction}).");
        }

        (List<ImageFile> train, List<ImageFile> test, string[] classes) = Layout(folder, options);
        var skipped = new List<string>();
        bool Readable(ImageFile file, out (int Channels, int Height, int Width) header)
        {
            header = default;
            if (Probe(file.Path) is { } h)
            {
                header = h;
                return true;
            }

            return options.SkipUnreadable ? Skip(file) : throw Unreadable(file.Path);
        }

        bool Skip(ImageFile file)
        {
            skipped.Add(file.Path);
            return false;
        }

        ImageFile? first = null;
        (int channels, int height, int width) = (0, 0, 0);
        foreach (ImageFile file in train)
        {
            if (Probe(file.Path) is { } header) // the first readable image sets the shape; Fits refuses or skips the others, once each
            {
                (first, (channels, height, width)) = (file, header);
                break;
            }
        }

        if (first is null)
        {
            throw options.SkipUnreadable ? new DataFormatException($"{folder}: none of the {train.Count} training images can be read.") : Unreadable(train[0].Path);
        }

        if (options.Size is { } size)
        {
            if (size.Height < 1 || size.Width < 1 || (long)size.Height * size.Width * channels > 1 << 24)
            {
                throw new InputException(nameof(options.Size), $"{size.Height} {size.Width} must be two positive sizes of at most 2^24 values in all.");
            }

            (height, width) = size;
        }

        var shape = new ImageShape(channels, height, width);
        bool Fits(ImageFile file)
        {
            if (!Readable(file, out var header))
            {
                return false;
            }

            return options.Size is not null || (header.Height == height && header.Width == width) ? true
                : throw new DataFormatException($"{file.Path} is {header.Height}×{header.Width} but {first.Path} is {height}×{width}: give {OptionNames.Refer(nameof(options.Size))} H W to resize every image to one size.");
        }

        train = [.. train.Where(Fits)];
        test = [.. test.Where(Fits)];
        var decoder = new ImageRows(train, shape, options.Size is not null);
        double[]? mean = null, std = null;
        bool channelStatistics = ReferenceEquals(options.Scaling, ImageScaling.Channels);
        if (options.SkipUnreadable || channelStatistics)
        {
            ImageScan.Result scan = ImageScan.Run(decoder, shape, train, test, options.SkipUnreadable, channelStatistics);
            skipped.AddRange(scan.Unreadable);
            train = [.. train.Where(f => !scan.Unreadable.Contains(f.Path))];
            test = [.. test.Where(f => !scan.Unreadable.Contains(f.Path))];
            RequireSome(train, $"{folder} (after skipping {skipped.Count} unreadable images)");
            RequireSome(test, $"{folder} (after skipping {skipped.Count} unreadable images)");
            (mean, std) = (scan.Mean, scan.Std);
        }

        InputNormalization normalization = options.Scaling.For(shape, mean, std);
        Dataset Part(List<ImageFile> files, string split)
            => Dataset.FromRows($"{folder} ({split})", new ImageRows(files, shape, options.Size is not null), shape.Size,
                [.. files.Select(f => f.Label)], classes.Length, bytes: true, normalization, shape).Named(classes);
        return new DatasetPair(Part(train, "train"), Part(test, "test")) { Skipped = [.. skipped.Order(StringComparer.Ordinal)] };
    }

    /// <summary>The classes (sub-folder names, ordinal order) and the images of each split.</summary>
    private static (List<ImageFile> Train, List<ImageFile> Test, string[] Classes) Layout(string folder, ImageFolderOptions options)
    {
        string trainFolder = Path.Join(folder, "train"), testFolder = Path.Join(folder, "test");
        if (Directory.Exists(trainFolder) && Directory.Exists(testFolder))
        {
            string[] classes = Classes(trainFolder);
            string[] testClasses = Classes(testFolder);
            string? stray = testClasses.FirstOrDefault(c => !classes.Contains(c, StringComparer.Ordinal));
            if (stray is not null)
            {
                throw new DataFormatException($"{Path.Join(testFolder, stray)}: class '{Printable.Escape(stray)}' has no training folder in {trainFolder}.");
            }

            List<ImageFile> train = Images(trainFolder, classes), test = Images(testFolder, classes);
            RequireSome(train, trainFolder);
            RequireSome(test, testFolder);
            return (train, test, classes);
        }

        string[] all = Classes(folder);
        List<ImageFile> images = Images(folder, all);
        RequireSome(images, folder);
        var random = new SeededRandom(options.Seed);
        var heldOut = new List<ImageFile>();
        var kept = new List<ImageFile>();
        foreach (IGrouping<int, ImageFile> group in images.GroupBy(i => i.Label))
        {
            ImageFile[] files = [.. group];
            int[] order = random.Permutation(files.Length);
            int testCount = (int)Math.Round(files.Length * options.TestFraction);
            for (int i = 0; i < files.Length; i++)
            {
                (i < testCount ? heldOut : kept).Add(files[order[i]]);
            }
        }

        RequireSome(kept, folder);
        RequireSome(heldOut, $"{folder} (the held-out {options.TestFraction:P0})");
        return ([.. kept.OrderBy(i => i.Path, StringComparer.Ordinal)], [.. heldOut.OrderBy(i => i.Path, StringComparer.Ordinal)], all);
    }

    private static string[] Classes(string folder)
    {
        string[] classes = [.. Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal)];
        if (classes.Length < 2)
        {
            throw new DataFormatException($"{folder}: {classes.Length} class folder{(classes.Length == 1 ? "" : "s")}; an image folder holds one sub-folder per class, at least two.");
        }

        return classes;
    }

    private static List<ImageFile> Images(string folder, string[] classes)
    {
        var images = new List<ImageFile>();
        for (int label = 0; label < classes.Length; label++)
        {
            string classFolder = Path.Join(folder, classes[label]);
            if (!Directory.Exists(classFolder))
            {
                continue;
            }

            images.AddRange(Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(f => new ImageFile(f, label)));
        }

        return images;
    }

    private static void RequireSome(List<ImageFile> images, string where)
    {
        if (images.Count == 0)
        {
            throw new DataFormatException($"{where}: no images (PNG, JPEG, BMP, GIF or WebP files in the class folders).");
        }
    }

    /// <summary>An image's channels (1 grayscale, 3 colour), height and width from its header, or null when it cannot be read.</summary>
    internal static (int Channels, int Height, int Width)? Probe(string path)
    {
        using FileStream? stream = TryOpen(path);
        if (stream is null)
        {
            return null;
        }

        using var codec = SKCodec.Create(stream);
        if (codec is null)
        {
            return null;
        }

        SKImageInfo info = codec.Info;
        return (info.ColorType == SKColorType.Gray8 ? 1 : 3, info.Height, info.Width);
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return DataFile.OpenRead(path, bufferSize: 4096);
        }
        catch (DataFormatException)
        {
            return null;
        }
    }

    internal static DataFormatException Unreadable(string path)
        => new($"{path}: not an image SkiaSharp can read (PNG, JPEG, BMP, GIF, WebP), or unreadable; remove it or fix it.");
}
