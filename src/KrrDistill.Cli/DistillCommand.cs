using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Privacy;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill distill</c>: fits the original model, distills it (Algorithm 1) into IPC points per class,
/// writes distilled.npz, a PNG grid and a metrics JSON, and reports recovery and accuracy beside baselines.
/// </summary>
internal static class DistillCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = new ModelOptions();
        var privacy = new PrivacyCliOptions();
        var ipc = new Option<int>("--ipc") { Description = "Distilled images per class (m = IPC·k; ≥ 1)", DefaultValueFactory = _ => 10 };
        var init = new Option<string>("--init") { Description = "noise (Theorem 4.1) or real (Corollary 4.1.1: close to real images)", DefaultValueFactory = _ => "noise" };
        init.AcceptOnlyFromAmong("noise", "real");
        var lambdaS = new Option<string>("--lambda-s") { Description = "λ_S: 0, a value, or 'original' (the model's λ); capped at 1/(4σ'₁²) (Theorem 4.1)", DefaultValueFactory = _ => "0" };
        var labels = new Option<string>("--labels") { Description = "model (W φ_λ(X̂_S) for real init, else one-hot), onehot, or fit (Theorem 4.2 on m ≥ p real points)", DefaultValueFactory = _ => "model" };
        labels.AcceptOnlyFromAmong("model", "onehot", "fit");
        var root = new Option<string>("--root") { Description = "Root of the λ_S > 0 formula", DefaultValueFactory = _ => "plus" };
        root.AcceptOnlyFromAmong("plus", "minus");
        var output = new Option<string>("--out") { Description = "Distilled set (.npz)", DefaultValueFactory = _ => "distilled.npz" };
        var png = new Option<string?>("--png") { Description = "Image grid (default: beside --out, .png)" };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics JSON (default: beside --out, .metrics.json)" };
        var command = new Command("distill", "Distill the data set into IPC points per class whose KRR model is the original model.");
        model.AddTo(command);
        privacy.AddTo(command);
        foreach (Option option in new Option[] { ipc, init, lambdaS, labels, root, output, png, metrics })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var settings = new DistillSettings(model.Read(parse, null), parse.GetValue(ipc), parse.GetRequiredValue(init), parse.GetRequiredValue(lambdaS),
                parse.GetRequiredValue(labels), parse.GetRequiredValue(root), parse.GetRequiredValue(output), parse.GetValue(png), parse.GetValue(metrics), privacy.Read(parse));
            return Execute(settings, stdout, stderr);
        });
        return command;
    }

    private static int Execute(DistillSettings s, TextWriter stdout, TextWriter stderr)
    {
        double? lambdaS = ParseLambdaS(s.LambdaS);
        if (s.Fit.Lambda is { } l && (!(l >= 0) || !double.IsFinite(l)))
        {
            throw new ArgumentException($"--lambda must be a finite number ≥ 0 (got {l.ToString(CultureInfo.InvariantCulture)}).");
        }

        (string pngPath, string metricsPath) = OutputPath.CheckArtefact(s.Output, s.Png, s.Metrics);

        var total = Stopwatch.StartNew();
        var progress = new StderrProgress(stderr, quiet: false);
        ILinearAlgebraBackend backend = LinearAlgebraBackends.Default;
        var before = new PhaseTimer();
        (DatasetPair data, IFeatureMap map) = s.Fit.LoadDataAndFeatures(backend, progress, before);
        var options = new DistillRunOptions
        {
            ImagesPerClass = s.ImagesPerClass,
            Init = s.Init == "real" ? InitMode.Real : InitMode.Noise,
            Labels = s.Labels == "onehot" ? LabelMode.OneHot : LabelMode.Model,
            LabelsOnly = s.Labels == "fit",
            LambdaS = lambdaS,
            PlusRoot = s.Root != "minus",
            Seed = s.Fit.Seed,
            Fit = new KrrFitOptions { Lambda = s.Fit.Lambda, SplitSeed = KrrFitOptions.SplitSeedFor(s.Fit.Seed) },
            Privacy = s.Privacy,
        };
        if (s.Privacy is not null)
        {
            PrivateDistillResult privateResult = PrivateDistillationRunner.Run(data, map, options, backend, progress);
            progress.Finish();
            return new PrivateDistillReport(s, backend, data, privateResult)
                .SaveAndEmit(privateResult.Set, pngPath, metricsPath, [.. before.Phases, .. privateResult.Timings], total, s.Fit.Json, stdout);
        }

        DistillRunResult result = DistillationRunner.Run(data, map, options, backend, progress);
        progress.Finish();
        return new DistillReport(s, backend, data, result).SaveAndEmit(result.Set, pngPath, metricsPath, [.. before.Phases, .. result.Timings], total, s.Fit.Json, stdout);
    }

    /// <summary>"0", a number, or "original" (null: the original model's λ).</summary>
    internal static double? ParseLambdaS(string text)
    {
        if (string.Equals(text, "original", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentException($"--lambda-s must be 0, a finite number > 0, or 'original' (got '{text}').");
        }

        return value;
    }
}
