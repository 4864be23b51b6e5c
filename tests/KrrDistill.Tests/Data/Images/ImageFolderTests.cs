using KrrDistill.Data;
using KrrDistill.Data.Images;
using KrrDistill.Features;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Data.Images;

/// <summary>
/// <c>folder:PATH</c>: a folder of images, one sub-folder per class, decoded as rows are read; the same pixels as a
/// byte data set give the same model bit for bit; sizes, layouts and unreadable images are refused by name.
/// </summary>
public sealed class ImageFolderTests
{
    [Fact]
    public void AFolderOfPngs_GivesTheModelOfTheSamePixelsAsBytes()
    {
        using var dir = new TempDirectory();
        var random = new Random(2);
        var pixels = new List<(byte[] Planes, int Label, string Split)>();
        foreach (string split in new[] { "train", "test" })
        {
            for (int label = 0; label < 3; label++)
            {
                for (int i = 0; i < (split == "train" ? 40 : 10); i++)
                {
                    byte[] planes = new byte[3 * 6 * 5];
                    random.NextBytes(planes);
                    ImageFolders.WritePng(Path.Combine(dir.Path, split, $"class{label}", $"{i:000}.png"), planes, 3, 6, 5);
                    pixels.Add((planes, label, split));
                }
            }
        }

        DatasetPair folder = DatasetCatalog.Load($"folder:{dir.Path}", null);
        Assert.Equal(new ImageShape(3, 6, 5), folder.Train.ImageShape);
        Assert.Equal(["class0", "class1", "class2"], folder.Train.ClassNames);
        Dataset Bytes(string split)
        {
            var part = pixels.Where(p => p.Split == split).ToList(); // class folders in order, files in name order
            return Dataset.FromBytes(split, [.. part.SelectMany(p => p.Planes)], part.Count, 90, [.. part.Select(p => p.Label)], 3,
                InputNormalization.Uniform(90, 0, 1, 255), new ImageShape(3, 6, 5));
        }

        var x = new double[90];
        folder.Train.CopyInputs(41, 1, x); // class1/001.png: R plane, then G, then B
        Assert.Equal([.. pixels.Where(p => p.Split == "train").ElementAt(41).Planes.Select(v => v / 255.0)], x);

        var ridge = new KernelRidge(FeatureMap.Fcnn(90, seed: 3), new KernelRidgeOptions { Seed = 3 });
        RidgeModel fromFolder = ridge.Fit(folder.Train), fromBytes = ridge.Fit(Bytes("train"));
        Assert.Equal(fromBytes.Lambda, fromFolder.Lambda);
        Assert.Equal(fromBytes.Weights.Data, fromFolder.Weights.Data);
        Assert.Equal(fromBytes.Accuracy(Bytes("test")), fromFolder.Accuracy(folder.Test));
    }

    [Fact]
    public void WithoutATestFolder_ASeededFractionOfEachClassIsHeldOut()
    {
        using var dir = new TempDirectory();
        for (int label = 0; label < 2; label++)
        {
            for (int i = 0; i < 25; i++)
            {
                ImageFolders.WritePng(Path.Combine(dir.Path, $"c{label}", $"{i:00}.png"), [(byte)(10 * i), (byte)label, 0, 0], 1, 2, 2);
            }
        }

        DatasetPair a = DatasetCatalog.Load($"folder:{dir.Path}", null, new ImageFolderOptions { Seed = 4 });
        DatasetPair b = DatasetCatalog.Load($"folder:{dir.Path}", null, new ImageFolderOptions { Seed = 4 });
        Assert.Equal(new ImageShape(1, 2, 2), a.Train.ImageShape);
        Assert.Equal(40, a.Train.Count);
        Assert.Equal([5, 5], [a.Test.Labels.Count(l => l == 0), a.Test.Labels.Count(l => l == 1)]); // 20 % of each class
        Assert.Equal(a.Test.Fingerprint, b.Test.Fingerprint);
        Assert.NotEqual(a.Test.Fingerprint, DatasetCatalog.Load($"folder:{dir.Path}", null, new ImageFolderOptions { Seed = 5 }).Test.Fingerprint);
    }

    [Fact]
    public void MixedSizes_AreRefused_UnlessASizeIsGiven()
    {
        using var dir = new TempDirectory();
        ImageFolders.WriteSet(dir.Path, 4, 4);
        ImageFolders.WritePng(Path.Combine(dir.Path, "train", "c1", "big.png"), new byte[3 * 8 * 6], 3, 8, 6);
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load($"folder:{dir.Path}", null));
        Assert.Contains("big.png is 8×6 but", e.Message, StringComparison.Ordinal);
        Assert.Contains("give `Size` H W", e.Message, StringComparison.Ordinal); // the library's option, which each front end names its own way
        Assert.Contains("give --image-size H W", OptionNames.Message(e, OptionNames.Flag), StringComparison.Ordinal);
        Assert.Contains("give image_size H W", OptionNames.Message(e, OptionNames.Python), StringComparison.Ordinal);

