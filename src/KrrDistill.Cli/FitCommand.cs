using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary><c>krr-distill fit</c>: trains the original KRR model and reports accuracy, λ, time and memory.</summary>
internal static class FitCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = new ModelOptions();
        var saveModel = new Option<string?>("--save-model") { Description = "Write the model to this .npz file" };
        var command = new Command("fit", "Fit the original KRR model W = Y φ_λ(X)^+ on the 95% split, choose λ on the 5%, report test accuracy.");
        model.AddTo(command);
        command.Options.Add(saveModel);
        command.SetAction(parse => Execute(model.Read(parse, parse.GetValue(saveModel)), stdout, stderr));
        return command;
    }

    private static int Execute(FitSettings s, TextWriter stdout, TextWriter stderr)
    {
        if (s.Lambda is { } l && (!(l >= 0) || !double.IsFinite(l)))
        {
            throw new ArgumentException($"--lambda must be a finite number ≥ 0 (got {l.ToString(CultureInfo.InvariantCulture)}).");
        }

        OutputPath.Check(s.SaveModel, "--save-model");
        var total = Stopwatch.StartNew();
        var progress = new StderrProgress(stderr, quiet: false);
        ILinearAlgebraBackend backend = LinearAlgebraBackends.Default;
        var before = new PhaseTimer();
        (DatasetPair data, IFeatureMap map) = s.LoadDataAndFeatures(backend, progress, before);
        var options = new KrrFitOptions { Lambda = s.Lambda, SplitSeed = KrrFitOptions.SplitSeedFor(s.Seed) };
        KrrFitResult fit = KernelRidgeTrainer.Fit(data.Train, map, options, backend, progress);
        var after = new PhaseTimer();
        progress.Report(new ProgressReport("test accuracy", 0));
        double testAccuracy = fit.Model.Accuracy(data.Test);
        after.Lap("test accuracy");
        progress.Finish();

        var report = new FitReport(s, backend, data, fit, testAccuracy);
        if (s.SaveModel is { } path)
        {
            ModelArtefact.Save(path, fit.Model, data.Train, report.ToMetaJson());
            after.Lap("save model");
        }

        report.Timings = [.. before.Phases, .. fit.Timings, .. after.Phases];
        report.TotalSeconds = total.Elapsed.TotalSeconds;
        report.PeakMemoryMegabytes = KrrDistill.Reproduction.ProcessMemory.PeakMegabytes();
        if (s.Json)
        {
            stdout.WriteLine(report.ToJson());
        }
        else
        {
            report.WriteTable(stdout);
        }

        return 0;
    }
}
