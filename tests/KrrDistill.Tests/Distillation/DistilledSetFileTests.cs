using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Distillation;

/// <summary>distilled.npz: every feature map round-trips bit for bit; every bad key is refused with its name.</summary>
public class DistilledSetFileTests
{
    private const int M = 4;
    private const int D = 12;
    private const int K = 3;

    public static TheoryData<string, bool, bool> RoundTripCases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (string kind in FeatureKinds.Names)
        {
            foreach (bool init in new[] { false, true })
            {
                foreach (bool image in new[] { false, true })
                {
                    data.Add(kind, init, image);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void RoundTripKeepsEveryArrayExactly(string kind, bool withInit, bool withImage)
    {
        using var dir = new TempDirectory();
        string path = dir.File("distilled.npz");
        DistilledSet set = MakeSet(kind, withInit, withImage);
        DistilledSetFile.Save(path, set, set.LoadedMetaJson);
        DistilledSet back = DistilledSetFile.Load(path);

        Assert.Equal(set.Inputs.Data, back.Inputs.Data);
        Assert.Equal((M, D), (back.Inputs.Rows, back.Inputs.Columns));
        Assert.Equal(set.Labels.Data, back.Labels.Data);
        Assert.Equal((M, K), (back.Labels.Rows, back.Labels.Columns));
        Assert.Equal(set.LambdaS, back.LambdaS);
        Assert.Equal(set.Normalization.Mean, back.Normalization.Mean);
        Assert.Equal(set.Normalization.Std, back.Normalization.Std);
        Assert.Equal(set.Normalization.RawDivisor, back.Normalization.RawDivisor);
        Assert.Equal(set.ImageShape, back.ImageShape);
        Assert.Equal(set.InitialInputs?.Data, back.InitialInputs?.Data);
        Assert.Equal(set.LoadedMetaJson, back.LoadedMetaJson);

        Assert.Equal(kind, back.FeatureMap.Kind.ArtefactName());
        Assert.IsType(set.FeatureMap.GetType(), back.FeatureMap);
        Assert.Equal((set.FeatureMap.InputDimension, set.FeatureMap.OutputDimension), (back.FeatureMap.InputDimension, back.FeatureMap.OutputDimension));
        IReadOnlyList<FeatureParameter> expected = set.FeatureMap.Parameters(), actual = back.FeatureMap.Parameters();
        Assert.Equal(expected.Select(p => p.Key), actual.Select(p => p.Key));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Values, actual[i].Values);
            Assert.Equal(expected[i].Shape, actual[i].Shape);
        }

        // Same map, same features.
        Matrix x = RandomMatrices.Gaussian(5, D, 77);
        var before = new Matrix(5, set.FeatureMap.OutputDimension);
        var after = new Matrix(5, back.FeatureMap.OutputDimension);
        set.FeatureMap.Map(x.Data, 5, before.Data);
        back.FeatureMap.Map(x.Data, 5, after.Data);
        Assert.Equal(before.Data, after.Data);
    }

    [Fact]
    public void FileHoldsTheDesignsKeysDtypesAndShapes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("distilled.npz");
        SaveSet(path, MakeSet("fcnn", withInit: true, withImage: true));
        NpzArchive npz = NpzReader.Read(path);
        Assert.Equal(
            ["x_s", "y_s", "lambda_s", "feature_kind", "fcnn_weight_0", "fcnn_weight_1", "fcnn_negative_slope", "input_mean", "input_std", "input_divisor", "image_shape", "x_init", "meta_json"],
            npz.Keys);
        AssertArray(npz, "x_s", "<f8", M, D);
        AssertArray(npz, "y_s", "<f8", M, K);
        AssertArray(npz, "lambda_s", "<f8");
        AssertArray(npz, "fcnn_weight_0", "<f8", 8, D);
        AssertArray(npz, "fcnn_weight_1", "<f8", 8, 8);
        AssertArray(npz, "fcnn_negative_slope", "<f8");
        AssertArray(npz, "input_mean", "<f8", D);
        AssertArray(npz, "input_std", "<f8", D);
        AssertArray(npz, "input_divisor", "<f8");
        AssertArray(npz, "image_shape", "<i8", 3);
        AssertArray(npz, "x_init", "<f8", M, D);
        Assert.Equal(Array.Empty<int>(), npz["feature_kind"].Shape);
        Assert.Equal(Array.Empty<int>(), npz["meta_json"].Shape);
        Assert.Equal("fcnn", npz.GetString("feature_kind"));
    }

