using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distributed;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill stats</c>: the sufficient statistics of one shard (<c>--shard I/N</c>: the I-th of N contiguous row
/// blocks of the seeded training split, and the I-th block of its validation split) written as <c>stats.npz</c>, for
/// array jobs whose outputs <c>merge</c> adds up and <c>fit</c>/<c>distill --stats</c> fit from.
/// </summary>
internal static class StatsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = new ModelOptions(withZca: true, withPrecision: true, withLambda: false);
        var shard = new Option<string>("--shard") { Description = "I/N: the I-th (1…N) of N contiguous blocks of the training split", DefaultValueFactory = _ => "1/1" };
        var output = new Option<string>("--out") { Description = "Statistics (.npz)", DefaultValueFactory = _ => "stats.npz" };
        var command = new Command("stats", "Accumulate the sufficient statistics (ΦᵀΦ, ΦᵀY, counts) of one shard of the training set into stats.npz.");
        model.AddTo(command);
        command.Options.Add(shard);
        command.Options.Add(output);
        command.SetAction(parse => Execute(model.Read(parse, null), ParseShard(parse.GetRequiredValue(shard)), parse.GetRequiredValue(output), stdout, stderr));
        return command;
    }

    /// <summary>"I/N" with 1 ≤ I ≤ N.</summary>
    internal static (int Index, int Count) ParseShard(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return (index, count);
        }

        throw new InputException($"--shard '{text}' must be I/N with 1 ≤ I ≤ N, e.g. 3/16.");
    }

    private static int Execute(FitSettings s, (int Index, int Count) shard, string output, TextWriter stdout, TextWriter stderr)
    {
        s.RidgeOptions.Validate();
        OutputPath.CheckAll([(output, "--out")], s.InputFiles(), stderr);
        var total = Stopwatch.StartNew();
        var timer = new PhaseTimer();
        StatisticsArtefact artefact = ProgressDisplay.Run(stderr, progress =>
        {
            (DatasetPair data, IFeatureMap map) = s.LoadDataAndFeatures(progress, timer);
            Dataset train = data.Train;
            KernelRidgeOptions options = s.RidgeOptions;
            TrainingSplit split = TrainingSplit.Of(train, options);
            if (shard.Count > split.Train.Count)
            {
                throw new InputException($"--shard {shard.Index}/{shard.Count}: the training split of {train.Name} has only {split.Train.Count} rows, fewer than {shard.Count} shards.");
            }

            map = s.Whiten(map, split, progress, timer); // from the whole training split (or --zca-from): the same for every shard
            TrainingRows Block(TrainingRows rows)
            {
                (int start, int length) = MpiWorld.BlockOf(rows.Count, shard.Index - 1, shard.Count);
                return rows.Block(start, length);
            }

            var ridge = new KernelRidge(map, options);
            SufficientStatistics trainStatistics = ridge.Accumulate(Block(split.Train), progress);
            SufficientStatistics validationStatistics = ridge.Accumulate(Block(split.Validation));
            timer.Lap("features + Gram (shard)");
            return new StatisticsArtefact(trainStatistics, validationStatistics, map, train.Normalization, train.ImageShape,
                train.SourceName, s.Seed, options.ValidationFraction, shard.Count, [shard.Index])
            {
                SourceFingerprint = train.Fingerprint,
            };
        });
        artefact.Save(output);
        timer.Lap("save");
        Print(stdout, s.Json, "stats", output, artefact, timer.Phases, total.Elapsed.TotalSeconds);
        if (!s.Json)
        {
            string data = $"--dataset {NextStep.Quote(s.Dataset)}{NextStep.Option("--data-dir", s.DataDirectory)}";
            if (shard.Count == 1)
            {
                NextStep.Write(stdout, "fit from these statistics", $"krr-distill fit --stats {NextStep.Quote(output)} {data}");
            }
            else
            {
                NextStep.Write(stdout, FormattableString.Invariant($"once all {shard.Count} shards are summed, add their files"), $"krr-distill merge {NextStep.Quote(output)} … --out {NextStep.MergedName(output)}");
            }
        }

        return 0;
    }

    /// <summary>What <c>stats</c> and <c>merge</c> print: one JSON object, or a table.</summary>
    internal static void Print(TextWriter stdout, bool json, string command, string output, StatisticsArtefact a,
        IReadOnlyList<(string Phase, double Seconds)> timings, double seconds)
    {
        double peak = ProcessMemory.PeakMegabytes();
        if (json)
        {
            var o = new JsonObject
            {
                ["command"] = command,
                ["out"] = output,
                ["source"] = a.Source,
                ["seed"] = a.Seed,
                ["features"] = a.FeatureMap.Kind.ArtefactName(),
                ["width"] = a.FeatureMap.OutputDimension,
                ["classes"] = a.Train.Classes,
                ["shard_count"] = a.ShardCount,
                ["shards"] = new JsonArray([.. a.Shards.Select(i => (JsonNode?)i)]),
                ["complete"] = a.Complete,
                ["count"] = a.Train.Count,
                ["validation_count"] = a.Validation.Count,
                ["timings_seconds"] = new JsonObject(timings.Select(t => KeyValuePair.Create(t.Phase, (JsonNode?)Math.Round(t.Seconds, 4)))),
                ["total_seconds"] = Math.Round(seconds, 4),
                ["peak_memory_mb"] = Math.Round(peak, 1),
            };
            stdout.WriteLine(JsonText.Of(o));
            return;
        }

        var table = new SummaryTable($"krr-distill {command}");
        table.Row("source", $"{a.Source}, seed {a.Seed}, {a.Train.Classes} classes");
        table.Row("features", $"{a.FeatureMap.Kind.ArtefactName()}, p = {a.FeatureMap.OutputDimension}");
        table.Row("shards", $"{a.ShardText}{(a.Complete ? " (complete)" : "")}");
        table.Row("samples", $"{a.Train.Count} train, {a.Validation.Count} validation");
        table.TimingRows(timings, seconds);
        table.Row("peak memory", $"{peak:F0} MB");
        table.Row("statistics", output);
        table.Write(stdout);
    }
}
