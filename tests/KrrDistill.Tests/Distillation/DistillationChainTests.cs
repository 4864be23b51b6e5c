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
public class DistillationChainTests
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
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        DatasetPair data = RandomData(n: 400, d: 24, k: 3, seed: 11);
        IFeatureMap map = kind switch
        {
            "identity" => new IdentityFeatureMap(24),
            "fcnn" => LeakyReluNetwork.CreateRandom(24, 24, 1, 0.1, 1),
            "fcnn2" => LeakyReluNetwork.CreateRandom(24, 20, 2, 0.1, 1),
            "rff" => RandomFourierFeatures.CreateRandom(24, 20, 10.0, 1),
            _ => DeepLinearNetwork.CreateRandom(24, 30, 2, 1),
        };
        using IDisposable scope = LinearAlgebraBackends.Use(backend);
        (RidgeModel model, DistilledSet set, DistillationComparison result) = Run(data, map,
            new DistillerOptions { ImagesPerClass = 4, Init = init, LambdaS = lambdaS, Seed = 3 }, new KernelRidgeOptions { Lambda = 0.5 });

        Assert.Equal(12, set.Count);
        Assert.True(set.Result!.ErrorBeforeInversion <= 1e-9, $"before inversion: {set.Result.ErrorBeforeInversion:E2}");
        Assert.True(result.RelativeError <= 1e-9, $"after inversion: {result.RelativeError:E2} (scale {set.Result.FeatureScale})");
        Assert.True(result.Cosine > 1 - 1e-12);
        Assert.Equal(result.OriginalTestAccuracy, result.DistilledTestAccuracy);
        Assert.Equal(0.5, model.Lambda);
        if (init == InitMode.Real)
        {
            Assert.NotNull(set.InitialInputs);
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void MoreDistilledPointsThanFeatures_RecoverTheModel(string backendName)
    {
        // m = 3·12 = 36 > p = 24: Algorithm 1's QR of a tall D, the square layer's inversion with more rows than columns,
        // and the refit on the primal route, as CIFAR-100 at IPC 50 takes them.
        using IDisposable backendScope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        DatasetPair data = RandomData(n: 400, d: 24, k: 3, seed: 12);
        LeakyReluNetwork map = LeakyReluNetwork.CreateRandom(24, 24, 1, 0.1, 2);
        (RidgeModel model, DistilledSet set, DistillationComparison result) = Run(data, map,
            new DistillerOptions { ImagesPerClass = 12, Seed = 1 }, new KernelRidgeOptions { Lambda = 0.5 });
        Assert.Equal(36, set.Count);
        Assert.True(set.Result!.ErrorBeforeInversion <= 1e-12, $"before inversion: {set.Result.ErrorBeforeInversion:E2}");
        Assert.True(result.RelativeError <= 1e-11, $"after inversion: {result.RelativeError:E2}");
        Assert.True(result.FeatureReconstructionError <= 1e-11, $"reconstruction: {result.FeatureReconstructionError:E2}");
        Assert.Equal(result.OriginalTestAccuracy, result.DistilledTestAccuracy);

        // The features kept from construction serve only the inputs they came from.
        Matrix before = set.Fit().Weights;
        set.Inputs[0, 0] += 1.0;
        Matrix after = set.Fit().Weights;
        var phi = new Matrix(set.Count, 24);
        map.Map(set.Inputs.Data, set.Count, phi.Data);
        Matrix fresh = KernelRidgeSolver.Solve(phi, set.Labels, set.LambdaS);
        Assert.Equal(fresh.Data, after.Data);
        Assert.True(Matrix.RelativeError(after, before) > 1e-6);
        Assert.True(Matrix.RelativeError(before, model.Weights) <= 1e-11);
    }

    [Fact]
    public void RealInitStaysCloserToTheRealImagesThanNoise()
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        DatasetPair data = RandomData(n: 300, d: 20, k: 3, seed: 5);
        var map = new IdentityFeatureMap(20);
        using IDisposable scope = LinearAlgebraBackends.Use(backend);
        var fit = new KernelRidgeOptions { Lambda = 0.1 };
        (_, DistilledSet real, _) = Run(data, map, new DistillerOptions { ImagesPerClass = 3, Init = InitMode.Real, LambdaS = 0 }, fit);
        Matrix x = real.Inputs, x0 = real.InitialInputs!;
        (_, DistilledSet noise, _) = Run(data, map, new DistillerOptions { ImagesPerClass = 3, Init = InitMode.Noise, LambdaS = 0 }, fit);
        Assert.True(Matrix.RelativeError(x, x0) < Matrix.RelativeError(noise.Inputs, x0));
        Assert.Equal("model", real.Result!.LabelKind);
    }

    [Fact]
    public void LabelDistillationOnAtLeastPPointsIsExact()
    {
        DatasetPair data = RandomData(n: 500, d: 10, k: 2, seed: 6);
        IFeatureMap map = FeatureMap.Fcnn(10, width: 16, seed: 2);
        (_, DistilledSet set, DistillationComparison result) = Run(data, map,
            new DistillerOptions { ImagesPerClass = 8, Labels = LabelMode.Fit, LambdaS = 0 }, new KernelRidgeOptions { Lambda = 1e-2 });
        Assert.Equal("fit", set.Result!.LabelKind);
        Assert.True(result.RelativeError <= 1e-9, $"{result.RelativeError:E2}");
    }

    [Fact]
    public void NonSurjectiveMapIsRefusedWithTheLabelFitHint()
    {
        DatasetPair data = RandomData(n: 200, d: 10, k: 2, seed: 7);
        IFeatureMap map = FeatureMap.Fcnn(10, width: 16, seed: 2);
        var e = Assert.Throws<InputException>(() => Run(data, map, new DistillerOptions { ImagesPerClass = 2 }, new KernelRidgeOptions()));
        Assert.Equal("Width", e.Property);
        Assert.Contains("label distillation (`Labels` fit)", e.Message, StringComparison.Ordinal); // each front end names the option its own way
        Assert.Contains("Theorem 5.2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsNameThePropertyAtFault()
    {
        var e = Assert.Throws<InputException>(() => new AnalyticDistiller(new DistillerOptions { ImagesPerClass = 0 }));
        Assert.Equal(nameof(DistillerOptions.ImagesPerClass), e.Property);
        e = Assert.Throws<InputException>(() => new KernelRidge(new IdentityFeatureMap(3), new KernelRidgeOptions { Lambda = -1 }));
        Assert.Equal(nameof(KernelRidgeOptions.Lambda), e.Property);
    }

    [Fact]
    public void SavedSetAndModelLoadBackAndRetrainTheSameModel()
    {
        DatasetPair data = RandomData(n: 300, d: 12, k: 3, seed: 9);
        IFeatureMap map = FeatureMap.Fcnn(12, seed: 4);
        (RidgeModel model, DistilledSet set, DistillationComparison comparison) = Run(data, map, new DistillerOptions { ImagesPerClass = 2 }, new KernelRidgeOptions());
        using var directory = new KrrDistill.Tests.Data.TempDirectory();
        set.Save(directory.File("d.npz"), comparison);
        DistilledSet back = DistilledSet.Load(directory.File("d.npz"));
        Assert.Equal(set.Inputs.Data, back.Inputs.Data);
        Assert.Equal(set.Labels.Data, back.Labels.Data);
        Assert.True(Matrix.RelativeError(back.Fit().Weights, model.Weights) <= 1e-9);
        using var meta = System.Text.Json.JsonDocument.Parse(back.LoadedMetaJson);
        Assert.Equal(comparison.DistilledTestAccuracy, meta.RootElement.GetProperty("distilled_test_accuracy").GetDouble());
        Assert.Equal("fcnn", meta.RootElement.GetProperty("features").GetString());
        model.Save(directory.File("m.npz"));
        RidgeModel loaded = RidgeModel.Load(directory.File("m.npz"));
        Assert.Equal(model.Weights.Data, loaded.Weights.Data);
        Assert.Equal(model.Accuracy(data.Test), loaded.Accuracy(data.Test));
    }

    private static (RidgeModel Model, DistilledSet Set, DistillationComparison Comparison) Run(DatasetPair data, IFeatureMap map,
        DistillerOptions distiller, KernelRidgeOptions ridge)
    {
        RidgeModel model = new KernelRidge(map, ridge).Fit(data.Train);
        DistilledSet set = new AnalyticDistiller(distiller).Distill(model, data.Train);
        return (model, set, DistillationComparison.Run(model, set, data.Test, data.Train));
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
