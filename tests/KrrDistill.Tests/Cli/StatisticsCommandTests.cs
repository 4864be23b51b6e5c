using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// <c>stats --shard I/N</c>, <c>merge</c> and <c>fit</c>/<c>distill --stats</c>: shards add up exactly to the one-process
/// statistics and model, merging refuses what must not be added, and λ from statistics alone is the validation MSE minimum.
/// </summary>
public sealed class StatisticsCommandTests
{
    private static readonly string[] Sample = ["--dataset", "fashion-mnist-sample", "--seed", "2"];

    [Fact]
    public void ThreeShardsMerged_GiveTheOneProcessStatisticsModelAndDistilledSet()
    {
        using var dir = new TempDirectory();
        string[] shards = [.. Enumerable.Range(1, 3).Select(i => dir.File($"s{i}.npz"))];
        for (int i = 0; i < 3; i++)
        {
            Ok(CliRun.Of(["stats", .. Sample, "--shard", $"{i + 1}/3", "--out", shards[i]]));
        }

        Ok(CliRun.Of(["stats", .. Sample, "--out", dir.File("whole.npz")]));
        Ok(CliRun.Of(["merge", shards[2], shards[0], shards[1], "--out", dir.File("merged.npz")]));

        // The merge is numpy's key-by-key sum of the shards, and the statistics of the whole training set.
        NpzArchive merged = NpzReader.Read(dir.File("merged.npz")), whole = NpzReader.Read(dir.File("whole.npz"));
        NpzArchive[] parts = [.. shards.Select(NpzReader.Read)];
        foreach (string key in new[] { "gram", "features_labels", "count", "class_counts", "validation_gram", "validation_features_labels", "validation_count", "validation_class_counts" })
        {
            double[] sum = parts.Select(p => p[key].ToDoubles()).Aggregate((a, b) => [.. a.Zip(b, (x, y) => x + y)]);
            Assert.True(Norms.RelativeDifference(sum, merged[key].ToDoubles()) <= 1e-15, key);
            Assert.True(Norms.RelativeDifference(whole[key].ToDoubles(), merged[key].ToDoubles()) <= 1e-12, key);
        }

        JsonElement meta = JsonDocument.Parse(merged["meta_json"].AsString()).RootElement;
        Assert.Equal([1, 2, 3], meta.GetProperty("shards").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(meta.GetProperty("complete").GetBoolean());

        // fit and distill from the merged statistics (validation rows and test set from the data set) = one process.
        Ok(CliRun.Of(["fit", .. Sample, "--save-model", dir.File("one.npz")]));
        Ok(CliRun.Of(["fit", "--stats", dir.File("merged.npz"), "--dataset", "fashion-mnist-sample", "--save-model", dir.File("fromstats.npz")]));
        NpzArchive one = NpzReader.Read(dir.File("one.npz")), fromStats = NpzReader.Read(dir.File("fromstats.npz"));
        Assert.True(Norms.RelativeDifference(one["w"].ToDoubles(), fromStats["w"].ToDoubles()) <= 1e-12);
        Assert.Equal(one["lambda"].ToDoubles(), fromStats["lambda"].ToDoubles());

        Ok(CliRun.Of(["distill", .. Sample, "--ipc", "2", "--out", dir.File("d1.npz")]));
        Ok(CliRun.Of(["distill", "--stats", dir.File("merged.npz"), "--dataset", "fashion-mnist-sample", "--ipc", "2", "--out", dir.File("d2.npz")]));
        NpzArchive d1 = NpzReader.Read(dir.File("d1.npz")), d2 = NpzReader.Read(dir.File("d2.npz"));
        Assert.True(Norms.RelativeDifference(d1["x_s"].ToDoubles(), d2["x_s"].ToDoubles()) <= 1e-9);
        Assert.Equal(d1["y_s"].ToDoubles(), d2["y_s"].ToDoubles());
    }

    [Fact]
    public void SinglePrecisionShards_MergeAmongThemselves_NotWithDoubleOnes_AndTheFitSaysSo()
    {
        using var dir = new TempDirectory();
        Ok(CliRun.Of(["stats", .. Sample, "--precision", "single", "--shard", "1/2", "--out", dir.File("a.npz")]));
        Ok(CliRun.Of(["stats", .. Sample, "--precision", "single", "--shard", "2/2", "--out", dir.File("b.npz")]));
        Ok(CliRun.Of(["stats", .. Sample, "--shard", "2/2", "--out", dir.File("b64.npz")]));
        Assert.Equal("single", NpzReader.Read(dir.File("a.npz"))["precision"].AsString());
        Assert.Equal("double", NpzReader.Read(dir.File("b64.npz"))["precision"].AsString());
        CliRun.Of("merge", dir.File("a.npz"), dir.File("b64.npz"), "--out", dir.File("mixed.npz")).AssertBadInput("cannot be merged with statistics in");
        Assert.False(File.Exists(dir.File("mixed.npz")));
        Ok(CliRun.Of(["merge", dir.File("a.npz"), dir.File("b.npz"), "--out", dir.File("merged.npz")]));
        Assert.Equal("single", NpzReader.Read(dir.File("merged.npz"))["precision"].AsString());

        CliRun fit = CliRun.Of("fit", "--stats", dir.File("merged.npz"), "--dataset", "fashion-mnist-sample", "--json");
        Ok(fit);
        Assert.Equal("single", JsonDocument.Parse(fit.Stdout).RootElement.GetProperty("precision").GetString());
        CliRun.Of("fit", "--stats", dir.File("merged.npz"), "--precision", "single").AssertBadInput("--precision does not apply with --stats");
        CliRun.Of(["fit", .. Sample, "--precision", "half"]).AssertBadInput("--precision");
        CliRun.Of(["kip", .. Sample, "--precision", "single"]).AssertBadInput("--precision"); // kip makes no statistics

        // The one-process single-precision model is the merged shards' model.
        CliRun whole = CliRun.Of(["fit", .. Sample, "--precision", "single", "--json"]);
        Ok(whole);
        JsonElement a = JsonDocument.Parse(fit.Stdout).RootElement, b = JsonDocument.Parse(whole.Stdout).RootElement;
        Assert.Equal(b.GetProperty("lambda").GetDouble(), a.GetProperty("lambda").GetDouble());
        Assert.Equal(b.GetProperty("test_accuracy").GetDouble(), a.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public void StatisticsAlone_ChooseLambdaByTheExactValidationMeanSquaredError()
    {
        using var dir = new TempDirectory();
        Ok(CliRun.Of(["stats", .. Sample, "--out", dir.File("s.npz")]));
        JsonElement json = CliRun.Of("fit", "--stats", dir.File("s.npz"), "--save-model", dir.File("m.npz"), "--json").Json();
        Assert.Equal("validation mean squared error from statistics", json.GetProperty("lambda_selection").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("test_accuracy").ValueKind);
        double reported = json.GetProperty("validation_mse_curve").EnumerateArray().Min(e => e.GetProperty("mse").GetDouble());

        // The same quantity from the validation rows themselves, through the saved model.
        RidgeModel model = RidgeModel.Load(dir.File("m.npz"));
        Dataset train = DatasetCatalog.Load("fashion-mnist-sample", null).Train;
        var options = new KernelRidgeOptions { Seed = 2 };
        int[] validation = [.. TrainingSplit.Of(train, options).Validation.Rows];
        var inputs = new Matrix(validation.Length, train.Dimension);
        train.CopyInputs(validation, inputs.Data);
        Matrix scores = model.Scores(inputs);
        double squared = 0;
        for (int r = 0; r < validation.Length; r++)
        {
            for (int c = 0; c < model.Classes; c++)
            {
                double target = train.Labels[validation[r]] == c ? 1 : 0;
                squared += (scores[r, c] - target) * (scores[r, c] - target);
            }
        }

        Assert.Equal(squared / validation.Length, reported, 1e-9);
    }

    [Theory]
    [InlineData("twice", "shard 1 of 3 is in both")]
    [InlineData("seed", "different seeds")]
    [InlineData("features", "different feature maps")]
    [InlineData("shards", "different shard counts")]
    [InlineData("source", "different sources")]
    public void Merge_RefusesWhatMustNotBeAdded_ByName(string kind, string expected)
    {
        using var dir = new TempDirectory();
        OutputSafetyTests.WriteDataSet(dir.File("other.npz"));
        Ok(CliRun.Of(["stats", .. Sample, "--shard", "1/3", "--out", dir.File("a.npz")]));
        string[] second = kind switch
        {
            "twice" => [.. Sample, "--shard", "1/3"],
            "seed" => ["--dataset", "fashion-mnist-sample", "--seed", "3", "--shard", "2/3"],
            "features" => [.. Sample, "--features", "identity", "--shard", "2/3"],
            "shards" => [.. Sample, "--shard", "2/4"],
            _ => ["--dataset", dir.File("other.npz"), "--seed", "2", "--shard", "2/3"],
        };
        Ok(CliRun.Of(["stats", .. second, "--out", dir.File("b.npz")]));
        CliRun merge = CliRun.Of("merge", dir.File("a.npz"), dir.File("b.npz"), "--out", dir.File("m.npz"));
        merge.AssertBadInput(expected);
        Assert.False(File.Exists(dir.File("m.npz")));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("3")]
    public void ABadShard_IsRefused(string shard)
        => CliRun.Of(["stats", .. Sample, "--shard", shard, "--out", Path.Combine(Path.GetTempPath(), "never.npz")]).AssertBadInput($"--shard '{shard}' must be I/N with 1 ≤ I ≤ N");

    [Fact]
    public void StatisticsThatDoNotFit_AreRefusedByName()
    {
        using var dir = new TempDirectory();
        Ok(CliRun.Of(["stats", .. Sample, "--shard", "1/2", "--out", dir.File("half.npz")]));
        Ok(CliRun.Of(["stats", .. Sample, "--out", dir.File("s.npz")]));
        CliRun.Of("fit", "--stats", dir.File("half.npz")).AssertBadInput("covers shards 1 of 2; merge every shard first");
        CliRun.Of("fit", "--stats", dir.File("s.npz"), "--width", "100").AssertBadInput("--width does not apply with --stats");
        CliRun.Of("fit", "--stats", dir.File("s.npz"), "--seed", "4").AssertBadInput("--seed 4 differs from the seed 2");
        OutputSafetyTests.WriteDataSet(dir.File("other.npz"));
        CliRun.Of("fit", "--stats", dir.File("s.npz"), "--dataset", dir.File("other.npz")).AssertBadInput("is not the source of --stats");
        CliRun.Of("distill", "--stats", dir.File("s.npz"), "--ipc", "1").AssertBadInput("--stats needs --dataset as well for distill");
        CliRun.Of("fit", "--stats", dir.File("s.npz"), "--save-model", dir.File("s.npz")).AssertBadInput("is an input of this command");
        CliRun.Of("fit").AssertBadInput("--dataset is required");
    }

    [Theory]
    [InlineData("\"shards\":[1]", "\"shards\":[\"1\"]")]
    [InlineData("\"shards\":[1]", "\"shards\":[[1]]")]
    [InlineData("\"seed\":2", "\"seed\":\"two\"")]
    [InlineData("\"seed\":2", "\"seed\":\"2\"")]
    [InlineData("\"validation_fraction\":0.05", "\"validation_fraction\":true")]
    [InlineData("\"format\":", "\"format\":null,\"format2\":")]
    public void EditedMetadata_IsRefusedAsBadInput(string from, string to)
    {
        using var dir = new TempDirectory();
        Ok(CliRun.Of(["stats", .. Sample, "--out", dir.File("s.npz")]));
        NpzEdit.Rewrite(dir.File("s.npz"), dir.File("edited.npz"), arrays =>
        {
            string meta = arrays["meta_json"].AsString();
            Assert.Contains(from, meta, StringComparison.Ordinal);
            arrays["meta_json"] = NpyArray.FromString(meta.Replace(from, to, StringComparison.Ordinal));
        });
        CliRun run = CliRun.Of("fit", "--stats", dir.File("edited.npz"));
        run.AssertBadInput("edited.npz: meta_json");
        Assert.DoesNotMatch(@"System\.|Int32|Double|element of type", run.Stderr); // JSON's words, not .NET's
    }

    [Fact]
    public void ShardsOfTheSameSamples_Merge_HoweverTheSourceWasNamed_ButNotOfOtherSamples()
    {
        using var dir = new TempDirectory();
        string data = dir.File("data");
        Directory.CreateDirectory(data);
        var random = new Random(1);
        NpyArray X(int n) => NpyArray.FromBytes([.. Enumerable.Range(0, n * 16).Select(_ => (byte)random.Next(256))], n, 16);
        NpyArray Y(int n) => NpyArray.FromInt64([.. Enumerable.Range(0, n).Select(i => (long)(i % 3))], n);
        NpyWriter.Write(Path.Combine(data, "x_train.npy"), X(300));
        NpyWriter.Write(Path.Combine(data, "y_train.npy"), Y(300));
        NpyWriter.Write(Path.Combine(data, "x_test.npy"), X(30));
        NpyWriter.Write(Path.Combine(data, "y_test.npy"), Y(30));
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, data);
        Ok(CliRun.Of("stats", "--dataset", relative, "--shard", "1/2", "--out", dir.File("a.npz")));
        Ok(CliRun.Of("stats", "--dataset", data + "/", "--shard", "2/2", "--out", dir.File("b.npz")));
        Ok(CliRun.Of("merge", dir.File("a.npz"), dir.File("b.npz"), "--out", dir.File("m.npz")));
        Ok(CliRun.Of("fit", "--stats", dir.File("m.npz"), "--dataset", Path.Combine(data, ".", ".")));

        // A copy elsewhere is the same source; a copy with one byte changed is not.
        string copy = dir.File("copy");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(data))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        Ok(CliRun.Of("fit", "--stats", dir.File("m.npz"), "--dataset", copy));
        string changed = dir.File("changed");
        Directory.CreateDirectory(changed);
        foreach (string file in Directory.GetFiles(data))
        {
            File.Copy(file, Path.Combine(changed, Path.GetFileName(file)));
        }

        using (FileStream x = File.Open(Path.Combine(changed, "x_train.npy"), FileMode.Open, FileAccess.ReadWrite))
        {
            x.Position = x.Length - 1;
            int last = x.ReadByte();
            x.Position = x.Length - 1;
            x.WriteByte((byte)~last); // the last pixel of the last sample, in shard 2
        }

        Ok(CliRun.Of("stats", "--dataset", changed, "--shard", "2/2", "--out", dir.File("c.npz")));
        CliRun.Of("merge", dir.File("a.npz"), dir.File("c.npz"), "--out", dir.File("n.npz")).AssertBadInput("different sources (their content differs)");
        CliRun.Of("fit", "--stats", dir.File("m.npz"), "--dataset", changed).AssertBadInput("(the samples differ: fingerprint ");
    }

    [Fact]
    public void StatisticsOfAnotherValidationFraction_FitAlone_ButNotAgainstTheDataSetsSplit()
    {
        using var dir = new TempDirectory();
        Ok(CliRun.Of(["stats", .. Sample, "--out", dir.File("s.npz")]));
        NpzEdit.Rewrite(dir.File("s.npz"), dir.File("zero.npz"), arrays =>
        {
            string meta = arrays["meta_json"].AsString();
            Assert.Contains("\"validation_fraction\":0.05", meta, StringComparison.Ordinal);
            arrays["meta_json"] = NpyArray.FromString(meta.Replace("\"validation_fraction\":0.05", "\"validation_fraction\":0", StringComparison.Ordinal));
        });
        Ok(CliRun.Of("fit", "--stats", dir.File("zero.npz"), "--lambda", "0.01", "--save-model", dir.File("m.npz")));
        CliRun.Of("fit", "--stats", dir.File("zero.npz"), "--dataset", "fashion-mnist-sample").AssertBadInput("was computed with a validation fraction of 0, not 0.05");
    }

    private static void Ok(CliRun run) => Assert.True(run.ExitCode == 0, run.Stderr);
}
