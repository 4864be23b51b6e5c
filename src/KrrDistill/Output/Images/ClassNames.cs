namespace KrrDistill.Output.Images;

/// <summary>The names of the classes of the data sets the catalog knows, in label order, for the headers of image grids.</summary>
public static class ClassNames
{
    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private static readonly string[] FashionMnist =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] Cifar10 =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>CIFAR-100's fine labels in label order (which is alphabetical), as in the data set's meta file.</summary>
    private static readonly string[] Cifar100 =
    [
        "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
        "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
        "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
        "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
        "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle", "mountain",
        "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck", "pine_tree",
        "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
        "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider",
        "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
        "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm",
    ];

    /// <summary>CIFAR-100's 20 coarse labels (superclasses) in label order, as in the data set's meta file.</summary>
    private static readonly string[] Cifar100Coarse =
    [
        "aquatic_mammals", "fish", "flowers", "food_containers", "fruit_and_vegetables", "household_electrical_devices",
        "household_furniture", "insects", "large_carnivores", "large_man-made_outdoor_things", "large_natural_outdoor_scenes",
        "large_omnivores_and_herbivores", "medium_mammals", "non-insect_invertebrates", "people", "reptiles", "small_mammals",
        "trees", "vehicles_1", "vehicles_2",
    ];

    /// <summary>
    /// The <paramref name="classes"/> class names of the data set <paramref name="datasetName"/> (a catalog name, any
    /// case, optionally followed by a split in parentheses as <c>Dataset.Name</c> has it, e.g. <c>mnist (train)</c>):
    /// digits for <c>mnist</c>, the Fashion-MNIST names for <c>fashion-mnist</c> and <c>fashion-mnist-sample</c>, the
    /// CIFAR-10 names for <c>cifar10</c>, the 100 fine labels for <c>cifar100</c>, the 20 superclasses for
    /// <c>cifar100-coarse</c>. Anything else (a file, or a known
    /// name whose class count differs) gets the labels themselves, "0" … "k−1".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 1.</exception>
    public static IReadOnlyList<string> For(string? datasetName, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        string? name = datasetName?.Trim();
        int split = name?.IndexOf(" (", StringComparison.Ordinal) ?? -1;
        if (split > 0 && name!.EndsWith(')'))
        {
            name = name[..split];
        }

        string[]? known = name?.ToLowerInvariant() switch
        {
            "mnist" => Digits,
            "fashion-mnist" or "fashion-mnist-sample" => FashionMnist,
            "cifar10" => Cifar10,
            "cifar100" => Cifar100,
            "cifar100-coarse" => Cifar100Coarse,
            _ => null,
        };
        return known is not null && known.Length == classes
            ? known
            : [.. Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// The <paramref name="classes"/> class names of <paramref name="data"/>: the names its source gives (an image
    /// folder's sub-folders) when there are that many, else <see cref="For(string?, int)"/> of its name.
    /// </summary>
    public static IReadOnlyList<string> Of(Data.Dataset data, int classes)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.ClassNames is { } names && names.Count == classes ? names : For(data.Name, classes);
    }
}
