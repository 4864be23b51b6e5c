using KrrDistill.Data;
using KrrDistill.Data.Images;
using KrrDistill.Features;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Data.Images;

/// <summary>
/// How an image folder's pixels are scaled (<c>--normalize unit|channels|MEAN/STD</c>) and how images that cannot be
/// decoded are left out on request (<c>--skip-bad-images</c>), with their count.
/// </summary>
public sealed class ImageFolderScalingTests
{
    [Fact]
    public void ChannelScaling_StandardizesByTheTrainingImagesOwnMeanAndStd()
    {
        using var dir = new TempDirectory();
        var random = new Random(5);
        var train = new List<byte[]>();
        for (int label = 0; label < 2; label++)
        {
            for (int i = 0; i < 30; i++)
            {
                byte[] planes = new byte[3 * 4 * 4];
                for (int j = 0; j < planes.Length; j++)
                {
                    planes[j] = (byte)random.Next(40 * (j / 16), 100 + (50 * (j / 16))); // each channel its own range
                }

                ImageFolders.WritePng(Path.Combine(dir.Path, "train", $"c{label}", $"{i:00}.png"), planes, 3, 4, 4);
                train.Add(planes);
            }

            ImageFolders.WritePng(Path.Combine(dir.Path, "test", $"c{label}", "0.png"), new byte[48], 3, 4, 4);
        }

        DatasetPair data = DatasetCatalog.Load($"folder:{dir.Path}", null, new ImageFolderOptions { Scaling = ImageScaling.Channels });
        for (int c = 0; c < 3; c++)
        {
            double[] values = [.. train.SelectMany(p => p.Skip(16 * c).Take(16)).Select(b => b / 255.0)];
            double mean = values.Average(), std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(mean, data.Train.Normalization.Mean[16 * c], 12);
            Assert.Equal(std, data.Train.Normalization.Std[(16 * c) + 15], 12);
        }

        var x = new double[48 * 60];
        data.Train.CopyInputs(0, 60, x);
        for (int c = 0; c < 3; c++)
        {
            double[] channel = [.. Enumerable.Range(0, 60).SelectMany(r => x.Skip((48 * r) + (16 * c)).Take(16))];
            double mean = channel.Average(), std = Math.Sqrt(channel.Select(v => (v - mean) * (v - mean)).Average());
            Assert.InRange(mean, -1e-12, 1e-12); // standardized: mean 0, std 1 over the training images
            Assert.InRange(std, 1 - 1e-12, 1 + 1e-12);
        }

        Assert.Equal(data.Train.Normalization.Mean, data.Test.Normalization.Mean); // the test set is scaled by the training statistics
    }

    [Fact]
    public void GivenValues_MakeAFolderOfCifarPixels_FitAsTheCatalogsCifar()
    {
        using var dir = new TempDirectory();
        var random = new Random(6);
        var planes = new List<(byte[] Pixels, int Label)>();
        for (int label = 0; label < 3; label++)
        {
            for (int i = 0; i < 20; i++)
            {
                byte[] p = new byte[3 * 5 * 5];
                random.NextBytes(p);
                ImageFolders.WritePng(Path.Combine(dir.Path, "train", $"c{label}", $"{i:00}.png"), p, 3, 5, 5);
                planes.Add((p, label));
            }

            ImageFolders.WritePng(Path.Combine(dir.Path, "test", $"c{label}", "0.png"), new byte[75], 3, 5, 5);
        }

        var scaling = ImageScaling.Parse("0.4914,0.4822,0.4465/0.2023,0.1994,0.2010");
        DatasetPair folder = DatasetCatalog.Load($"folder:{dir.Path}", null, new ImageFolderOptions { Scaling = scaling });
        var shape = new ImageShape(3, 5, 5);
        Dataset bytes = Dataset.FromBytes("bytes", [.. planes.SelectMany(p => p.Pixels)], planes.Count, 75, [.. planes.Select(p => p.Label)], 3,
            InputNormalization.PerChannel(shape, [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010], 255), shape);
        var ridge = new KernelRidge(FeatureMap.Fcnn(75, seed: 1), new KernelRidgeOptions { Seed = 1 });
        RidgeModel a = ridge.Fit(folder.Train), b = ridge.Fit(bytes);
        Assert.Equal(b.Lambda, a.Lambda);
        Assert.Equal(b.Weights.Data, a.Weights.Data); // bit for bit
        Assert.Equal("0.4914,0.4822,0.4465/0.2023,0.1994,0.201", scaling.Name);
    }

