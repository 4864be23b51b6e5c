using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Ridge;

namespace KrrDistill.Tests.Distillation;

/// <summary>KIP end to end on toy data: Adam lowers the loss, runs are reproducible, and the limits hold.</summary>
public class KipDistillerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("fcnn1")]
    [InlineData("identity")]
    [InlineData("rff")]
    public void FiftyAdamStepsLowerTheLoss(string kind)
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Dataset data = KipTestProblems.Blobs(300, 8, 3, 1.5, 31);
        IFeatureMap map = KipTestProblems.Map(kind, 8, 8);
        int[] rows = Enumerable.Range(0, data.Count).ToArray();
        var options = new KipOptions { Steps = 50, Seed = 1, BatchSize = 5000 };
        KipResult result = KipDistiller.Run(data, rows, map, 1, options);

        // b = n here, so every step sees the same objective.
        output.WriteLine($"{kind}: loss {result.Losses[0]:E4} → {result.Losses[^1]:E4}");
        Assert.Equal(50, result.StepsRun);
        Assert.Equal(50, result.Losses.Count);
        Assert.True(result.Losses[^1] < 0.98 * result.Losses[0], $"loss {result.Losses[0]:E4} → {result.Losses[^1]:E4}");
        Assert.NotEqual(result.InitialInputs.Data, result.Inputs.Data);

        // The reported set retrains to the reported W_S.
        Matrix phi = KipTestProblems.Features(map, result.Set.Inputs);
        Matrix refit = KernelRidgeSolver.Solve(phi, result.Set.Labels, result.Set.LambdaS);
        Assert.True(Matrix.RelativeError(refit, result.Weights) < 1e-8);
        Assert.Same(map, result.Set.FeatureMap);
        Assert.Same(result.InitialInputs, result.Set.InitialInputs);
        Assert.Equal(3, result.Set.Count);
    }

    [Fact]
    public void StartsFromClassBalancedRealRowsAndIsReproducible()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Dataset data = KipTestProblems.Blobs(200, 6, 4, 1.0, 41);
        IFeatureMap map = KipTestProblems.Map("fcnn1", 6, 9);
        int[] rows = Enumerable.Range(0, 150).ToArray();
        var options = new KipOptions { Steps = 5, Seed = 3, BatchSize = 64 };
        KipResult first = KipDistiller.Run(data, rows, map, 2, options);
        KipResult second = KipDistiller.Run(data, rows, map, 2, options);

        Assert.Equal(8, first.RealRows.Length);
        Assert.All(first.RealRows, r => Assert.InRange(r, 0, 149));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i % 4), first.RealRows.Select(r => data.Labels[r]));
        var start = new double[8 * 6];
        data.CopyInputs(first.RealRows, start);
        Assert.Equal(start, first.InitialInputs.Data);
        Assert.Equal(first.Inputs.Data, second.Inputs.Data);
        Assert.Equal(first.Losses, second.Losses);
        Assert.Equal(first.Labels.Data, second.Labels.Data);
    }

    [Fact]
    public void ZeroTimeBudgetRunsNoStepAndProgressIsReported()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Dataset data = KipTestProblems.Blobs(60, 5, 3, 1.0, 51);
        IFeatureMap map = KipTestProblems.Map("fcnn1", 5, 7);
        int[] rows = Enumerable.Range(0, 60).ToArray();
        KipResult none = KipDistiller.Run(data, rows, map, 1, new KipOptions { Steps = 10, TimeBudget = TimeSpan.Zero });
        Assert.Equal(0, none.StepsRun);
        Assert.True(none.StoppedByTimeBudget);
        Assert.Equal(none.InitialInputs.Data, none.Inputs.Data);

        var reports = new List<KipProgress>();
        KipResult some = KipDistiller.Run(data, rows, map, 1, new KipOptions { Steps = 7, ProgressInterval = 3 },
            new SynchronousProgress(reports.Add));
        Assert.False(some.StoppedByTimeBudget);
        Assert.Equal([3, 6, 7], reports.Select(r => r.Step));
        Assert.Equal(some.Losses[2], reports[0].Loss);
    }

    [Fact]
    public void AdamFirstStepMovesEachParameterByTheLearningRate()
    {
        var adam = new AdamOptimizer(3, learningRate: 0.01);
        double[] theta = [1.0, -2.0, 0.5];
        adam.Step(theta, [4.0, -0.25, 0.0]);
        Assert.Equal(0.99, theta[0], 1e-10);
        Assert.Equal(-1.99, theta[1], 1e-8);
        Assert.Equal(0.5, theta[2]);

        // Minimizes a quadratic.
        var quadratic = new AdamOptimizer(1, learningRate: 0.1);
        double[] x = [3.0];
        for (int i = 0; i < 500; i++)
        {
            quadratic.Step(x, [2 * (x[0] - 1.0)]);
        }

        Assert.Equal(1.0, x[0], 1e-2);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        Dataset data = KipTestProblems.Blobs(30, 5, 3, 1.0, 61);
        IFeatureMap map = KipTestProblems.Map("fcnn1", 5, 7);
        int[] rows = Enumerable.Range(0, 30).ToArray();
        Assert.Throws<InputException>(() => KipDistiller.Run(data, rows, map, 0, new KipOptions()));
        Assert.Throws<InputException>(() => KipDistiller.Run(data, rows, map, 11, new KipOptions { Steps = 1 }));
        Assert.Throws<InputException>(() => KipDistiller.Run(data, rows, map, 1, new KipOptions { LearningRate = 0 }));
        Assert.Throws<DataFormatException>(() => KipDistiller.Run(data, rows, new IdentityFeatureMap(4), 1, new KipOptions()));
        Assert.Equal(nameof(KipOptions.Steps), Assert.Throws<InputException>(() => new KipDistiller(new KipOptions { Steps = 0 })).Property);
        Assert.Equal(nameof(KipOptions.ImagesPerClass), Assert.Throws<InputException>(() => new KipDistiller(new KipOptions { ImagesPerClass = 0 })).Property);
    }

    private sealed class SynchronousProgress(Action<KipProgress> report) : IProgress<KipProgress>
    {
        public void Report(KipProgress value) => report(value);
    }
}
