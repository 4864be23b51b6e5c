using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Distributed;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Privacy;
using KrrDistill.Ridge;
using KrrDistill.Tests.Distillation;

namespace KrrDistill.Tests.Ridge;

/// <summary>Statistics are the one door into a fit; the split is made once and its rows travel by reference.</summary>
public class OneDoorTests
{
    [Fact]
    public void TheSplitCountsTheClassesOfItsRowsAndBlocksKeepThem()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 500, d: 8, k: 4, seed: 3);
        TrainingSplit split = TrainingSplit.Of(data.Train, new KernelRidgeOptions { Seed = 7 });
        Assert.Equal(25, split.Validation.Count);
        Assert.Equal(475, split.Train.Count);
        Assert.Same(data.Train, split.Data);
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(split.Train.Rows.Count(r => data.Train.Labels[r] == c), split.Train.ClassCounts[c]);
        }

        Assert.Empty(split.Train.Rows.Intersect(split.Validation.Rows));
        TrainingRows first = split.Train.Block(0, 200), rest = split.Train.Block(200, 275);
        Assert.Equal(split.Train.ClassCounts, first.ClassCounts.Zip(rest.ClassCounts, (a, b) => a + b));
        (int smallest, long count) = split.Train.SmallestClass();
        Assert.Equal(split.Train.ClassCounts.Min(), count);
        Assert.Equal(count, split.Train.ClassCounts[smallest]);
        Assert.Throws<InputException>(() => new TrainingRows(data.Train, [0, 500]));
    }

    [Theory]
    [MemberData(nameof(TestSupport.Backends.Names), MemberType = typeof(TestSupport.Backends))]
    public void StatisticsOfTheSplitThroughTheDoorGiveTheDataSetsModel(string backendName)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(TestSupport.Backends.Get(backendName));
        DatasetPair data = DistillationChainTests.RandomData(n: 600, d: 12, k: 3, seed: 4);
        var ridge = new KernelRidge(FeatureMap.Fcnn(12, width: 10, seed: 2), new KernelRidgeOptions { Seed = 5 });
        TrainingSplit split = TrainingSplit.Of(data.Train, ridge.Options);
        RidgeModel direct = ridge.Fit(data.Train);
        SufficientStatistics shards = ridge.Accumulate(split.Train.Block(0, 300)).Merge(ridge.Accumulate(split.Train.Block(300, split.Train.Count - 300)));
        RidgeModel door = ridge.Fit(shards, LambdaChoice.ValidationAccuracy(split.Validation), split.Train);

        Assert.Equal(direct.Lambda, door.Lambda);
        Assert.True(Matrix.RelativeError(door.Weights, direct.Weights) < 1e-12, $"{Matrix.RelativeError(door.Weights, direct.Weights):E2}");
        Assert.Equal(direct.FitResult!.ValidationCurve, door.FitResult!.ValidationCurve);
        Assert.Same(split.Train.Data, door.FitResult.Rows!.Data);
        Assert.Equal(split.Train.Rows, door.FitResult.Rows.Rows);

        // One process and a "world" of one rank are the same fit.
        RidgeModel alone = DistributedFit.Fit(ridge, split, world: null)!;
        Assert.Equal(direct.Weights.Data, alone.Weights.Data);
    }

    [Fact]
    public void StatisticsOfOtherRowsAreRefusedByTheDoor()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 300, d: 6, k: 3, seed: 6);
        var ridge = new KernelRidge(FeatureMap.Identity(6), new KernelRidgeOptions { Lambda = 0.1 });
        TrainingSplit split = TrainingSplit.Of(data.Train, ridge.Options);
        SufficientStatistics half = ridge.Accumulate(split.Train.Block(0, 100));
        InputException e = Assert.Throws<InputException>(() => ridge.Fit(half, LambdaChoice.Fixed, split.Train));
        Assert.Contains("not all of its shards", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidationMeanSquaredErrorPicksTheLambdaWithTheSmallestErrorOnTheRows()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 800, d: 10, k: 3, seed: 8);
        var grid = new[] { 1e-4, 1e-2, 1, 100 };
        var ridge = new KernelRidge(FeatureMap.Identity(10), new KernelRidgeOptions { Grid = grid });
        TrainingSplit split = TrainingSplit.Of(data.Train, ridge.Options);
        RidgeModel model = ridge.Fit(ridge.Accumulate(split.Train), LambdaChoice.ValidationMeanSquaredError(ridge.Accumulate(split.Validation)), data.Train.Normalization);

        var inputs = new Matrix(split.Validation.Count, 10);
        data.Train.CopyInputs([.. split.Validation.Rows], inputs.Data);
        double Mse(double lambda)
        {
            RidgeModel at = new KernelRidge(FeatureMap.Identity(10), new KernelRidgeOptions { Lambda = lambda }).Fit(ridge.Accumulate(split.Train), LambdaChoice.Fixed, data.Train.Normalization);
            Matrix scores = at.Scores(inputs);
            double sum = 0;
            for (int r = 0; r < scores.Rows; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double target = data.Train.Labels[split.Validation.Rows[r]] == c ? 1 : 0;
                    sum += (scores[r, c] - target) * (scores[r, c] - target);
                }
            }

            return sum / scores.Rows;
        }

        double[] errors = [.. grid.Select(Mse)];
        Assert.Equal(grid[Array.IndexOf(errors, errors.Min())], model.Lambda);
        foreach ((double lambda, double mse) in model.FitResult!.ValidationMeanSquaredErrors)
        {
            Assert.Equal(Mse(lambda), mse, 1e-10);
        }
    }

    [Fact]
    public void RealPointsComeFromTheRowsTheModelWasFitOnAndOnlyWhenTheyAreThisDataSets()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 400, d: 8, k: 2, seed: 9);
        var ridge = new KernelRidge(FeatureMap.Identity(8), new KernelRidgeOptions { Seed = 1 });
        TrainingSplit split = TrainingSplit.Of(data.Train, ridge.Options);
        RidgeModel model = ridge.Fit(split);
        var distiller = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = 150, Init = InitMode.Real });

        DistilledSet set = distiller.Distill(model, data.Train);
        Assert.Empty(set.Result!.RealRows!.Intersect(split.Validation.Rows));
        Assert.Equal(set.Result.RealRows, distiller.Distill(model, split.Train).Result!.RealRows);

        // The same values in another Dataset object are another data set: every row is a candidate.
        Dataset copy = Dataset.FromValues("copy", Values(data.Train), data.Train.Count, 8, data.Train.Labels, 2, data.Train.Normalization, null);
        Assert.Same(data.Train, AnalyticDistiller.FitRows(model, data.Train).Data);
        Assert.Equal(copy.Count, AnalyticDistiller.FitRows(model, copy).Count);
    }

    [Fact]
    public void AnImpossibleIpcIsRefusedFromTheSplitsClassCountsBeforeAnyFit()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 200, d: 6, k: 2, seed: 10);
        TrainingSplit split = TrainingSplit.Of(data.Train);
        long smallest = split.Train.ClassCounts.Min();
        var tooMany = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = (int)smallest + 1 });
        InputException e = Assert.Throws<InputException>(() => tooMany.CheckBeforeFit(split.Train, FeatureMap.Identity(6)));
        Assert.Equal(nameof(DistillerOptions.ImagesPerClass), e.Property);
        new AnalyticDistiller(new DistillerOptions { ImagesPerClass = (int)smallest }).CheckBeforeFit(split.Train, FeatureMap.Identity(6));
    }

    [Fact]
    public void APreparationIsReleasedOnlyUnderTheSettingsItWasPreparedWith()
    {
        DatasetPair data = DistillationChainTests.RandomData(n: 300, d: 6, k: 3, seed: 11);
        IFeatureMap map = FeatureMap.Identity(6);
        var distiller = new PrivateDistiller(new WholeSetPrivacyOptions { NoiseSeed = 1 }, new DistillerOptions { ImagesPerClass = 2 }, new KernelRidgeOptions { Lambda = 5 });
        PrivateTrainingData prepared = distiller.Prepare(map, data.Train);
        Assert.Equal(300, prepared.PrivateCount);
        PrivateDistillResult once = distiller.Release(prepared, data.Test);
        PrivateDistillResult again = new PrivateDistiller(distiller.Privacy with { Epsilon = 4 }, distiller.Distiller, distiller.Ridge).Release(prepared, data.Test);
        Assert.True(again.Sigma < once.Sigma);
        var otherClip = new PrivateDistiller(distiller.Privacy with { ClipNorm = 0.5 }, distiller.Distiller, distiller.Ridge);
        Assert.Throws<ArgumentException>(() => otherClip.Release(prepared, data.Test));
    }

    private static double[] Values(Dataset data)
    {
        double[] values = new double[data.Count * data.Dimension];
        data.CopyInputs(0, data.Count, values);
        return values;
    }
}
