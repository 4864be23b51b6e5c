using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using KrrDistill.Reproduction;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill reproduce</c>: reruns the paper's Table 3 or Table 4 here and writes report.md, report.json and
/// PNG grids into --out-dir (the work is <see cref="ReproductionRunner"/>, the rendering <see cref="ReproductionReport"/>);
/// with --privacy, the accuracy-vs-ε curve of the private modes instead (<see cref="PrivacyCurveRunner"/>,
/// <see cref="PrivacyCurveReport"/>).
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var curve = new PrivacyCurveOptions();
        var table = new Option<int?>("--table") { Description = "3 (original vs distilled, Linear/FCNN/RFF) or 4 (closed form vs KIP, FCNN); give exactly one of --table and --privacy" }.Strict();
        var privacy = new Option<bool>("--privacy") { Description = "Instead of a paper table: test accuracy of the privately distilled set vs ε (dp with feature and input clipping, row-dp at ε < 1, the non-private fit), written as report.md, report.json and privacy-curve.png (docs/privacy.md)" };
        var datasets = new Option<string?>("--datasets") { Description = "Comma-separated: mnist, fashion-mnist, fashion-mnist-sample, cifar10, cifar100 (default: mnist,fashion-mnist for --table; one data set for --privacy, default mnist)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding the data set files (needed for CIFAR; else $KRRDISTILL_DATA and the standard places)" }.InputPath(InputPaths.EmptyDirectory);
        var outDir = new Option<string>("--out-dir") { Description = "Directory for report.md, report.json and the PNG grids or plot", DefaultValueFactory = _ => "reproduce" };
        var kipSteps = new Option<int>("--kip-steps") { Description = "Table 4: Adam steps per KIP run (the paper's 30000 is extrapolated from the measured s/step)", DefaultValueFactory = _ => new ReproductionOptions().KipSteps }.Strict();
        var seeds = new Option<string>("--seeds") { Description = "Table 4: comma-separated seeds, one run each (the paper's 4 runs)", DefaultValueFactory = _ => "0,1,2,3" };
        var features = new Option<string>("--features") { Description = "--privacy: comma-separated feature maps (identity, fcnn, rff, linear; p = d)", DefaultValueFactory = _ => string.Join(",", curve.Features) };
        var epsilons = new Option<string>("--epsilons") { Description = "--privacy: comma-separated privacy budgets ε > 0 (row-dp runs at those < 1)", DefaultValueFactory = _ => string.Join(",", curve.Epsilons.Select(e => e.ToString(CultureInfo.InvariantCulture))) };
        var delta = new Option<double>("--delta") { Description = "--privacy: δ in (0, 1)", DefaultValueFactory = _ => curve.Delta }.Strict();
        var ipc = new Option<int>("--ipc") { Description = "--privacy: distilled images per class", DefaultValueFactory = _ => curve.ImagesPerClass }.Strict();
        var seed = new Option<int>("--seed") { Description = "--privacy: model seed (random feature weights, train/validation split as fit --seed, Algorithm 1's noise init)", DefaultValueFactory = _ => curve.Seed }.Strict();
        var noiseSeeds = new Option<string>("--noise-seeds") { Description = "--privacy: comma-separated seeds of the privacy noise, one release each (seeded only to make the experiment reproducible; a real release uses the OS generator)", DefaultValueFactory = _ => string.Join(",", curve.NoiseSeeds) };
        var json = new Option<bool>("--json") { Description = "Print report.json on stdout (one JSON object) instead of report.md" };
        var command = new Command("reproduce", "Reproduce the paper's Table 3 or Table 4 on this machine, our numbers beside the paper's; or, with --privacy, the accuracy of privately distilled sets vs ε.");
        Option[] tableOnly = [kipSteps, seeds];
        Option[] privacyOnly = [features, epsilons, delta, ipc, seed, noiseSeeds];
        foreach (Option option in new Option[] { table, privacy, datasets, dataDir, outDir, kipSteps, seeds, features, epsilons, delta, ipc, seed, noiseSeeds, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            bool isPrivacy = parse.GetValue(privacy);
            int? tableNumber = parse.GetValue(table);
            if (isPrivacy == tableNumber.HasValue)
            {
                throw new InputException(isPrivacy
                    ? "give either --table or --privacy, not both."
                    : "give --table 3, --table 4 or --privacy.");
            }

            if (ExplicitOptions.FirstGiven(parse, isPrivacy ? tableOnly : privacyOnly) is { } stray)
            {
                throw new InputException($"{stray.Name} applies to {(isPrivacy ? "--table 4" : "--privacy")} only.");
            }

            string outDirectory = parse.GetRequiredValue(outDir);
            bool printJson = parse.GetValue(json);
            string? datasetText = parse.GetValue(datasets);
            if (isPrivacy)
            {
                IReadOnlyList<string> names = ParseDatasets(datasetText ?? curve.Dataset);
                if (names.Count != 1)
                {
                    throw new InputException($"--privacy runs on one data set (got {names.Count} in --datasets).");
                }

                var curveOptions = new PrivacyCurveOptions
                {
                    Dataset = names[0],
                    DataDirectory = parse.GetValue(dataDir),
                    Features = ParseList(parse.GetRequiredValue(features), "--features", "identity,fcnn"),
                    Epsilons = ParseEpsilons(parse.GetRequiredValue(epsilons)),
                    Delta = parse.GetValue(delta),
                    ImagesPerClass = parse.GetValue(ipc),
                    Seed = parse.GetValue(seed),
                    NoiseSeeds = ParseSeeds(parse.GetRequiredValue(noiseSeeds), "--noise-seeds"),
                };
                return ExecutePrivacy(curveOptions, outDirectory, printJson, stdout, stderr);
            }

            var options = new ReproductionOptions
            {
                Table = tableNumber!.Value,
                Datasets = ParseDatasets(datasetText ?? "mnist,fashion-mnist"),
                DataDirectory = parse.GetValue(dataDir),
                KipSteps = parse.GetValue(kipSteps),
                Seeds = ParseSeeds(parse.GetRequiredValue(seeds)),
            };
            return Execute(options, outDirectory, printJson, stdout, stderr);
        });
        return command;
    }

    private static int Execute(ReproductionOptions options, string outDir, bool json, TextWriter stdout, TextWriter stderr)
    {
        options.Validate();
        CheckOutDir(outDir, stderr);
        ReproductionResult result = ReproductionRunner.Run(options, new LineProgress(stderr));
        IReadOnlyList<string> written = ReproductionReport.Save(result, outDir);
        Print(written, json, stdout);
        if (!json)
        {
            string data = NextStep.Option("--data-dir", options.DataDirectory);
            if (options.Table == 3)
            {
                NextStep.Write(stdout, "the closed form against KIP",
                    $"krr-distill reproduce --table 4 --datasets {string.Join(',', options.Datasets)}{data} --out-dir {NextStep.Quote(outDir + "-table4")}");
            }
            else
            {
                NextStep.Write(stdout, "accuracy against ε of private sets",
                    $"krr-distill reproduce --privacy --datasets {options.Datasets[0]}{data} --out-dir {NextStep.Quote(outDir + "-privacy")}");
            }
        }

        return 0;
    }

    private static int ExecutePrivacy(PrivacyCurveOptions options, string outDir, bool json, TextWriter stdout, TextWriter stderr)
    {
        options.Validate();
        CheckOutDir(outDir, stderr);
        PrivacyCurveResult result = PrivacyCurveRunner.Run(options, new LineProgress(stderr));
        IReadOnlyList<string> written = PrivacyCurveReport.Save(result, outDir);
        Print(written, json, stdout);
        if (!json)
        {
            NextStep.Write(stdout, "release one private set",
                $"krr-distill distill --dataset {options.Dataset}{NextStep.Option("--data-dir", options.DataDirectory)} --privacy dp --public-validation");
        }

        return 0;
    }

    private static void CheckOutDir(string outDir, TextWriter stderr)
    {
        if (string.IsNullOrWhiteSpace(outDir) || File.Exists(Path.GetFullPath(outDir)))
        {
            throw new InputException($"--out-dir '{outDir}' must name a directory (it may not exist yet), not a file.");
        }

        // The reports go into the directory (created at the end if need be): check where they will be written, now.
        string full = Path.GetFullPath(outDir);
        string probe = Directory.Exists(full) ? Path.Combine(full, "report.md") : full;
        OutputPath.CheckAll([(probe, "--out-dir")], [], stderr);
    }

    /// <summary>report.json (written[1]) as one JSON object, or report.md (written[0]) and the list of files.</summary>
    private static void Print(IReadOnlyList<string> written, bool json, TextWriter stdout)
    {
        if (json)
        {
            string text = File.ReadAllText(written[1]);
            stdout.WriteLine(JsonNode.Parse(text)!.ToJsonString(JsonText.Options));
        }
        else
        {
            stdout.Write(File.ReadAllText(written[0]));
            stdout.WriteLine($"written: {string.Join(", ", written)}");
        }
    }

    internal static IReadOnlyList<string> ParseDatasets(string text)
    {
        string[] names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new InputException($"--datasets needs at least one data set, e.g. mnist,fashion-mnist (got '{text}').");
        }

        return names;
    }

    internal static IReadOnlyList<int> ParseSeeds(string text, string option = "--seeds")
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var seeds = new List<int>(parts.Length);
        foreach (string part in parts)
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) || seed < 0)
            {
                throw new InputException($"{option} must be comma-separated non-negative integers such as 0,1,2 (got '{text}').");
            }

            seeds.Add(seed);
        }

        return seeds;
    }

    internal static IReadOnlyList<string> ParseList(string text, string option, string example)
    {
        string[] items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
        {
            throw new InputException($"{option} needs at least one value, e.g. {example} (got '{text}').");
        }

        return items;
    }

    internal static IReadOnlyList<double> ParseEpsilons(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new List<double>(parts.Length);
        foreach (string part in parts)
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || !double.IsFinite(value))
            {
                throw new InputException($"--epsilons must be comma-separated finite numbers > 0 such as 0.5,1,2,4,8 (got '{text}').");
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>One stderr line per finished cell (and per data set loaded); under --verbose with the seconds since the run started.</summary>
    private sealed class LineProgress(TextWriter stderr) : IProgress<ReproductionProgress>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

        public void Report(ReproductionProgress value) => stderr.WriteLine(stderr is VerboseLog
            ? string.Create(CultureInfo.InvariantCulture, $"[{value.Done}/{value.Total}] {value.Message} ({_clock.Elapsed.TotalSeconds:F1} s)")
            : $"[{value.Done}/{value.Total}] {value.Message}");
    }
}