    [Theory]
    [InlineData("unit", "unit")]
    [InlineData(" Channels ", "channels")]
    [InlineData("0.5/0.25", "0.5/0.25")]
    public void Scalings_AreReadAsTyped(string text, string name) => Assert.Equal(name, ImageScaling.Parse(text).Name);

    [Theory]
    [InlineData("standard", "is not a scaling")]
    [InlineData("0.5", "is not a scaling")]
    [InlineData("0.5,0.4/0.2", "as many means as standard deviations")]
    [InlineData("0.5/0", "positive, finite standard deviations")]
    [InlineData("NaN/1", "finite means")]
    [InlineData("0,5/0,2", "positive, finite standard deviations")]
    public void BadScalings_AreRefusedNamingTheOption(string text, string expected)
    {
        var e = Assert.Throws<InputException>(() => ImageScaling.Parse(text));
        Assert.Equal(nameof(ImageFolderOptions.Scaling), e.Property);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableImages_AreSkippedOnlyWhenAsked_AndCounted()
    {
        using var dir = new TempDirectory();
        ImageFolders.WriteSet(dir.Path, 6, 6, perClass: 6);
        string truncated = Path.Combine(dir.Path, "train", "c1", "002.png");
        byte[] whole = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, whole[..(whole.Length - 40)]); // a good header, its pixels cut
        File.WriteAllText(Path.Combine(dir.Path, "train", "c0", "zz.png"), "not a picture");
        File.WriteAllText(Path.Combine(dir.Path, "test", "c0", "bad.jpg"), "");

        Assert.Contains("zz.png: not an image", Assert.Throws<DataFormatException>(() => DatasetCatalog.Load($"folder:{dir.Path}", null)).Message, StringComparison.Ordinal);
        DatasetPair data = DatasetCatalog.Load($"folder:{dir.Path}", null, new ImageFolderOptions { SkipUnreadable = true });
        Assert.Equal([Path.Combine(dir.Path, "test", "c0", "bad.jpg"), Path.Combine(dir.Path, "train", "c0", "zz.png"), truncated], data.Skipped);
        Assert.Equal((11, 6), (data.Train.Count, data.Test.Count));
        data.Train.CopyInputs(0, data.Train.Count, new double[data.Train.Count * data.Train.Dimension]); // every image left decodes

        CliRun run = CliRun.Of("fit", "--dataset", $"folder:{dir.Path}", "--skip-bad-images", "--lambda", "0.1", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"warning: skipped 3 images of folder:{dir.Path} that could not be decoded (bad.jpg, zz.png, 002.png); the data set is the 11 + 6 others.", run.Stderr, StringComparison.Ordinal);
        run.Json(); // stdout stays one JSON object
    }

    [Fact]
    public void AnUnreadableFirstImage_IsSkippedOnce_OrRefusedByName()
    {
        using var dir = new TempDirectory();
        ImageFolders.WriteSet(dir.Path, 5, 5, perClass: 4);
        string bad = Path.Combine(dir.Path, "train", "c0", "000-bad.png"); // before every readable image, in name order
        File.WriteAllText(bad, "not a picture");
        DatasetPair data = DatasetCatalog.Load($"folder:{dir.Path}", null, new ImageFolderOptions { SkipUnreadable = true });
        Assert.Equal([bad], data.Skipped);
        Assert.Equal(8, data.Train.Count);
        Assert.Contains("000-bad.png: not an image", Assert.Throws<DataFormatException>(() => DatasetCatalog.Load($"folder:{dir.Path}", null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderOptions_AreRefusedForOtherDataSets()
    {
        CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--normalize", "channels").AssertBadInput("--normalize applies to image folders (--dataset folder:PATH) only; fashion-mnist-sample is not one.");
        CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--skip-bad-images").AssertBadInput("--skip-bad-images applies to image folders");
        CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--image-size", "4", "4").AssertBadInput("--image-size applies to image folders");
    }

    [Fact]
    public void AConstantChannel_CannotBeStandardized()
    {
        using var dir = new TempDirectory();
        for (int label = 0; label < 2; label++)
        {
            foreach (string split in new[] { "train", "test" })
            {
                ImageFolders.WritePng(Path.Combine(dir.Path, split, $"c{label}", "0.png"), [7, 7, 7, 7], 1, 2, 2);
            }
        }

        CliRun.Of("fit", "--dataset", $"folder:{dir.Path}", "--normalize", "channels").AssertBadInput("--normalize channels cannot scale channel 0: it is constant (7) in every training image");
        CliRun.Of("fit", "--dataset", $"folder:{dir.Path}", "--normalize", "0.1,0.2/0.3,0.4").AssertBadInput("--normalize gives 2 values per list but the images have 1 channel: give one value or 1.");
    }
}