    [Fact]
    public void NumpyLoadsTheFileWithNothingElse()
    {
        const string Python = "/usr/bin/python3";
        if (!File.Exists(Python) || Run(Python, "-c", "import numpy").ExitCode != 0)
        {
            Assert.Skip("numpy is not installed for /usr/bin/python3 (apt-get install python3-numpy)");
        }

        using var dir = new TempDirectory();
        string path = dir.File("distilled.npz");
        DistilledSet set = MakeSet("fcnn", withInit: true, withImage: true);
        DistilledSetFile.Save(path, set, set.LoadedMetaJson);
        const string Script = """
            import json, sys, numpy as np
            d = np.load(sys.argv[1])
            print(json.dumps({"keys": {k: [d[k].dtype.str, list(d[k].shape)] for k in d.files},
                              "x_s_1_2": repr(float(d["x_s"][1, 2])), "kind": str(d["feature_kind"]),
                              "slope": float(d["fcnn_negative_slope"]), "meta": json.loads(str(d["meta_json"]))}))
            """;
        (int code, string output) = Run(Python, "-c", Script, path);
        Assert.True(code == 0, output);
        JsonElement json = JsonDocument.Parse(output).RootElement;
        JsonElement keys = json.GetProperty("keys");
        Assert.Equal("<f8", keys.GetProperty("x_s")[0].GetString());
        Assert.Equal([M, D], keys.GetProperty("x_s")[1].EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("<i8", keys.GetProperty("image_shape")[0].GetString());
        Assert.Equal(0, keys.GetProperty("lambda_s")[1].GetArrayLength());
        Assert.Equal(set.Inputs[1, 2], double.Parse(json.GetProperty("x_s_1_2").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("fcnn", json.GetProperty("kind").GetString());
        Assert.Equal(0.1, json.GetProperty("slope").GetDouble());
        Assert.Equal("toy", json.GetProperty("meta").GetProperty("dataset").GetString());
    }

    [Theory]
    [InlineData(true, 255.0)]
    [InlineData(false, 1.0)]
    public void AbsentDivisorIs255ForImagesElse1AndAbsentMetaIsEmpty(bool withImage, double divisor)
    {
        using var dir = new TempDirectory();
        string path = dir.File("distilled.npz"), edited = dir.File("edited.npz");
        SaveSet(path, MakeSet("identity", withInit: false, withImage));
        NpzEdit.Rewrite(path, edited, a =>
        {
            a.Remove("input_divisor");
            a.Remove("meta_json");
        });
        DistilledSet back = DistilledSetFile.Load(edited);
        Assert.Equal(divisor, back.Normalization.RawDivisor);
        Assert.Equal("{}", back.LoadedMetaJson);
    }

    public static TheoryData<string, string> RequiredKeys => new()
    {
        { "identity", "x_s" },
        { "identity", "y_s" },
        { "identity", "lambda_s" },
        { "identity", "input_mean" },
        { "identity", "input_std" },
        { "identity", "feature_kind" },
        { "fcnn", "fcnn_weight_0" },
        { "fcnn", "fcnn_negative_slope" },
        { "rff", "rff_a" },
        { "rff", "rff_b" },
        { "linear", "linear_weight_0" },
    };

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public void MissingRequiredKeyIsNamed(string kind, string key)
    {
        string message = LoadEdited(kind, a => Assert.True(a.Remove(key)));
        Assert.Contains($"required key '{key}' is missing", message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, int[], string> WrongShapes => new()
    {
        { "identity", "x_s", [M * D], "has shape (48,), expected (?, ?)" },
        { "identity", "y_s", [M + 1, K], $"has shape (5, 3), expected ({M}, ?)" },
        { "identity", "input_std", [D + 1], $"has shape (13,), expected ({D},)" },
        { "fcnn", "fcnn_weight_0", [8, D - 1], $"has shape (8, 11), expected (?, {D})" },
        { "fcnn", "fcnn_weight_1", [5, 7], "has shape (5, 7), expected (?, 8)" },
        { "rff", "rff_a", [10, D + 1], $"has shape (10, 13), expected (?, {D})" },
        { "rff", "rff_b", [11], "has shape (11,), expected (10,)" },
        { "identity", "lambda_s", [1], "has shape (1,), expected ()" },
        { "identity", "image_shape", [3, 1], "has shape (3, 1), expected (3,)" },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public void WrongShapeIsNamedWithTheExpectedShape(string kind, string key, int[] shape, string expected)
    {
        string message = LoadEdited(kind, a => a[key] = Filled(shape, 0.5), withImage: key == "image_shape");
        Assert.Contains($"key '{key}' {expected}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void NanInInputsIsRefusedWithItsIndex()
    {
        string message = LoadEdited("identity", a =>
        {
            double[] x = (double[])a["x_s"].ToDoubles().Clone();
            x[(2 * D) + 5] = double.NaN;
            a["x_s"] = NpyArray.FromDoubles(x, M, D);
        });
        Assert.Contains("key 'x_s' holds NaN at index [2, 5]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void InfinityInLabelsIsRefused()
    {
        string message = LoadEdited("identity", a =>
        {
            double[] y = (double[])a["y_s"].ToDoubles().Clone();
            y[1] = double.PositiveInfinity;
            a["y_s"] = NpyArray.FromDoubles(y, M, K);
        });
        Assert.Contains("key 'y_s' holds +Inf", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void LambdaBelowZeroOrNotFiniteIsRefused(double lambda)
    {
        string message = LoadEdited("identity", a => a["lambda_s"] = NpyArray.Scalar(lambda));
        Assert.Contains("key 'lambda_s'", message, StringComparison.Ordinal);
        Assert.Contains("≥ 0", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroStdIsRefused()
    {
        string message = LoadEdited("identity", a => a["input_std"] = NpyArray.FromDoubles(new double[D], D));
        Assert.Contains("key 'input_std' holds 0 at index [0]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageShapeThatDoesNotHoldDIsRefused()
    {
        string message = LoadEdited("identity", a => a["image_shape"] = NpyArray.FromInt64([1, 28, 28], 3), withImage: true);
        Assert.Contains("key 'image_shape'", message, StringComparison.Ordinal);
        Assert.Contains($"d = {D}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFeatureKindIsRefused()
    {
        string message = LoadEdited("identity", a => a["feature_kind"] = NpyArray.FromString("gaussian"));
        Assert.Contains("key 'feature_kind' is 'gaussian'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void XInitOfTheWrongShapeIsRefused()
    {
        string message = LoadEdited("identity", a => a["x_init"] = NpyArray.FromDoubles(new double[(M - 1) * D], M - 1, D), withInit: true);
        Assert.Contains("key 'x_init' has shape (3, 12), expected (4, 12)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetaJsonThatIsNotAnObjectIsRefused()
    {
        string message = LoadEdited("identity", a => a["meta_json"] = NpyArray.FromString("[1, 2"));
        Assert.Contains("key 'meta_json'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextWhereNumbersBelongIsRefused()
    {
        string message = LoadEdited("identity", a => a["y_s"] = NpyArray.FromString("one-hot"));
        Assert.Contains("key 'y_s' holds text", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileAndNonArchiveAreNamed()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("absent.npz");
        Assert.Contains(missing, Assert.Throws<DataFormatException>(() => DistilledSetFile.Load(missing)).Message, StringComparison.Ordinal);
        string text = dir.File("text.npz");
        File.WriteAllText(text, "not a zip");
        Assert.Contains(text, Assert.Throws<DataFormatException>(() => DistilledSetFile.Load(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveRefusesASetThatWouldNotLoadAndWritesNothing()
    {
        using var dir = new TempDirectory();
        DistilledSet good = MakeSet("identity", withInit: false, withImage: false);
        var nan = new Matrix(M, D, (double[])good.Inputs.Data.Clone());
        nan[0, 0] = double.NaN;
        Assert.Throws<ArgumentException>(() => SaveSet(dir.File("a.npz"), With(good, inputs: nan)));
        Assert.Throws<ArgumentException>(() => SaveSet(dir.File("b.npz"), With(good, lambda: -1)));
        Assert.Throws<ArgumentException>(() => SaveSet(dir.File("c.npz"), With(good, labels: new Matrix(M + 1, K))));
        Assert.Throws<ArgumentException>(() => SaveSet(dir.File("d.npz"), With(good, meta: "not json")));
        Assert.Empty(dir.Entries());
    }

    /// <summary>Saves a valid set of <paramref name="kind"/>, edits the file, loads it and returns the one-line message.</summary>
    private static string LoadEdited(string kind, Action<OrderedDictionary<string, NpyArray>> edit, bool withInit = false, bool withImage = false)
    {
        using var dir = new TempDirectory();
        string path = dir.File("distilled.npz"), edited = dir.File("edited.npz");
        SaveSet(path, MakeSet(kind, withInit, withImage));
        NpzEdit.Rewrite(path, edited, edit);
        var e = Assert.Throws<DataFormatException>(() => DistilledSetFile.Load(edited));
        Assert.StartsWith(edited + ": ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, process.ExitCode == 0 ? output : output + error.Result);
    }

    private static void AssertArray(NpzArchive npz, string key, string dtype, params int[] shape)
    {
        Assert.Equal(dtype, npz[key].DType);
        Assert.Equal(shape, npz[key].Shape);
    }

    private static NpyArray Filled(int[] shape, double value)
    {
        double[] values = new double[shape.Aggregate(1, (p, n) => p * n)];
        Array.Fill(values, value);
        return NpyArray.FromDoubles(values, shape);
    }

    private static DistilledSet MakeSet(string kind, bool withInit, bool withImage)
    {
        IFeatureMap map = kind switch
        {
            "identity" => new IdentityFeatureMap(D),
            "fcnn" => LeakyReluNetwork.CreateRandom(D, 8, depth: 2, negativeSlope: 0.1, seed: 3),
            "rff" => RandomFourierFeatures.CreateRandom(D, 10, sigma2: 4.0, seed: 4),
            "linear" => DeepLinearNetwork.CreateRandom(D, 15, depth: 2, seed: 5),
            _ => throw new ArgumentException(kind),
        };
        var random = new Random(9);
        double[] mean = Enumerable.Range(0, D).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] std = Enumerable.Range(0, D).Select(_ => 0.1 + random.NextDouble()).ToArray();
        return new DistilledSet
        {
            Inputs = RandomMatrices.Gaussian(M, D, 1),
            Labels = RandomMatrices.Gaussian(M, K, 2),
            LambdaS = 0.25,
            FeatureMap = map,
            Normalization = new InputNormalization(mean, std, withImage ? 255 : 1),
            ImageShape = withImage ? new ImageShape(3, 2, 2) : null,
            InitialInputs = withInit ? RandomMatrices.Gaussian(M, D, 6) : null,
            LoadedMetaJson = JsonSerializer.Serialize(new { dataset = "toy", ipc = 1, kind }),
        };
    }

    private static DistilledSet With(DistilledSet set, Matrix? inputs = null, Matrix? labels = null, double? lambda = null, string? meta = null) => new()
    {
        Inputs = inputs ?? set.Inputs,
        Labels = labels ?? set.Labels,
        LambdaS = lambda ?? set.LambdaS,
        FeatureMap = set.FeatureMap,
        Normalization = set.Normalization,
        ImageShape = set.ImageShape,
        InitialInputs = set.InitialInputs,
        LoadedMetaJson = meta ?? set.LoadedMetaJson,
    };

    private static void SaveSet(string path, DistilledSet set) => DistilledSetFile.Save(path, set, set.LoadedMetaJson);
}
