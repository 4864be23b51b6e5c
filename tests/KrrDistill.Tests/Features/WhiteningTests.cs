using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Features;

/// <summary>
/// ZCA whitening in front of a feature map: the whitening kornia's <c>ZCAWhitening(eps)</c> computes, invertible, kept
/// in every artefact, and exact recovery through it (the distilled inputs mapped back to the data's space).
/// </summary>
public sealed class WhiteningTests
{
    [Fact]
    public void TheWhitening_IsKorniasZca_AndMapsBack()
    {
        Dataset data = Correlated(n: 300, d: 6, seed: 1);
        double[] x = Values(data);
        WhitenedFeatureMap map = FeatureMap.Whiten(FeatureMap.Identity(6), new TrainingRows(data), eps: 0.1);
        Whitening zca = map.Whitening;

        // The definition, written out: μ, C = (X − μ)ᵀ(X − μ)/(n − 1) = U diag(s) Uᵀ, T = U diag(1/√(s + ε)) Uᵀ.
        double[] mean = [.. Enumerable.Range(0, 6).Select(j => Enumerable.Range(0, 300).Average(i => x[(i * 6) + j]))];
        var c = new Matrix(6, 6);
        for (int a = 0; a < 6; a++)
        {
            for (int b = 0; b < 6; b++)
            {
                c[a, b] = Enumerable.Range(0, 300).Sum(i => (x[(i * 6) + a] - mean[a]) * (x[(i * 6) + b] - mean[b])) / 299;
            }
        }

        ThinSvd svd = ThinSvd.Compute(c); // C is symmetric positive definite: its SVD is its eigendecomposition
        Matrix expected = svd.Compose(s => 1 / Math.Sqrt(s + 0.1));
        Assert.True(Matrix.RelativeError(zca.Transform, expected) < 1e-12, $"{Matrix.RelativeError(zca.Transform, expected):E2}");
        Assert.Equal(mean, zca.Mean, (a, b) => Math.Abs(a - b) < 1e-13);
        Assert.Equal(zca.Transform.Data, zca.Transform.Transpose().Data); // symmetric exactly

        var z = new Matrix(300, 6);
        map.Map(x, 300, z.Data);
        Matrix back = zca.Unapply(z);
        Assert.True(Matrix.RelativeError(back, new Matrix(300, 6, x)) < 1e-13);

        // With ε far below the variances, the whitened rows have the identity covariance.
        Whitening sharp = FeatureMap.Whiten(FeatureMap.Identity(6), new TrainingRows(data), eps: 1e-12).Whitening;
        var w = new double[300 * 6];
        sharp.Apply(x, 300, w);
        for (int a = 0; a < 6; a++)
        {
            for (int b = 0; b < 6; b++)
            {
                double cov = Enumerable.Range(0, 300).Sum(i => w[(i * 6) + a] * w[(i * 6) + b]) / 299;
                Assert.Equal(a == b ? 1.0 : 0.0, cov, 9);
            }
        }
    }

