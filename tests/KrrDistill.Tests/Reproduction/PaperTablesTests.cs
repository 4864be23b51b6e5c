using KrrDistill.Reproduction;

namespace KrrDistill.Tests.Reproduction;

/// <summary>Spot checks of the transcribed paper numbers against the paper's Tables 3 and 4 (docs/theory.md §6).</summary>
public class PaperTablesTests
{
    [Theory]
    [InlineData("mnist", "identity", null, 86.41)]
    [InlineData("mnist", "fcnn", 50, 93.85)]
    [InlineData("mnist", "rff", 1, 93.82)]
    [InlineData("cifar10", "fcnn", 1, 47.87)]
    [InlineData("cifar10", "rff", 10, 42.87)]
    [InlineData("cifar10", "rff", 50, 42.73)]
    [InlineData("cifar100", "identity", null, 14.37)]
    [InlineData("cifar100", "fcnn", 10, 21.52)]
    [InlineData("cifar100", "rff", 50, 18.57)]
    public void Table3SpotChecks(string dataset, string features, int? ipc, double expected)
        => Assert.Equal(expected, PaperTables.Table3Accuracy(dataset, features, ipc));

    [Fact]
    public void Table3HasEveryCellAndNoFashionMnist()
    {
        Assert.Equal(3 * 3 * 4, PaperTables.Table3.Count);
        Assert.Null(PaperTables.Table3Accuracy("fashion-mnist", "fcnn", 10));
        Assert.Null(PaperTables.Table4Row("fashion-mnist", 10));
    }

    [Fact]
    public void Table4SpotChecks()
    {
        PaperTable4Entry mnist50 = PaperTables.Table4Row("mnist", 50)!;
        Assert.Equal((93.72, 0.11, 3114.0, 93.62, 0.24, 16.0, 194.6),
            (mnist50.KipAccuracyPercent!.Value, mnist50.KipAccuracyStd!.Value, mnist50.KipSeconds, mnist50.OursAccuracyPercent, mnist50.OursAccuracyStd, mnist50.OursSeconds, mnist50.Speedup));
        PaperTable4Entry cifar10 = PaperTables.Table4Row("cifar10", 1)!;
        Assert.Equal((45.83, 225.0, 47.85, 21.0, 10.7), (cifar10.KipAccuracyPercent!.Value, cifar10.KipSeconds, cifar10.OursAccuracyPercent, cifar10.OursSeconds, cifar10.Speedup));
        PaperTable4Entry estimated = PaperTables.Table4Row("cifar100", 50)!;
        Assert.Null(estimated.KipAccuracyPercent);
        Assert.True(estimated.KipSecondsEstimated);
        Assert.Equal((396000.0, 25.0, 15840.0), (estimated.KipSeconds, estimated.OursSeconds, estimated.Speedup));
        Assert.Equal(9, PaperTables.Table4.Count);
        Assert.Single(PaperTables.Table4, e => e.KipSecondsEstimated);
    }

    /// <summary>docs/theory.md §6: every speedup in Table 4 is cost_KIP / cost_ours (to the printed rounding).</summary>
    [Fact]
    public void Table4RatiosAreCostRatios()
    {
        foreach (PaperTable4Entry e in PaperTables.Table4)
        {
            Assert.True(Math.Abs((e.KipSeconds / e.OursSeconds) - e.Speedup) <= 0.051, $"{e.Dataset} IPC {e.ImagesPerClass}");
        }
    }

    [Fact]
    public void DisplayNamesAreThePapers()
    {
        Assert.Equal("CIFAR-100", PaperTables.DisplayName("cifar100"));
        Assert.Equal("Linear", PaperTables.FeatureDisplayName("identity"));
    }
}