        DatasetPair resized = DatasetCatalog.Load($"folder:{dir.Path}", null, new ImageFolderOptions { Size = (3, 3) });
        Assert.Equal(new ImageShape(3, 3, 3), resized.Train.ImageShape);
        var x = new double[27];
        resized.Train.CopyInputs(0, resized.Train.Count, new double[27 * resized.Train.Count]);
        resized.Train.CopyInputs(resized.Train.Count - 1, 1, x);
        Assert.All(x, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void AGrayscaleSet_ReadsAColourImageAsItsLuma()
    {
        using var dir = new TempDirectory();
        ImageFolders.WriteSet(dir.Path, 2, 2, channels: 1);
        byte[] red = [200, 200, 200, 200, 0, 0, 0, 0, 0, 0, 0, 0]; // a 2×2 pure red image, planes R, G, B
        ImageFolders.WritePng(Path.Combine(dir.Path, "train", "c1", "zz-red.png"), red, 3, 2, 2);
        DatasetPair data = DatasetCatalog.Load($"folder:{dir.Path}", null);
        Assert.Equal(1, data.Train.ImageShape!.Channels);
        var x = new double[4];
        data.Train.CopyInputs(data.Train.Count - 1, 1, x);
        Assert.All(x, v => Assert.Equal(Math.Round(0.299 * 200) / 255, v, 12));
    }

    [Theory]
    [InlineData("a corrupt header", "not an image SkiaSharp can read")]
    [InlineData("one class", "1 class folder; an image folder holds one sub-folder per class, at least two")]
    [InlineData("no images", "no images")]
    [InlineData("a test class without training images", "has no training folder")]
    [InlineData("a missing folder", "no such folder")]
    public void FoldersThatCannotBeDataSets_AreRefusedByName(string fault, string expected)
    {
        using var dir = new TempDirectory();
        string root = dir.Path;
        switch (fault)
        {
            case "a corrupt header":
                ImageFolders.WriteSet(root, 3, 3);
                File.WriteAllText(Path.Combine(root, "train", "c0", "broken.png"), "not a PNG at all");
                break;
            case "one class":
                Directory.CreateDirectory(Path.Combine(root, "only"));
                ImageFolders.WritePng(Path.Combine(root, "only", "a.png"), new byte[12], 3, 2, 2);
                break;
            case "no images":
                Directory.CreateDirectory(Path.Combine(root, "a"));
                Directory.CreateDirectory(Path.Combine(root, "b"));
                File.WriteAllText(Path.Combine(root, "a", "notes.txt"), "no image here");
                break;
            case "a test class without training images":
                ImageFolders.WriteSet(root, 3, 3);
                ImageFolders.WritePng(Path.Combine(root, "test", "c9", "a.png"), new byte[27], 3, 3, 3);
                break;
            default:
                root = Path.Combine(root, "absent");
                break;
        }

        var e = Assert.ThrowsAny<InputException>(() => DatasetCatalog.Load($"folder:{root}", null));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedImageData_IsRefusedNamingTheFile_WhenItIsRead()
    {
        using var dir = new TempDirectory();
        ImageFolders.WriteSet(dir.Path, 16, 16);
        string path = Path.Combine(dir.Path, "train", "c1", "001.png");
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length - 40)]);
        DatasetPair data = DatasetCatalog.Load($"folder:{dir.Path}", null); // the header is intact
        var e = Assert.Throws<DataFormatException>(() => data.Train.CopyInputs(0, data.Train.Count, new double[data.Train.Count * data.Train.Dimension]));
        Assert.Contains("001.png: not an image SkiaSharp can read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommandLine_DistillsAFolder()
    {
        using var dir = new TempDirectory();
        ImageFolders.WriteSet(Path.Combine(dir.Path, "images"), 4, 4, perClass: 12);
        CliRun run = CliRun.Of("distill", "--dataset", $"folder:{dir.File("images")}", "--ipc", "2", "--init", "real", "--out", dir.File("d.npz"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(4, run.Json().GetProperty("m").GetInt32());
        Assert.Equal(["c0", "c1"], run.Json().GetProperty("class_names").EnumerateArray().Select(n => n.GetString()));
        using (System.Text.Json.JsonDocument meta = System.Text.Json.JsonDocument.Parse(NpzReader.Read(dir.File("d.npz"))["meta_json"].AsString()))
        {
            Assert.Equal(["c0", "c1"], meta.RootElement.GetProperty("class_names").EnumerateArray().Select(n => n.GetString())); // the npz keeps them
        }

        CliRun kip = CliRun.Of("kip", "--dataset", $"folder:{dir.File("images")}", "--ipc", "1", "--steps", "2", "--out", dir.File("k.npz"), "--json");
        Assert.True(kip.ExitCode == 0, kip.Stderr);
        Assert.Equal(["c0", "c1"], kip.Json().GetProperty("class_names").EnumerateArray().Select(n => n.GetString()));
        CliRun.Of("fit", "--dataset", $"folder:{dir.File("images")}", "--image-size", "0", "3").AssertBadInput("--image-size 0 3 must be two positive sizes");
        CliRun.Of("fit", "--dataset", $"folder:{dir.File("none")}").AssertBadInput("no such folder");
    }
}
