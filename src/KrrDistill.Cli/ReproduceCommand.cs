using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using KrrDistill.LinearAlgebra;
using KrrDistill.Reproduction;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill reproduce</c>: reruns the paper's Table 3 or Table 4 here and writes report.md, report.json and
/// PNG grids into --out-dir (the work is <see cref="ReproductionRunner"/>, the rendering <see cref="ReproductionReport"/>).
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var table = new Option<int>("--table") { Description = "3 (original vs distilled, Linear/FCNN/RFF) or 4 (closed form vs KIP, FCNN)", Required = true };
        var datasets = new Option<string>("--datasets") { Description = "Comma-separated: mnist, fashion-mnist, fashion-mnist-sample, cifar10, cifar100", DefaultValueFactory = _ => "mnist,fashion-mnist" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding the data set files (needed for CIFAR; else $KRRDISTILL_DATA and the standard places)" };
        var outDir = new Option<string>("--out-dir") { Description = "Directory for report.md, report.json and the PNG grids", DefaultValueFactory = _ => "reproduce" };
        var kipSteps = new Option<int>("--kip-steps") { Description = "Table 4: Adam steps per KIP run (the paper's 30000 is extrapolated from the measured s/step)", DefaultValueFactory = _ => new ReproductionOptions().KipSteps };
        var seeds = new Option<string>("--seeds") { Description = "Table 4: comma-separated seeds, one run each (the paper's 4 runs)", DefaultValueFactory = _ => "0,1,2,3" };
        var json = new Option<bool>("--json") { Description = "Print report.json on stdout (one JSON object) instead of report.md" };
        var command = new Command("reproduce", "Reproduce the paper's Table 3 or Table 4 on this machine, our numbers beside the paper's.");
        foreach (Option option in new Option[] { table, datasets, dataDir, outDir, kipSteps, seeds, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var options = new ReproductionOptions
            {
                Table = parse.GetValue(table),
                Datasets = ParseDatasets(parse.GetRequiredValue(datasets)),
                DataDirectory = parse.GetValue(dataDir),
                KipSteps = parse.GetValue(kipSteps),
                Seeds = ParseSeeds(parse.GetRequiredValue(seeds)),
            };
            return Execute(options, parse.GetRequiredValue(outDir), parse.GetValue(json), stdout, stderr);
        });
        return command;
    }

    private static int Execute(ReproductionOptions options, string outDir, bool json, TextWriter stdout, TextWriter stderr)
    {
        options.Validate();
        if (string.IsNullOrWhiteSpace(outDir) || File.Exists(Path.GetFullPath(outDir)))
        {
            throw new ArgumentException($"--out-dir '{outDir}' must name a directory (it may not exist yet), not a file.");
        }

        ILinearAlgebraBackend backend = LinearAlgebraBackends.Default;
        ReproductionResult result = ReproductionRunner.Run(options, backend, new LineProgress(stderr));
        IReadOnlyList<string> written = ReproductionReport.Save(result, outDir);
        if (json)
        {
            string text = File.ReadAllText(written[1]);
            stdout.WriteLine(JsonNode.Parse(text)!.ToJsonString(JsonOutput.Options));
        }
        else
        {
            stdout.Write(File.ReadAllText(written[0]));
            stdout.WriteLine($"written: {string.Join(", ", written)}");
        }

        return 0;
    }

    internal static IReadOnlyList<string> ParseDatasets(string text)
    {
        string[] names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new ArgumentException($"--datasets needs at least one data set, e.g. mnist,fashion-mnist (got '{text}').");
        }

        return names;
    }

    internal static IReadOnlyList<int> ParseSeeds(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var seeds = new List<int>(parts.Length);
        foreach (string part in parts)
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) || seed < 0)
            {
                throw new ArgumentException($"--seeds must be comma-separated non-negative integers such as 0,1,2,3 (got '{text}').");
            }

            seeds.Add(seed);
        }

        return seeds;
    }

    /// <summary>One stderr line per finished cell (and per data set loaded).</summary>
    private sealed class LineProgress(TextWriter stderr) : IProgress<ReproductionProgress>
    {
        public void Report(ReproductionProgress value) => stderr.WriteLine($"[{value.Done}/{value.Total}] {value.Message}");
    }
}
