namespace KrrDistill.Data.Downloads;

/// <summary>
/// The canonical archives of the data sets <c>fetch</c> downloads, with their publishers' MD5 checksums: Fashion-MNIST's
/// README and the CIFAR page give theirs; MNIST's publisher gives none, so its checksums are those every framework
/// checks (torchvision's, of the files its HTTPS mirror serves).
/// </summary>
public static class Publishers
{
    private static readonly AsyncLocal<IReadOnlyList<PublishedDataset>?> Replacement = new();

    private static readonly PublishedDataset[] Canonical =
    [
        Idx("mnist", "https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/",
            "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432", "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"),
        Idx("fashion-mnist", "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/", "https://github.com/zalandoresearch/fashion-mnist",
            "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe", "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"),
        new("cifar10", new Uri("https://www.cs.toronto.edu/~kriz/cifar.html"),
            [new("cifar-10-binary.tar.gz", new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), "c32a1d4ab5d03f1284b67883e8d87530", IsArchive: true)]),
        new("cifar100", new Uri("https://www.cs.toronto.edu/~kriz/cifar.html"),
            [new("cifar-100-binary.tar.gz", new Uri("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"), "03b5dce01913d631647c71ecec9e9cb8", IsArchive: true)]),
    ];

    /// <summary>Every data set that can be fetched.</summary>
    public static IReadOnlyList<PublishedDataset> All => Replacement.Value ?? Canonical;

    /// <summary>The data set called <paramref name="name"/> (case-insensitive; <c>cifar100-coarse</c> is <c>cifar100</c>'s files), or null.</summary>
    public static PublishedDataset? Find(string name)
        => All.FirstOrDefault(d => string.Equals(d.Name, DatasetCatalog.FilesOf(name), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The refusal of a name fetch does not know: "'NAME' cannot be fetched: the data sets fetch knows are …", with the
    /// nearest name when it is a likely misspelling of one.
    /// </summary>
    public static string CannotFetch(string name)
    {
        string known = string.Join(", ", All.Select(d => d.Name));
        return Spelling.Closest(name, All.Select(d => d.Name)) is { } near
            ? $"'{Printable.Escape(name)}' cannot be fetched; did you mean '{near}'? (the data sets fetch knows are {known})."
            : $"'{Printable.Escape(name)}' cannot be fetched: the data sets fetch knows are {known}.";
    }

    /// <summary>
    /// Replaces the catalog for the calling flow until disposed (tests: fixture archives with their own checksums).
    /// </summary>
    internal static IDisposable Use(IReadOnlyList<PublishedDataset> datasets)
    {
        IReadOnlyList<PublishedDataset>? previous = Replacement.Value;
        Replacement.Value = datasets;
        return new Restore(() => Replacement.Value = previous);
    }

    private static PublishedDataset Idx(string name, string baseUrl, string page, string trainImages, string trainLabels, string testImages, string testLabels)
    {
        PublishedFile File(string stem, string md5) => new($"{stem}.gz", new Uri(baseUrl + stem + ".gz"), md5);
        return new(name, new Uri(page),
        [
            File("train-images-idx3-ubyte", trainImages),
            File("train-labels-idx1-ubyte", trainLabels),
            File("t10k-images-idx3-ubyte", testImages),
            File("t10k-labels-idx1-ubyte", testLabels),
        ]);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
