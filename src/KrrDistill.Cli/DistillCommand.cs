using System.CommandLine;
using System.Diagnostics;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distillation;
using KrrDistill.Distributed;
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
        var model = new ModelOptions(withStats: true, withZca: true, withPrecision: true);
        var privacy = new PrivacyCliOptions();
        var ipc = new Option<int>("--ipc") { Description = "Distilled images per class (m = IPC·k; ≥ 1)", DefaultValueFactory = _ => 10 }.Strict();
        var init = new Option<InitMode>("--init") { Description = "noise (Theorem 4.1) or real (Corollary 4.1.1: start from real training images; identity sets keep their look, fcnn and rff sets can end far outside the pixel range, as the table's 'distilled pixels' and the picture's caption say)", DefaultValueFactory = _ => InitMode.Noise }.Choice();
        var lambdaS = new Option<string>("--lambda-s") { Description = "λ_S: 0, a value, or 'original' (the model's λ); capped at 1/(4σ'₁²) (Theorem 4.1)", DefaultValueFactory = _ => "0" };
        var labels = new Option<LabelMode>("--labels") { Description = "model (W φ_λ(X̂_S) for real init, else one-hot), onehot, or fit (Theorem 4.2 on m ≥ p real points)", DefaultValueFactory = _ => LabelMode.Model }.Choice();
        var root = new Option<string>("--root") { Description = "Root of the λ_S > 0 formula", DefaultValueFactory = _ => "plus" };
        root.OneOf("plus", "minus");
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
            FitSettings fit = model.Read(parse, null);
            var distiller = new DistillerOptions
            {
                ImagesPerClass = parse.GetValue(ipc),
                Init = parse.GetValue(init),
                Labels = parse.GetValue(labels),
                LambdaS = DistillerOptions.ParseLambdaS(parse.GetRequiredValue(lambdaS)),
                PlusRoot = parse.GetRequiredValue(root) != "minus",
                Seed = fit.Seed,
            };
            var settings = new DistillSettings(fit, distiller, parse.GetRequiredValue(output), parse.GetValue(png), parse.GetValue(metrics), privacy.Read(parse));
            return Execute(settings, stdout, stderr);
        });
        return command;
    }

    private static int Execute(DistillSettings s, TextWriter stdout, TextWriter stderr)
    {
        s.Distiller.Validate();
        s.Fit.RidgeOptions.Validate();
        if (s.Privacy is not null && MpiLaunch.World is not null)
        {
            throw new InputException("--privacy runs in one process: a private release is not split over MPI ranks; run it without mpiexec/srun.");
        }

        if ((s.Fit.Zca is not null || s.Fit.ZcaFrom is not null) && s.Privacy is not null)
        {
            throw new InputException($"{(s.Fit.ZcaFrom is null ? "--zca" : "--zca-from")} does not apply with --privacy: the whitening is fitted on the private rows and would be released unprotected.");
        }

        if (s.Fit.Stats is not null && s.Privacy is not null)
        {
            throw new InputException("--privacy does not apply with --stats: a private release perturbs its own statistics.");
        }

        if (s.Fit.Stats is not null && !s.Fit.HasDataset)
        {
            throw new InputException("--stats needs --dataset as well for distill: the distillation draws on the data set's inputs (real images, baselines) and its test set.");
        }

        (string pngPath, string metricsPath) = MpiLaunch.IsRoot
            ? OutputPath.CheckArtefact(s.Output, s.Png, s.Metrics, s.Fit.InputFiles(), stderr)
            : (string.Empty, string.Empty);
        var total = Stopwatch.StartNew();
        Func<int> emit = ProgressDisplay.Run(stderr, Func<int> (progress) =>
        {
            var before = new PhaseTimer();
            DatasetPair data;
            IFeatureMap map;
            StatisticsArtefact? statistics = null;
            KernelRidgeOptions ridgeOptions = s.Fit.RidgeOptions;
            DistillerOptions distillerOptions = s.Distiller;
            if (s.Fit.Stats is not null)
            {
                (statistics, ridgeOptions, DatasetPair? named) = StatisticsInput.Load(s.Fit, before, progress);
                (data, map) = (named!, statistics.FeatureMap);
                distillerOptions = distillerOptions with { Seed = ridgeOptions.Seed };
            }
            else
            {
                (data, map) = s.Fit.LoadDataAndFeatures(progress, before);
            }

            TrainingSplit split = TrainingSplit.Of(data.Train, ridgeOptions);
            map = s.Fit.Whiten(map, split, progress, before, Describe(distillerOptions));
            new AnalyticDistiller(distillerOptions).CheckBeforeFit(split.Train, map);
            if (s.Privacy is { } privacy)
            {
                PrivateDistillResult released = new PrivateDistiller(privacy, s.Distiller, s.Fit.RidgeOptions).Distill(map, data.Train, data.Test, progress);
                PoorChoices.Warn(progress, PoorChoices.LambdaBelowNoiseFloor(released));
                return () => new PrivateDistillReport(s, data, released)
                    .SaveAndEmit(pngPath, metricsPath, data.Train, [.. before.Phases, .. released.Timings], total, s.Fit.Json, stdout);
            }

            PoorChoices.Warn(progress, PoorChoices.SubsetIsTheTrainingSet(split.Train, distillerOptions.ImagesPerClass));
            RidgeModel? shared = statistics is null
                ? DistributedFit.Fit(new KernelRidge(map, ridgeOptions), split, MpiLaunch.World, progress, job: Describe(distillerOptions))
                : new KernelRidge(map, ridgeOptions).Fit(statistics.Train, LambdaChoice.ValidationAccuracy(split.Validation), split.Train, progress);
            if (shared is not { } original)
            {
                return () => 0; // an MPI rank other than 0: its part is summed into rank 0's statistics
            }

            DistilledSet set = new AnalyticDistiller(distillerOptions).Distill(original, split.Train, progress);
            PoorChoices.Warn(progress, PoorChoices.RealInitFarOutsidePixels(set, distillerOptions));
            DistillationComparison comparison = DistillationComparison.Run(original, set, data.Test, data.Train, progress);
            return () =>
            {
                WarnIfRankDeficient(set.Result!, stderr);
                return new DistillReport(s, data, original, set, comparison)
                    .SaveAndEmit(pngPath, metricsPath, data.Train,
                        [.. before.Phases, .. original.FitResult!.Timings, .. set.Result!.Timings, .. comparison.Timings], total, s.Fit.Json, stdout);
            };
        });
        int code = emit();
        if (code == 0 && !s.Fit.Json)
        {
            NextStep.Evaluate(stdout, s.Output, s.Fit.Dataset, s.Fit.DataDirectory); // other MPI ranks write to TextWriter.Null
        }

        return code;
    }

    /// <summary>The distillation the MPI ranks must agree on, as a refusal names it.</summary>
    private static string Describe(DistillerOptions o)
        => FormattableString.Invariant($"distill (ipc {o.ImagesPerClass}, init {o.Init}, labels {o.Labels}, λ_S {(o.LambdaS is double l ? l.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "original")}, plus-root {o.PlusRoot}, seed {o.Seed})").ToLowerInvariant();

    /// <summary>One line on stderr when a layer of φ could only be inverted through its pseudo-inverse.</summary>
    private static void WarnIfRankDeficient(DistillationResult result, TextWriter stderr)
    {
        int layer = result.InversionRoutes.ToList().IndexOf(LinearSolveRoute.Svd);
        if (layer >= 0)
        {
            stderr.WriteLine($"warning: layer {layer + 1} of the feature map is rank-deficient; its inputs were constructed through the pseudo-inverse (least squares), so the distilled model may not equal the original.");
        }
    }
}

/// <summary>CLI only: the parsed options of <c>krr-distill distill</c>.</summary>
internal sealed record DistillSettings(
    FitSettings Fit,
    DistillerOptions Distiller,
    string Output,
    string? Png,
    string? Metrics,
    PrivacyOptions? Privacy = null);
