using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Ridge;

/// <summary>
/// The single-precision statistics pass: float32 features and chunk Grams summed in float64 are the double statistics
/// to float32 rounding, a model fitted from them distills exactly (the recovery is of the model that was fitted), and the
/// precision travels with the statistics: recorded in stats.npz and the artefacts, and never mixed in a merge.
/// </summary>
public sealed class SinglePrecisionTests
{
    public static TheoryData<string> BackendNames => Backends.Names;

    public static TheoryData<string, string> MapsOnBackends()
    {
        var data = new TheoryData<string, string>();
        foreach (string backend in new[] { "managed", "openblas" })
        {
            foreach (string map in new[] { "identity", "fcnn", "fcnn2", "rff", "linear" })
            {
                data.Add(backend, map);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MapsOnBackends))]
    public void Float32FeaturesAreTheDoubleFeaturesRounded(string backendName, string kind)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        IFeatureMap map = Map(kind, 30);
        const int rows = 40;
        Matrix x = RandomMatrices.Gaussian(rows, 30, 3);
        var wide = new double[rows * map.OutputDimension];
        map.Map(x.Data, rows, wide);
        float[] inputs = Array.ConvertAll(x.Data, v => (float)v), narrow = new float[wide.Length];
        map.Map(inputs, rows, narrow);
        double scale = wide.Max(Math.Abs);
        double worst = wide.Select((v, i) => Math.Abs(v - narrow[i])).Max() / scale;
        Assert.True(worst < 1e-5, $"{kind}: largest difference {worst:E2} of the largest feature");
    }

    [Theory]
    [MemberData(nameof(BackendNames))]
    public void SingleStatisticsAreTheDoubleStatisticsToFloatRounding(string backendName)
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backends.Get(backendName));
        const int n = 300, p = 20, k = 3;
        Matrix phi = RandomMatrices.Gaussian(n, p, 4);
        int[] labels = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        float[] single = Array.ConvertAll(phi.Data, v => (float)v);
        var exact = new SufficientStatistics(p, k);
        var rounded = new SufficientStatistics(p, k, Precision.Single);
        for (int start = 0; start < n; start += 128)
        {
            int rows = Math.Min(128, n - start);
            exact.Add(phi.Data.AsSpan(start * p, rows * p), rows, labels.AsSpan(start, rows));
            rounded.Add(single.AsSpan(start * p, rows * p), rows, labels.AsSpan(start, rows));
        }

        Assert.Equal(Precision.Single, rounded.Precision);
        Assert.Equal(exact.ClassCounts, rounded.ClassCounts);
        double gramError = Matrix.RelativeError(rounded.Gram, exact.Gram), crossError = Matrix.RelativeError(rounded.CrossProduct, exact.CrossProduct);
        Assert.True(gramError is > 0 and < 1e-6, $"Gram: {gramError:E2}");
        Assert.True(crossError is > 0 and < 1e-6, $"ΦᵀY: {crossError:E2}");
        Assert.Equal(rounded.Gram[2, 11], rounded.Gram[11, 2]);
        Assert.Throws<InvalidOperationException>(() => rounded.Add(phi.Data.AsSpan(0, p), 1, labels));
        Assert.Throws<InvalidOperationException>(() => exact.Add(single.AsSpan(0, p), 1, labels));
    }

    [Fact]
    public void ASinglePrecisionFitDistillsExactly_AndRecordsItsPrecision()
    {
        DatasetPair data = KrrDistill.Tests.Distillation.DistillationChainTests.RandomData(n: 600, d: 16, k: 3, seed: 31);
        IFeatureMap map = FeatureMap.Fcnn(16, seed: 3);
        RidgeModel single = new KernelRidge(map, new KernelRidgeOptions { Precision = Precision.Single }).Fit(data.Train);
        RidgeModel exact = new KernelRidge(map, new KernelRidgeOptions()).Fit(data.Train);
        Assert.Equal(Precision.Single, single.FitResult!.Precision);
        Assert.Equal(Precision.Double, exact.FitResult!.Precision);
        Assert.Equal(exact.Lambda, single.Lambda);
        double difference = Matrix.RelativeError(single.Weights, exact.Weights);
        Assert.True(difference is > 0 and < 1e-4, $"‖W_single − W_double‖/‖W_double‖ = {difference:E2}");
        Assert.Equal(exact.Accuracy(data.Test), single.Accuracy(data.Test));

        DistilledSet set = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = 2 }).Distill(single, data.Train);
        DistillationComparison comparison = DistillationComparison.Run(single, set, data.Test, data.Train);
        Assert.True(comparison.RelativeError <= 1e-9, $"{comparison.RelativeError:E2}");
        using var directory = new TempDirectory();
        single.Save(directory.File("m.npz"));
        set.Save(directory.File("d.npz"), comparison);
        foreach (string file in new[] { "m.npz", "d.npz" })
        {
            using var meta = System.Text.Json.JsonDocument.Parse(ArtefactArrays.Text(NpzReader.Read(directory.File(file)), "meta_json"));
            Assert.Equal("single", meta.RootElement.GetProperty("precision").GetString());
        }
    }

    [Fact]
    public void APrivateReleaseSumsItsClippedStatisticsInTheRequestedPrecision()
    {
        DatasetPair data = KrrDistill.Tests.Distillation.DistillationChainTests.RandomData(n: 400, d: 24, k: 3, seed: 11);
        IFeatureMap map = LeakyReluNetwork.CreateRandom(24, 24, 1, 0.1, 1);
        var options = new KrrDistill.Privacy.RowPrivacyOptions { Epsilon = 0.5, NoiseSeed = 6 };
        var distiller = new DistillerOptions { ImagesPerClass = 3, Seed = 2, LambdaS = 0 };
        KrrDistill.Privacy.PrivateTrainingData single = new KrrDistill.Privacy.PrivateDistiller(options, distiller, new KernelRidgeOptions { Lambda = 0, Precision = Precision.Single }).Prepare(map, data.Train);
        KrrDistill.Privacy.PrivateTrainingData exact = new KrrDistill.Privacy.PrivateDistiller(options, distiller, new KernelRidgeOptions { Lambda = 0 }).Prepare(map, data.Train);
        Assert.Equal(Precision.Single, single.Exact.Precision);
        Assert.Equal(Precision.Double, exact.Exact.Precision);
        double difference = Matrix.RelativeError(single.Exact.Gram, exact.Exact.Gram);
        Assert.True(difference is > 0 and < 1e-6, $"{difference:E2}");
    }

    [Fact]
    public void StatsFilesRecordTheirPrecision_AndMergeRefusesToMixThem()
    {
        DatasetPair data = KrrDistill.Tests.Distillation.DistillationChainTests.RandomData(n: 400, d: 10, k: 2, seed: 32);
        IFeatureMap map = FeatureMap.Fcnn(10, seed: 1);
        var rows = new TrainingRows(data.Train);
        SufficientStatistics single = new KernelRidge(map, new KernelRidgeOptions { Precision = Precision.Single }).Accumulate(rows.Block(0, 200));
        SufficientStatistics exact = new KernelRidge(map, new KernelRidgeOptions()).Accumulate(rows.Block(200, 200));
        using var directory = new TempDirectory();
        single.Save(directory.File("a.npz"));
        exact.Save(directory.File("b.npz"));
        SufficientStatistics a = SufficientStatistics.Load(directory.File("a.npz")), b = SufficientStatistics.Load(directory.File("b.npz"));
        Assert.Equal(Precision.Single, a.Precision);
        Assert.Equal(Precision.Double, b.Precision);
        var e = Assert.Throws<InputException>(() => a.Merge(b));
        Assert.Contains("single", e.Message, StringComparison.Ordinal);
        Assert.Contains("--precision", e.Message, StringComparison.Ordinal);
        SufficientStatistics other = new KernelRidge(map, new KernelRidgeOptions { Precision = Precision.Single }).Accumulate(rows.Block(200, 200));
        Assert.Equal(400, a.Merge(other).Count);
        Assert.Equal(Precision.Single, a.Precision);
    }

    [Fact]
    public void AStatsFileWithAnUnknownPrecisionIsRefusedByKey()
    {
        var statistics = new SufficientStatistics(3, 2);
        statistics.Add(new double[] { 1, 2, 3 }, 1, [1]);
        var arrays = new Dictionary<string, NpyArray>();
        statistics.Write(arrays, "");
        arrays["precision"] = NpyArray.FromString("half");
        using var directory = new TempDirectory();
        NpzWriter.Write(directory.File("s.npz"), arrays);
        var e = Assert.Throws<DataFormatException>(() => SufficientStatistics.Load(directory.File("s.npz")));
        Assert.Contains("'precision'", e.Message, StringComparison.Ordinal);
    }

    private static IFeatureMap Map(string kind, int d) => kind switch
    {
        "identity" => new IdentityFeatureMap(d),
        "fcnn" => LeakyReluNetwork.CreateRandom(d, d, 1, 0.1, 1),
        "fcnn2" => LeakyReluNetwork.CreateRandom(d, 24, 2, 0.1, 1),
        "rff" => RandomFourierFeatures.CreateRandom(d, 20, 10.0, 1),
        _ => DeepLinearNetwork.CreateRandom(d, 30, 2, 1),
    };
}
