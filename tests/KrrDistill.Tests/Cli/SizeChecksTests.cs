using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Sizes that can be known from the options and the data are refused before any feature is computed, with the limit
/// in the message: IPC beyond the smallest class or beyond what an array holds, a width whose Gram matrix cannot
/// exist, a depth whose weights cannot fit in memory.
/// </summary>
public class SizeChecksTests
{
    [Theory]
    [InlineData("--ipc", "1000000000", "at most")]
    [InlineData("--ipc", "280", "at most 271")]
    public void ImpossibleIpc_IsRefusedBeforeTheFit(string option, string value, string limit)
    {
        CliRun run = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", option, value, "--out", Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.npz"));
        run.AssertBadInput(option);
        Assert.Contains(limit, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("features + Gram", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--width", "100000", "p ≤ 46340")]
    [InlineData("--width", "40000", "GiB")]
    [InlineData("--depth", "100000", "GiB")]
    public void ImpossibleWidthOrDepth_IsRefusedBeforeAnyWeightIsDrawn(string option, string value, string limit)
    {
        CliRun run = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", option, value);
        run.AssertBadInput(option);
        Assert.Contains(limit, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("features + Gram", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_ChecksIpcAgainstTheTrainingSplitBeforeFitting()
    {
        DatasetPair pair = DatasetCatalog.Load("fashion-mnist-sample", null);
        IFeatureMap map = FeatureMap.Identity(pair.Train.Dimension);
        var tooMany = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = 272 });
        InputException e = Assert.Throws<InputException>(() => tooMany.CheckBeforeFit(TrainingSplit.Of(pair.Train).Train, map));
        Assert.Equal(nameof(DistillerOptions.ImagesPerClass), e.Property);
        new AnalyticDistiller(new DistillerOptions { ImagesPerClass = 271 }).CheckBeforeFit(TrainingSplit.Of(pair.Train).Train, map);
    }

    [Fact]
    public void Library_RefusesADepthWhoseWeightsCannotFit()
    {
        InputException e = Assert.Throws<InputException>(() => FeatureMap.Fcnn(inputs: 784, depth: 1_000_000));
        Assert.Equal(nameof(FeatureMapOptions.Depth), e.Property);
    }
}
