using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// <c>krr-distill evaluate</c> on a distilled set written by numpy alone, and its bad-input paths.
/// </summary>
/// <remarks>
/// <para>The fixture <c>Fixtures/numpy_identity_distilled.npz</c> was made once with numpy 1.24
/// (<c>/usr/bin/python3</c>) by a throwaway script, reproduced here:</para>
/// <code>
/// import gzip, json, numpy as np
/// S = "samples/fashion-mnist/"
/// def idx(name, offset):
///     with gzip.open(S + name, "rb") as f:
///         return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
/// xtr = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784); ytr = idx("train-labels-idx1-ubyte.gz", 8)
/// xte = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784);  yte = idx("t10k-labels-idx1-ubyte.gz", 8)
/// mean = np.full(784, 0.2860); std = np.full(784, 0.3530)
/// norm = lambda x: (x / 255.0 - mean) / std
/// rows = [int(np.flatnonzero(ytr == c)[0]) for c in range(10)]     # first training image of each class
/// x_s = norm(xtr[rows].astype(np.float64)); y_s = np.eye(10)[ytr[rows]]; lam = 1.0
/// meta = json.dumps({"dataset": "fashion-mnist-sample", "made_by": "numpy by hand", "rows": rows, "lambda": lam})
/// np.savez("numpy_identity_distilled.npz", x_s=x_s, y_s=y_s, lambda_s=np.array(lam), input_mean=mean,
///          input_std=std, image_shape=np.array([1, 28, 28], dtype=np.int64),
///          feature_kind=np.array("identity"), meta_json=np.array(meta))   # no input_divisor: 255 is implied
/// # The expected accuracy, by the dual solve W_S = Y_sᵀ (K + λI)⁻¹ X_s with K = X_s X_sᵀ:
/// K = x_s @ x_s.T
/// W = np.linalg.solve(K + lam * np.eye(10), y_s).T @ x_s
/// pred = np.argmax(norm(xte.astype(np.float64)) @ W.T, axis=1)
/// print((pred == yte).sum())    # 478 of the 1000 sample test images; smallest top-2 score gap 4.4e-4
/// </code>
/// </remarks>
public class EvaluateCommandTests
{
    /// <summary>numpy's accuracy for the fixture (see the remarks): 478 / 1000.</summary>
    private const double NumpyAccuracy = 0.478;

