using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distillation;
using KrrDistill.Features;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill kip</c>: the KIP baseline as the paper ran it (docs/theory.md §6): X_S starts from class-balanced
/// real images, Adam moves it to minimize the batch MSE of W_S with Y_S re-solved at every step, on the full
/// training set (no 95/5 split). Reports the test accuracy of the KIP set beside its real start with one-hot labels,
/// the time per step and the extrapolated cost of the paper's 30,000 steps; writes the artefact in the format of
/// <c>distill</c> (so <c>evaluate</c> reads it), a PNG grid and a metrics JSON.
/// </summary>
internal static partial class KipCommand
{
    /// <summary>Steps in the paper's KIP config (<c>config/kip.yaml</c>), used for the cost extrapolation.</summary>
    internal const int PaperSteps = 30000;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = new ModelOptions(withLambda: false);
        var ipc = new Option<int>("--ipc") { Description = "Distilled images per class (m = IPC·k; ≥ 1)", DefaultValueFactory = _ => 10 }.Strict();
        var steps = new Option<int>("--steps") { Description = "Adam steps (≥ 1; the paper ran 30000)", DefaultValueFactory = _ => 1000 }.Strict();
        var timeBudget = new Option<string?>("--time-budget") { Description = "Stop optimizing after this long even before --steps, e.g. 90s, 5m, 1h" };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate (> 0; paper 0.01)", DefaultValueFactory = _ => 0.01 }.Strict();
        var evaluateEvery = new Option<int?>("--eval-every") { Description = "Show the test accuracy every N steps in the progress (default: 10 times per run; 0: never; its time is not counted as optimization)" }.Strict();
        var batch = new Option<int>("--batch") { Description = "Training points drawn per step for the loss (≥ 1; paper 5000; capped at n)", DefaultValueFactory = _ => 5000 }.Strict();
        var output = new Option<string>("--out") { Description = "Distilled set (.npz, the format of 'distill')", DefaultValueFactory = _ => "kip.npz" };
        var png = new Option<string?>("--png") { Description = "Image grid, real start above (default: beside --out, .png)" };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics JSON (default: beside --out, .metrics.json)" };
        var command = new Command("kip",
            "Run the KIP baseline of the paper's Table 4: Adam on X_S from real images, labels re-solved in closed form each step. "
            + "Like the paper, KIP trains on all training rows (no 95/5 validation split) and solves its own labels "
            + "with λ_S = 1e-6·tr(K_S)/m.");
        model.AddTo(command);
        foreach (Option option in new Option[] { ipc, steps, timeBudget, lr, batch, evaluateEvery, output, png, metrics })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            string? budgetText = parse.GetValue(timeBudget);
            var settings = new KipSettings(model.Read(parse, null), parse.GetValue(ipc), parse.GetValue(steps),
                budgetText is null ? null : ParseDuration(budgetText), budgetText, parse.GetValue(lr), parse.GetValue(batch),
                parse.GetValue(evaluateEvery), parse.GetRequiredValue(output), parse.GetValue(png), parse.GetValue(metrics));
            return Execute(settings, stdout, stderr);
        });
        return command;
    }

    private static int Execute(KipSettings s, TextWriter stdout, TextWriter stderr)
    {
        var options = new KipOptions
        {
            ImagesPerClass = s.ImagesPerClass,
            Steps = s.Steps,
            LearningRate = s.LearningRate,
            BatchSize = s.BatchSize,
            Seed = s.Fit.Seed,
            TimeBudget = s.TimeBudget,
            ProgressInterval = 1,
            EvaluateEvery = s.EvaluateEvery ?? Math.Max(1, s.Steps / 10),
        };
        var kip = new KipDistiller(options);
        (string pngPath, string metricsPath) = OutputPath.CheckArtefact(s.Output, s.Png, s.Metrics, s.Fit.InputFiles(), stderr);
        var total = Stopwatch.StartNew();
        var before = new PhaseTimer();
        (DatasetPair data, IFeatureMap map) = ProgressDisplay.Run(stderr, progress => s.Fit.LoadDataAndFeatures(progress, before));

        var runClock = Stopwatch.StartNew();
        // The paper's KIP uses the full training set: no validation split.
        KipResult result = new KipProgressDisplay(stderr, s.Steps, data.Train.Count)
            .Show(reporter => kip.Distill(map, data.Train, reporter, data.Test));
        double runSeconds = runClock.Elapsed.TotalSeconds;
        double optimizationSeconds = result.SecondsPerStep * result.StepsRun;
        if (result.StoppedByTimeBudget)
        {
            stderr.WriteLine($"kip: --time-budget {s.TimeBudgetText} reached after {result.StepsRun} of {s.Steps} steps.");
        }

        // W_S exactly as 'evaluate' retrains it from the artefact (DistilledSet.Fit); the baseline is the real start
        // with one-hot labels and KIP's own λ rule (1e-6·tr(K)/m) at that start.
        DistilledSet set = result.Set;
        DistillationComparison comparison = ProgressDisplay.Run(stderr, progress => DistillationComparison.Run(null, set, data.Test, data.Train, progress));
        var report = new KipReport(s, data, result, comparison) { OptimizationSeconds = optimizationSeconds };
        IReadOnlyList<(string, double)> phases =
        [
            .. before.Phases,
            ("KIP setup (G = ΦᵀΦ, B = ΦᵀY)", result.SetupSeconds),
            ("KIP optimization", optimizationSeconds),
            ("KIP real start, final label solve", Math.Max(0, runSeconds - result.SetupSeconds - optimizationSeconds)),
            .. comparison.Timings,
        ];
        int code = report.SaveAndEmit(pngPath, metricsPath, data.Train, phases, total, s.Fit.Json, stdout);
        if (!s.Fit.Json)
        {
            NextStep.Evaluate(stdout, s.Output, s.Fit.Dataset, s.Fit.DataDirectory);
        }

        return code;
    }

    /// <summary>
    /// A duration such as <c>500ms</c>, <c>90s</c>, <c>5m</c>, <c>1.5h</c> or <c>90</c> (seconds), or a TimeSpan
    /// such as <c>00:05:00</c>; throws <see cref="InputException"/> naming <c>--time-budget</c> otherwise.
    /// </summary>
    internal static TimeSpan ParseDuration(string text)
    {
        string trimmed = text.Trim();
        Match match = DurationPattern().Match(trimmed);
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
        {
            double seconds = match.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" => amount / 1000,
                "m" or "min" => amount * 60,
                "h" => amount * 3600,
                _ => amount,
            };
            if (double.IsFinite(seconds) && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }
        else if (trimmed.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out TimeSpan span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        throw new InputException($"--time-budget '{text}' is not a duration; use e.g. 90s, 5m or 1h.");
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}

/// <summary>The parsed and validated options of <c>krr-distill kip</c>.</summary>
internal sealed record KipSettings(
    FitSettings Fit,
    int ImagesPerClass,
    int Steps,
    TimeSpan? TimeBudget,
    string? TimeBudgetText,
    double LearningRate,
    int BatchSize,
    int? EvaluateEvery,
    string Output,
    string? Png,
    string? Metrics);
