using System.CommandLine;
using System.Diagnostics;
using KrrDistill.Diagnostics;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill merge</c>: adds the <c>stats.npz</c> of disjoint shards into one, refusing by name statistics of other
/// sources, seeds, feature maps, normalizations or class counts, and a shard counted twice.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("statistics") { Description = "The stats.npz files to add (two or more, or one to check)", Arity = ArgumentArity.OneOrMore }.InputPathList();
        var output = new Option<string>("--out") { Description = "The merged statistics (.npz)", DefaultValueFactory = _ => "stats.npz" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the table" };
        var command = new Command("merge", "Add the statistics of disjoint shards (stats.npz files) into one.");
        command.Arguments.Add(inputs);
        command.Options.Add(output);
        command.Options.Add(json);
        command.SetAction(parse => Execute(parse.GetRequiredValue(inputs), parse.GetRequiredValue(output), parse.GetValue(json), stdout, stderr));
        return command;
    }

    private static int Execute(string[] inputs, string output, bool json, TextWriter stdout, TextWriter stderr)
    {
        OutputPath.CheckAll([(output, "--out")], [.. inputs.Select(Path.GetFullPath)], stderr);
        var total = Stopwatch.StartNew();
        var timer = new PhaseTimer();
        StatisticsArtefact merged = StatisticsArtefact.Load(inputs[0]);
        string mergedName = inputs[0];
        foreach (string input in inputs.Skip(1))
        {
            merged = merged.Merge(StatisticsArtefact.Load(input), mergedName, input);
            mergedName = $"the merge of {inputs[0]}…{Path.GetFileName(input)}";
        }

        timer.Lap($"load and add {inputs.Length} files");
        merged.Save(output);
        timer.Lap("save");
        StatsCommand.Print(stdout, json, "merge", output, merged, timer.Phases, total.Elapsed.TotalSeconds);
        if (!json)
        {
            int missing = merged.ShardCount - merged.Shards.Count;
            if (missing > 0)
            {
                NextStep.Write(stdout, FormattableString.Invariant($"add the {missing} shards still missing"), $"krr-distill merge {NextStep.Quote(output)} … --out {NextStep.MergedName(output)}");
            }
            else
            {
                NextStep.Write(stdout, "fit from the merged statistics", $"krr-distill fit --stats {NextStep.Quote(output)} --dataset {NextStep.Quote(merged.Source)}");
            }
        }

        return 0;
    }
}