    [Theory]
    [InlineData(FeatureKind.Identity, InitMode.Noise, 1)]
    [InlineData(FeatureKind.Identity, InitMode.Real, 3)]
    [InlineData(FeatureKind.Fcnn, InitMode.Noise, 3)]
    [InlineData(FeatureKind.Fcnn, InitMode.Real, 2)]
    [InlineData(FeatureKind.Rff, InitMode.Noise, 2)]
    [InlineData(FeatureKind.Linear, InitMode.Noise, 2)]
    public void DistillationThroughTheWhitening_RecoversTheModel(FeatureKind kind, InitMode init, int ipc)
    {
        Dataset data = Correlated(n: 400, d: 12, seed: 2);
        var split = TrainingSplit.Of(data, new KernelRidgeOptions { Seed = 3 });
        WhitenedFeatureMap map = FeatureMap.Whiten(FeatureMap.Create(kind, 12, new FeatureMapOptions { Seed = 4, RffSigma2 = 10 }), split.Train, eps: 0.1);
        RidgeModel model = new KernelRidge(map, new KernelRidgeOptions { Seed = 3 }).Fit(split);
        DistilledSet set = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = ipc, Init = init, Seed = 5 }).Distill(model, split.Train);

        // The inputs are in the data's space: their features are computed through the whitening again.
        var features = new Matrix(set.Inputs.Rows, map.OutputDimension);
        map.Map(set.Inputs.Data, set.Inputs.Rows, features.Data);
        Matrix ws = KernelRidgeSolver.Solve(features, set.Labels, set.LambdaS);
        double scale = set.Result!.FeatureScale; // rff targets may be scaled by 1/c, and the model with them (W/c)
        Matrix expected = new(model.Weights.Rows, model.Weights.Columns, [.. model.Weights.Data.Select(v => v / scale)]);
        double error = Matrix.RelativeError(ws, expected);
        Assert.True(error < 1e-8, $"{kind}, {init}: ‖W_S − W‖/‖W‖ = {error:E2}");
    }

    [Fact]
    public void CentredFeatures_WhoseModelHasDependentRows_StillDistillExactly()
    {
        // Centred features and one-hot labels give Σ_c W_c = 0: W has rank k − 1 up to rounding (≈ 1e-13), which made the
        // targets ≈ 1e12 times too large before such directions were dropped.
        Dataset data = Correlated(n: 300, d: 10, seed: 6, centred: true);
        var options = new KernelRidgeOptions { Seed = 1, Lambda = 0.5, ValidationFraction = 0 }; // every (centred) row is fit
        var split = TrainingSplit.Of(data, options);
        RidgeModel model = new KernelRidge(FeatureMap.Identity(10), options).Fit(split);
        DistilledSet set = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = 2, Seed = 2 }).Distill(model, split.Train);
        Matrix ws = KernelRidgeSolver.Solve(set.Inputs, set.Labels, set.LambdaS);
        Assert.True(Matrix.RelativeError(ws, model.Weights) < 1e-8, $"{Matrix.RelativeError(ws, model.Weights):E2}");
        Assert.True(set.Inputs.Data.Max(Math.Abs) < 1e6, $"largest |x_s| {set.Inputs.Data.Max(Math.Abs):E2}");
    }

    [Fact]
    public void TheWhitening_TravelsInTheModelArtefact()
    {
        using var dir = new TempDirectory();
        Dataset data = Correlated(n: 200, d: 8, seed: 7);
        var split = TrainingSplit.Of(data, new KernelRidgeOptions { Seed = 1 });
        WhitenedFeatureMap map = FeatureMap.Whiten(FeatureMap.Fcnn(8, seed: 2), split.Train, eps: 0.25);
        RidgeModel model = new KernelRidge(map, new KernelRidgeOptions { Seed = 1 }).Fit(split);
        model.Save(dir.File("model.npz"));
        RidgeModel loaded = RidgeModel.Load(dir.File("model.npz"));
        var whitened = Assert.IsType<WhitenedFeatureMap>(loaded.FeatureMap);
        Assert.Equal(0.25, whitened.Whitening.Eps);
        double[] x = Values(data);
        double[] a = new double[200 * 8], b = new double[200 * 8];
        map.Map(x, 200, a);
        loaded.FeatureMap.Map(x, 200, b);
        Assert.Equal(a, b);

        var arrays = NpzReader.Read(dir.File("model.npz")).ToDictionary(e => e.Key, e => e.Value);
        arrays.Remove("zca_eps");
        NpzWriter.Write(dir.File("cut.npz"), arrays);
        Assert.Contains("key 'zca_eps' is missing; a ZCA whitening is stored as zca_mean, zca_transform, zca_eps",
            Assert.Throws<DataFormatException>(() => { _ = RidgeModel.Load(dir.File("cut.npz")); }).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--zca", "0" }, "--zca ε must be a positive, finite number (got 0)")]
    [InlineData(new[] { "--zca", "-1" }, "--zca ε must be a positive, finite number")]
    [InlineData(new[] { "--zca", "abc" }, "--zca: 'abc' is not a number")]
    [InlineData(new[] { "--zca", "--privacy", "dp", "--lambda", "1" }, "--zca does not apply with --privacy")]
    public void BadZcaUses_AreRefusedByName(string[] extra, string expected)
        => CliRun.Of(["distill", "--dataset", "fashion-mnist-sample", "--ipc", "1", .. extra]).AssertBadInput(expected);

    [Fact]
    public void MomentsFromAFile_AreRefusedWithPrivacyToo()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("moments.npz"), [0x50, 0x4b]); // refused before it is read
        CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--ipc", "1", "--zca-from", dir.File("moments.npz"), "--privacy", "dp", "--lambda", "1")
            .AssertBadInput("--zca-from does not apply with --privacy");
    }

    [Fact]
    public void TheCommandLine_WhitensFitAndDistill_AndRecordsIt()
    {
        using var dir = new TempDirectory();
        CliRun run = CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--features", "fcnn", "--ipc", "2", "--zca", "--out", dir.File("d.npz"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        System.Text.Json.JsonElement json = run.Json();
        Assert.Equal(0.1, json.GetProperty("zca_eps").GetDouble());
        Assert.Equal(json.GetProperty("original_test_accuracy").GetDouble(), json.GetProperty("distilled_test_accuracy").GetDouble());
        Assert.True(json.GetProperty("relative_error_after_inversion").GetDouble() < 1e-8);
        Assert.True(NpzReader.Read(dir.File("d.npz")).ContainsKey("zca_transform")); // evaluate and numpy find it there

        CliRun evaluate = CliRun.Of("evaluate", "--distilled", dir.File("d.npz"), "--dataset", "fashion-mnist-sample", "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        Assert.Equal(json.GetProperty("distilled_test_accuracy").GetDouble(), evaluate.Json().GetProperty("test_accuracy").GetDouble());
        CliRun.Of("kip", "--dataset", "fashion-mnist-sample", "--zca").AssertBadInput("--zca");
    }

    [Fact]
    public void Shards_WhitenWithMergedMoments_AndMergeRefusesAnotherWhitening()
    {
        using var dir = new TempDirectory();
        string[] data = ["--dataset", "fashion-mnist-sample"];
        CliRun Run(params string[] args)
        {
            CliRun run = CliRun.Of([.. args, .. args[0] == "merge" ? [] : data]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return run;
        }

        // The mean and covariance are identity-feature statistics: shard them and merge them like any other.
        Run("stats", "--features", "identity", "--shard", "1/2", "--out", dir.File("m1.npz"));
        Run("stats", "--features", "identity", "--shard", "2/2", "--out", dir.File("m2.npz"));
        Run("merge", dir.File("m1.npz"), dir.File("m2.npz"), "--out", dir.File("moments.npz"));
        Run("fit", "--features", "fcnn", "--zca", "--save-model", dir.File("one-pass.npz"));
        Run("fit", "--features", "fcnn", "--zca-from", dir.File("moments.npz"), "--save-model", dir.File("from-moments.npz"));
        Run("stats", "--features", "fcnn", "--zca-from", dir.File("moments.npz"), "--shard", "1/2", "--out", dir.File("s1.npz"));
        Run("stats", "--features", "fcnn", "--zca-from", dir.File("moments.npz"), "--shard", "2/2", "--out", dir.File("s2.npz"));
        Run("merge", dir.File("s1.npz"), dir.File("s2.npz"), "--out", dir.File("s.npz"));
        Run("fit", "--stats", dir.File("s.npz"), "--save-model", dir.File("sharded.npz"));

        RidgeModel onePass = RidgeModel.Load(dir.File("one-pass.npz")), fromMoments = RidgeModel.Load(dir.File("from-moments.npz"));
        RidgeModel sharded = RidgeModel.Load(dir.File("sharded.npz"));
        Assert.Equal(onePass.Lambda, fromMoments.Lambda);
        Assert.Equal(onePass.Lambda, sharded.Lambda);
        Assert.True(Matrix.RelativeError(fromMoments.Weights, onePass.Weights) < 1e-10); // the same sums, added in another order
        Assert.True(Matrix.RelativeError(sharded.Weights, fromMoments.Weights) < 1e-12);

        Run("stats", "--features", "fcnn", "--zca", "0.2", "--shard", "2/2", "--out", dir.File("other.npz"));
        CliRun.Of("merge", dir.File("s1.npz"), dir.File("other.npz"), "--out", dir.File("no.npz")).AssertBadInput("cannot be merged into");
        Assert.False(File.Exists(dir.File("no.npz")));

        CliRun.Of(["fit", "--zca-from", dir.File("s.npz"), .. data]).AssertBadInput("holds fcnn features (whitened), not identity features");
        CliRun.Of(["fit", "--zca-from", dir.File("m1.npz"), .. data]).AssertBadInput("covers shards 1 of 2: merge every shard first");
        CliRun.Of(["fit", "--zca-from", dir.File("moments.npz"), "--seed", "3", .. data]).AssertBadInput("was computed with seed 0 and validation fraction 0.05, so on another training split");
        CliRun.Of(["fit", "--stats", dir.File("s.npz"), "--zca", .. data]).AssertBadInput("--zca does not apply with --stats");
    }

    /// <summary>Two classes of correlated inputs of different scales (or centred ones), n rows of d values.</summary>
    private static Dataset Correlated(int n, int d, int seed, bool centred = false)
    {
        var random = new Random(seed);
        Matrix mixing = RandomMatrices.Gaussian(d, d, seed + 100);
        var values = new double[n * d];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            var g = new double[d];
            for (int j = 0; j < d; j++)
            {
                g[j] = ((random.NextDouble() * 2) - 1) * (j + 1) + (labels[i] == 0 ? 0.5 : -0.5) + 3;
            }

            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int l = 0; l < d; l++)
                {
                    sum += mixing[j, l] * g[l];
                }

                values[(i * d) + j] = sum;
            }
        }

        if (centred)
        {
            for (int j = 0; j < d; j++)
            {
                double mean = Enumerable.Range(0, n).Average(i => values[(i * d) + j]);
                for (int i = 0; i < n; i++)
                {
                    values[(i * d) + j] -= mean;
                }
            }
        }

        return Dataset.FromValues("correlated", values, n, d, labels, 2, InputNormalization.None(d), null);
    }

    private static double[] Values(Dataset data)
    {
        var x = new double[data.Count * data.Dimension];
        data.CopyInputs(0, data.Count, x);
        return x;
    }
}