    [Fact]
    public void NumpyWrittenArtefactGivesNumpysAccuracy()
    {
        JsonElement json = CliRun.Of("evaluate", "--distilled", TestFixtures.NumpyIdentityDistilled, "--dataset", "fashion-mnist-sample", "--json").Json();
        Assert.Equal(NumpyAccuracy, json.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(1000, json.GetProperty("n_test").GetInt32());
        Assert.Equal(10, json.GetProperty("m").GetInt32());
        Assert.Equal(10, json.GetProperty("k").GetInt32());
        Assert.Equal(784, json.GetProperty("d").GetInt32());
        Assert.Equal(1.0, json.GetProperty("lambda_s").GetDouble());
        Assert.Equal("identity", json.GetProperty("feature_kind").GetString());
        Assert.Equal("same", json.GetProperty("normalization").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("original_test_accuracy").ValueKind);
        Assert.Equal("numpy by hand", json.GetProperty("meta").GetProperty("made_by").GetString());
    }

    [Fact]
    public void TableShowsTheRetrainedAccuracy()
    {
        CliRun run = CliRun.Of("evaluate", "--distilled", TestFixtures.NumpyIdentityDistilled, "--dataset", "fashion-mnist-sample");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("test accuracy", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("47.80 %", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void OurOwnCopyOfTheArtefactGivesTheSameAccuracyAndShowsTheRecordedOnes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("distilled.npz");
        DistilledSet set = DistilledSetFile.Load(TestFixtures.NumpyIdentityDistilled);
        DistilledSetFile.Save(path, new DistilledSet
        {
            Inputs = set.Inputs,
            Labels = set.Labels,
            LambdaS = set.LambdaS,
            FeatureMap = set.FeatureMap,
            Normalization = set.Normalization,
            ImageShape = set.ImageShape,
        }, """{"original_test_accuracy": 0.8125, "test_accuracy": 0.4775}""");

        JsonElement json = CliRun.Of("evaluate", "--distilled", path, "--dataset", "fashion-mnist-sample", "--json").Json();
        Assert.Equal(NumpyAccuracy, json.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(0.8125, json.GetProperty("original_test_accuracy").GetDouble());
        Assert.Equal(0.4775, json.GetProperty("recorded_test_accuracy").GetDouble());

        CliRun table = CliRun.Of("evaluate", "--distilled", path, "--dataset", "fashion-mnist-sample");
        Assert.Contains("81.25 %", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("47.75 %", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PixelsOfADataSetNormalizedOtherwiseAreRenormalizedTheArtefactsWay()
    {
        // The same 1000 test images as an .npz data set, whose default normalization is pixel/255 (mean 0, std 1):
        // the artefact's (pixel/255 − 0.2860)/0.3530 is applied instead, so the accuracy is numpy's.
        using var dir = new TempDirectory();
        string path = dir.File("fashion.npz");
        Dataset test = DatasetCatalog.Load("fashion-mnist-sample", null).Test;
        WriteNpzDataSet(path, NpyArray.FromBytes(test.RawBytes!, test.Count, 28, 28), test.Labels);
        JsonElement json = CliRun.Of("evaluate", "--distilled", TestFixtures.NumpyIdentityDistilled, "--dataset", path, "--json").Json();
        Assert.Equal("artefact", json.GetProperty("normalization").GetString());
        Assert.Equal(NumpyAccuracy, json.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public void RealValuedDataNormalizedOtherwiseAreUsedAsGivenWithAWarning()
    {
        using var dir = new TempDirectory();
        string path = dir.File("values.npz");
        WriteNpzDataSet(path, NpyArray.FromDoubles(new double[2 * 784], 2, 784), [0, 1]);
        CliRun run = CliRun.Of("evaluate", "--distilled", TestFixtures.NumpyIdentityDistilled, "--dataset", path, "--json");
        Assert.Equal("dataset", run.Json().GetProperty("normalization").GetString());
        Assert.Contains("warning:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DataSetWithMoreClassesThanTheLabelsIsRefused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("twelve.npz");
        WriteNpzDataSet(path, NpyArray.FromDoubles(new double[2 * 784], 2, 784), [0, 11]);
        CliRun.Of("evaluate", "--distilled", TestFixtures.NumpyIdentityDistilled, "--dataset", path).AssertBadInput("y_s has k = 10 columns but data set");
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("absent.npz");
        CliRun.Of("evaluate", "--distilled", path, "--dataset", "fashion-mnist-sample").AssertBadInput($"{path}: no such file");
    }

    [Fact]
    public void MissingKeyIsNamed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("broken.npz");
        NpzEdit.Rewrite(TestFixtures.NumpyIdentityDistilled, path, a => a.Remove("y_s"));
        CliRun.Of("evaluate", "--distilled", path, "--dataset", "fashion-mnist-sample").AssertBadInput("required key 'y_s' is missing");
    }

    [Fact]
    public void MisshapedKeyIsNamed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("broken.npz");
        NpzEdit.Rewrite(TestFixtures.NumpyIdentityDistilled, path, a => a["input_mean"] = NpyArray.FromDoubles(new double[783], 783));
        CliRun.Of("evaluate", "--distilled", path, "--dataset", "fashion-mnist-sample").AssertBadInput("key 'input_mean' has shape (783,), expected (784,)");
    }

    [Fact]
    public void DimensionMismatchWithTheDataSetNamesBoth()
    {
        using var dir = new TempDirectory();
        string train = dir.File("toy.train.csv");
        File.WriteAllText(train, "0,1.0,2.0,3.0\n1,0.5,0.5,0.5\n");
        File.WriteAllText(dir.File("toy.test.csv"), "0,1.0,2.0,3.0\n1,3.0,1.0,0.0\n");
        CliRun run = CliRun.Of("evaluate", "--distilled", TestFixtures.NumpyIdentityDistilled, "--dataset", train);
        run.AssertBadInput("d = 784");
        Assert.Contains(TestFixtures.NumpyIdentityDistilled, run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"'{train}' has 3", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredOptionIsBadUsage()
        => CliRun.Of("evaluate", "--dataset", "fashion-mnist-sample").AssertBadInput("--distilled");

    /// <summary>Writes an .npz data set whose train and test splits are both <paramref name="x"/>.</summary>
    private static void WriteNpzDataSet(string path, NpyArray x, int[] labels)
    {
        NpyArray y = NpyArray.FromInt64(labels.Select(l => (long)l).ToArray(), labels.Length);
        NpzWriter.Write(path, new Dictionary<string, NpyArray> { ["x_train"] = x, ["y_train"] = y, ["x_test"] = x, ["y_test"] = y });
    }
}
