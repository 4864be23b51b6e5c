using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

public class FitCommandTests
{
    [Fact]
    public void FitOnTheBundledSampleReportsAccuracyLambdaTimingsAndMemory()
    {
        JsonElement json = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "fcnn", "--json").Json();
        Assert.Equal(2850, json.GetProperty("n_train").GetInt32());
        Assert.Equal(150, json.GetProperty("n_validation").GetInt32());
        Assert.Equal(1000, json.GetProperty("n_test").GetInt32());
        Assert.InRange(json.GetProperty("test_accuracy").GetDouble(), 0.75, 1.0);
        double lambda = json.GetProperty("lambda").GetDouble();
        Assert.Contains(json.GetProperty("validation_curve").EnumerateArray(), c => c.GetProperty("lambda").GetDouble() == lambda);
        Assert.Equal(24, json.GetProperty("validation_curve").GetArrayLength());
        Assert.Equal("tridiagonal", json.GetProperty("lambda_path").GetString());
        Assert.Equal(JsonValueKind.Number, json.GetProperty("rank").ValueKind);
        Assert.True(json.GetProperty("timings_seconds").EnumerateObject().Any());
        Assert.True(json.GetProperty("peak_memory_mb").GetDouble() > 0);
    }

    [Fact]
    public void TableOutputNamesTheAccuracies()
    {
        CliRun run = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "identity");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("test accuracy", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("validation accuracy", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedLambdaIsUsedAndReported()
    {
        JsonElement json = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--lambda", "10", "--json").Json();
        Assert.Equal(10.0, json.GetProperty("lambda").GetDouble());
        Assert.False(json.GetProperty("lambda_chosen").GetBoolean());
        Assert.Equal("cholesky", json.GetProperty("lambda_path").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("rank").ValueKind);
    }

    [Fact]
    public void SavedModelHoldsEveryKeyAndReproducesTheReportedAccuracy()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.npz");
        JsonElement json = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "rff", "--width", "500", "--save-model", path, "--json").Json();
        NpzArchive npz = NpzReader.Read(path);
        Assert.Equal([10, 500], npz.Get("w").Shape);
        Assert.Equal("rff", npz.GetString("feature_kind"));
        Assert.Equal([500, 784], npz.Get("rff_a").Shape);
        Assert.Equal([500], npz.Get("rff_b").Shape);
        Assert.Equal([784], npz.Get("input_mean").Shape);
        Assert.Equal([784], npz.Get("input_std").Shape);
        Assert.Equal(255.0, npz.Get("input_divisor").ToDoubles()[0]);
        Assert.Equal([1L, 28L, 28L], (long[])npz.Get("image_shape").Data);
        Assert.Equal(json.GetProperty("lambda").GetDouble(), npz.Get("lambda").ToDoubles()[0]);
        JsonElement meta = JsonDocument.Parse(npz.GetString("meta_json")).RootElement;
        Assert.Equal(json.GetProperty("validation_accuracy").GetDouble(), meta.GetProperty("validation_accuracy").GetDouble());

        // Evaluate the artefact from its arrays alone, as numpy would: dense inputs, φ, argmax of W φ(x).
        DatasetPair data = DatasetCatalog.Load("fashion-mnist-sample", null);
        double[] a = npz.Get("rff_a").ToDoubles(), b = npz.Get("rff_b").ToDoubles(), w = npz.Get("w").ToDoubles();
        double[] mean = npz.Get("input_mean").ToDoubles(), std = npz.Get("input_std").ToDoubles();
        byte[] pixels = data.Test.RawBytes!;
        int correct = 0;
        var x = new double[784];
        var phi = new double[500];
        for (int i = 0; i < data.Test.Count; i++)
        {
            for (int j = 0; j < 784; j++)
            {
                x[j] = ((pixels[(i * 784) + j] / 255.0) - mean[j]) / std[j];
            }

            for (int f = 0; f < 500; f++)
            {
                double z = 0;
                for (int j = 0; j < 784; j++)
                {
                    z += a[(f * 784) + j] * x[j];
                }

                phi[f] = Math.Sqrt(2.0 / 500) * Math.Cos(z + b[f]);
            }

            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int c = 0; c < 10; c++)
            {
                double score = 0;
                for (int f = 0; f < 500; f++)
                {
                    score += w[(c * 500) + f] * phi[f];
                }

                if (score > bestScore)
                {
                    bestScore = score;
                    best = c;
                }
            }

            correct += best == data.Test.Labels[i] ? 1 : 0;
        }

        Assert.Equal(json.GetProperty("test_accuracy").GetDouble(), (double)correct / data.Test.Count);
    }

    [Fact]
    public void InfoListsTheBackendAndDataSets()
    {
        JsonElement json = CliRun.Of("info", "--json").Json();
        Assert.Contains(json.GetProperty("backend").GetString(), new[] { "openblas", "managed" });
        Assert.Contains(json.GetProperty("datasets").EnumerateArray(), d => d.GetProperty("name").GetString() == "fashion-mnist-sample" && d.GetProperty("found").GetBoolean());
    }
}
