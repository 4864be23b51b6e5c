using KrrDistill.Data;

namespace KrrDistill.Tests.Data;

public sealed class DatasetFileLoaderTests
{
    private static KeyValuePair<string, NpyArray> Entry(string key, NpyArray array) => new(key, array);

    [Fact]
    public void Load_NpzOfUint8Images_ScalesBy255AndKeepsImageShape()
    {
        using var dir = new TempDirectory();
        string path = dir.File("digits.npz");
        byte[] train = Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)(i * 4)).ToArray();
        NpzWriter.Write(path,
        [
            Entry("x_train", NpyArray.FromBytes(train, 3, 4, 5)),
            Entry("y_train", NpyArray.FromBytes([0, 1, 1])),
            Entry("x_test", NpyArray.FromBytes(new byte[2 * 20], 2, 4, 5)),
            Entry("y_test", NpyArray.FromInt64([3, 0], 2, 1)),
        ]);

        DatasetPair pair = DatasetCatalog.Load(path, null);

        Assert.Equal(3, pair.Train.Count);
        Assert.Equal(20, pair.Train.Dimension);
        Assert.Equal(4, pair.Train.Classes);
        Assert.Equal(4, pair.Test.Classes);
        Assert.Equal([3, 0], pair.Test.Labels);
        Assert.Equal(new ImageShape(1, 4, 5), pair.Train.ImageShape);
        var x = new double[60];
        pair.Train.CopyInputs(0, 3, x);
        Assert.Equal(train.Select(v => v / 255.0), x);
    }

    [Fact]
    public void Load_NpzOfFloatFeatures_UsesValuesAsIs()
    {
        using var dir = new TempDirectory();
        string path = dir.File("features.npz");
        NpzWriter.Write(path,
        [
            Entry("x_train", NpyArray.FromDoubles([0.5, -2, 3, 1e-3], 2, 2)),
            Entry("y_train", NpyArray.FromInt64([1, 0])),
            Entry("x_test", NpyArray.FromSingles([1.5f, 2.5f], 1, 2)),
            Entry("y_test", NpyArray.FromDoubles([1.0])),
        ]);

        DatasetPair pair = DatasetCatalog.Load(path, null);

        Assert.Null(pair.Train.ImageShape);
        Assert.Equal(2, pair.Train.Classes);
        var x = new double[4];
        pair.Train.CopyInputs(0, 2, x);
        Assert.Equal([0.5, -2, 3, 1e-3], x);
        var t = new double[2];
        pair.Test.CopyInputs(0, 1, t);
        Assert.Equal([1.5, 2.5], t);
    }

    [Fact]
    public void Load_NpzChannelsLast_IsReorderedChannelsFirst()
    {
        using var dir = new TempDirectory();
        string path = dir.File("rgb.npz");

        // One 2×2 RGB image, channels last: pixel (y, x) has channels (10·p, 10·p + 1, 10·p + 2) for p = 2y + x.
        byte[] hwc = [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32];
        NpzWriter.Write(path,
        [
            Entry("x_train", NpyArray.FromBytes(hwc, 1, 2, 2, 3)),
            Entry("y_train", NpyArray.FromBytes([0])),
            Entry("x_test", NpyArray.FromBytes(hwc, 1, 2, 2, 3)),
            Entry("y_test", NpyArray.FromBytes([0])),
        ]);

        DatasetPair pair = DatasetCatalog.Load(path, null);

        Assert.Equal(new ImageShape(3, 2, 2), pair.Train.ImageShape);
        Assert.Equal([0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32], pair.Train.RawBytes);
    }

    [Fact]
    public void Load_NpzWithMissingKeyOrMismatchedCounts_IsRefused()
    {
        using var dir = new TempDirectory();
        string noTest = dir.File("a.npz");
        string mismatch = dir.File("b.npz");
        NpzWriter.Write(noTest, [Entry("x_train", NpyArray.FromDoubles([1, 2], 1, 2)), Entry("y_train", NpyArray.FromInt64([0]))]);
        NpzWriter.Write(mismatch,
        [
            Entry("x_train", NpyArray.FromDoubles([1, 2, 3, 4], 2, 2)),
            Entry("y_train", NpyArray.FromInt64([0])),
            Entry("x_test", NpyArray.FromDoubles([1, 2], 1, 2)),
            Entry("y_test", NpyArray.FromInt64([0])),
        ]);

        Assert.Equal($"{noTest}: no array 'x_test' (keys present: x_train, y_train).", Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(noTest, null)).Message);
        Assert.Equal($"{mismatch}: 'x_train' has 2 samples but 'y_train' has 1 labels.", Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(mismatch, null)).Message);
    }

    [Fact]
    public void Load_NpzWithOneHotOrNegativeLabels_IsRefused()
    {
        using var dir = new TempDirectory();
        string oneHot = dir.File("onehot.npz");
        string negative = dir.File("negative.npz");
        NpyArray x = NpyArray.FromDoubles([1, 2], 2, 1);
        NpzWriter.Write(oneHot, [Entry("x_train", x), Entry("y_train", NpyArray.FromDoubles([1, 0, 0, 1], 2, 2)), Entry("x_test", x), Entry("y_test", NpyArray.FromInt64([0, 1]))]);
        NpzWriter.Write(negative, [Entry("x_train", x), Entry("y_train", NpyArray.FromInt64([0, -1])), Entry("x_test", x), Entry("y_test", NpyArray.FromInt64([0, 1]))]);

        Assert.StartsWith($"{oneHot}: 'y_train' is <f8 of shape (2, 2); expected integer class indices", Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(oneHot, null)).Message, StringComparison.Ordinal);
        Assert.Equal($"{negative}: 'y_train'[1] is -1, not a class index in 0..1000000.", Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(negative, null)).Message);
    }

    [Theory]
    [InlineData("set.csv", "set.test.csv")]
    [InlineData("set.train.csv", "set.test.csv")]
    public void Load_CsvWithSiblingTestFile_AgreesOnClasses(string trainName, string testName)
    {
        using var dir = new TempDirectory();
        string train = dir.File(trainName);
        File.WriteAllText(train, "label,a,b\n0,1,2\n1,3,4\n");
        File.WriteAllText(dir.File(testName), "label,a,b\n4,5,6\n");

        DatasetPair pair = DatasetCatalog.Load(train, null);

        Assert.Equal(5, pair.Train.Classes);
        Assert.Equal(5, pair.Test.Classes);
        Assert.Equal(2, pair.Train.Count);
        Assert.Equal([4], pair.Test.Labels);
        Assert.Equal(dir.File(testName), DatasetFileLoader.CsvTestPath(train));
    }

    [Fact]
    public void Load_CsvWithoutTestFileOrWithOtherWidth_IsRefused()
    {
        using var dir = new TempDirectory();
        string lonely = dir.File("lonely.csv");
        File.WriteAllText(lonely, "0,1\n");
        string wide = dir.File("wide.csv");
        File.WriteAllText(wide, "0,1\n");
        File.WriteAllText(dir.File("wide.test.csv"), "0,1,2\n");

        Assert.StartsWith($"{dir.File("lonely.test.csv")}: no such file", Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(lonely, null)).Message, StringComparison.Ordinal);
        Assert.Equal($"{wide} has 1 features per sample but {dir.File("wide.test.csv")} has 2.", Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(wide, null)).Message);
    }
}
