using KrrDistill.Output.Images;

namespace KrrDistill.Tests.Output.Images;

public sealed class ClassNamesTests
{
    [Fact]
    public void KnownDataSetsGetTheirNamesInLabelOrder()
    {
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], ClassNames.For("mnist", 10));
        string[] fashion = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
        Assert.Equal(fashion, ClassNames.For("fashion-mnist", 10));
        Assert.Equal(fashion, ClassNames.For("fashion-mnist-sample", 10));
        Assert.Equal(fashion, ClassNames.For("Fashion-MNIST", 10));
        Assert.Equal(fashion, ClassNames.For("fashion-mnist-sample (train)", 10));   // as Dataset.Name has it
        Assert.Equal("9", ClassNames.For("mnist (test)", 10)[9]);
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"], ClassNames.For("cifar10", 10));
    }

    [Fact]
    public void Cifar100HasItsHundredFineLabelsInAlphabeticalLabelOrder()
    {
        IReadOnlyList<string> names = ClassNames.For("cifar100", 100);

        Assert.Equal(100, names.Count);
        Assert.Equal(100, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal("apple", names[0]);
        Assert.Equal("aquarium_fish", names[1]);
        Assert.Equal("maple_tree", names[47]);
        Assert.Equal("worm", names[99]);
    }

    [Fact]
    public void AnythingElseGetsTheLabelNumbers()
    {
        Assert.Equal(["0", "1", "2"], ClassNames.For("data/my.csv", 3));
        Assert.Equal(["0", "1"], ClassNames.For(null, 2));
        Assert.Equal(20, ClassNames.For("cifar100", 20).Count);   // coarse labels: numbered
        Assert.Equal("19", ClassNames.For("cifar100", 20)[19]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassNames.For("mnist", 0));
    }
}
