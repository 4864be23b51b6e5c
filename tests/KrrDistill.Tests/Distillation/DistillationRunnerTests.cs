using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Randomness;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Distillation;

/// <summary>
/// Theorem 5.1 with each feature map, Corollary 4.1.1, Theorem 4.2 and the deep-linear construction on
/// random problems, end to end: W from real data, distill, construct inputs, recompute φ, refit; ≤ 1e-9.
/// </summary>
public class DistillationRunnerTests
{
    public static TheoryData<string, string, InitMode, double> Cases()
    {
        var data = new TheoryData<string, string, InitMode, double>();
        foreach (string backend in new[] { "managed", "openblas" })
        {
            foreach (string kind in new[] { "identity", "fcnn", "fcnn2", "rff", "linear" })
            {
                foreach (InitMode init in new[] { InitMode.Noise, InitMode.Real })
                {
                    data.Add(backend, kind, init, 0.0);
                }
            }

            data.Add(backend, "fcnn", InitMode.Noise, 1e-4);
            data.Add(backend, "identity", InitMode.Real, 1e-4);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConstructedInputsRecoverTheModel(string backendName, string kind, InitMode init, double lambdaS)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        DatasetPair data = RandomData(n: 400, d: 24, k: 3, seed: 11);
        IFeatureMap map = kind switch
        {
            "identity" => new IdentityFeatureMap(24),
            "fcnn" => LeakyReluNetwork.CreateRandom(24, 24, 1, 0.1, 1, backend),
            "fcnn2" => LeakyReluNetwork.CreateRandom(24, 20, 2, 0.1, 1, backend),
            "rff" => RandomFourierFeatures.CreateRandom(24, 20, 10.0, 1, backend),
            _ => DeepLinearNetwork.CreateRandom(24, 30, 2, 1, backend),
        };
        DistillRunResult result = DistillationRunner.Run(data, map,
            new DistillRunOptions { ImagesPerClass = 4, Init = init, LambdaS = lambdaS, Seed = 3, Fit = new KrrFitOptions { Lambda = 0.5 } }, backend);

        Assert.Equal(12, result.Set.Count);
        Assert.True(result.ErrorBeforeInversion <= 1e-9, $"before inversion: {result.ErrorBeforeInversion:E2}");
        Assert.True(result.ErrorAfterInversion <= 1e-9, $"after inversion: {result.ErrorAfterInversion:E2} (scale {result.FeatureScale})");
        Assert.True(result.Cosine > 1 - 1e-12);
        Assert.Equal(result.OriginalTestAccuracy, result.DistilledTestAccuracy);
        if (init == InitMode.Real)
        {
            Assert.NotNull(result.Set.InitialInputs);
        }
    }

    [Fact]
    public void RealInitStaysCloserToTheRealImagesThanNoise()
    {
        var backend = new ManagedBackend();
        DatasetPair data = RandomData(n: 300, d: 20, k: 3, seed: 5);
        var map = new IdentityFeatureMap(20);
        var fit = new KrrFitOptions { Lambda = 0.1 };
        DistillRunResult real = DistillationRunner.Run(data, map, new DistillRunOptions { ImagesPerClass = 3, Init = InitMode.Real, LambdaS = 0, Fit = fit }, backend);
        Matrix x = real.Set.Inputs, x0 = real.Set.InitialInputs!;
        DistillRunResult noise = DistillationRunner.Run(data, map, new DistillRunOptions { ImagesPerClass = 3, Init = InitMode.Noise, LambdaS = 0, Fit = fit }, backend);
        Assert.True(Matrix.RelativeError(x, x0) < Matrix.RelativeError(noise.Set.Inputs, x0));
        Assert.Equal("model", real.LabelKind);
    }

    [Fact]
    public void LabelDistillationOnAtLeastPPointsIsExact()
    {
        var backend = new ManagedBackend();
        DatasetPair data = RandomData(n: 500, d: 10, k: 2, seed: 6);
        var map = LeakyReluNetwork.CreateRandom(10, 16, 1, 0.1, 2, backend);
        DistillRunResult result = DistillationRunner.Run(data, map,
            new DistillRunOptions { ImagesPerClass = 8, LabelsOnly = true, LambdaS = 0, Fit = new KrrFitOptions { Lambda = 1e-2 } }, backend);
        Assert.Equal("fit", result.LabelKind);
        Assert.True(result.ErrorAfterInversion <= 1e-9, $"{result.ErrorAfterInversion:E2}");
    }

    [Fact]
    public void NonSurjectiveMapIsRefusedWithTheLabelFitHint()
    {
        var backend = new ManagedBackend();
        DatasetPair data = RandomData(n: 200, d: 10, k: 2, seed: 7);
        var map = LeakyReluNetwork.CreateRandom(10, 16, 1, 0.1, 2, backend);
        var e = Assert.Throws<ArgumentException>(() => DistillationRunner.Run(data, map, new DistillRunOptions { ImagesPerClass = 2 }, backend));
        Assert.Contains("--labels fit", e.Message, StringComparison.Ordinal);
        Assert.Contains("Theorem 5.2", e.Message, StringComparison.Ordinal);
    }

    internal static DatasetPair RandomData(int n, int d, int k, int seed)
    {
        var random = new SeededRandom(seed);
        Dataset Make(int count, string name)
        {
            double[] values = new double[count * d];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                labels[i] = i % k;
                for (int j = 0; j < d; j++)
                {
                    values[(i * d) + j] = random.NextGaussian() + (j % k == labels[i] ? 1.5 : 0.0);
                }
            }

            return Dataset.FromValues(name, values, count, d, labels, k, InputNormalization.None(d), null);
        }

        return new DatasetPair(Make(n, "train"), Make(n / 2, "test"));
    }
}
