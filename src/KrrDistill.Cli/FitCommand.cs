using System.CommandLine;
using System.Diagnostics;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distributed;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary><c>krr-distill fit</c>: trains the original KRR model and reports accuracy, λ, time and memory.</summary>
internal static class FitCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = new ModelOptions(withStats: true, withZca: true, withPrecision: true);
        var saveModel = new Option<string?>("--save-model") { Description = "Write the model to this .npz file" };
        var command = new Command("fit", "Fit the original KRR model W = Y φ_λ(X)^+ on the 95% split, choose λ on the 5%, report test accuracy.");
        model.AddTo(command);
        command.Options.Add(saveModel);
        command.SetAction(parse => Execute(model.Read(parse, parse.GetValue(saveModel)), NextStep.Carry(parse, "--save-model"), stdout, stderr));
        return command;
    }

    private static int Execute(FitSettings s, string carried, TextWriter stdout, TextWriter stderr)
    {
        s.RidgeOptions.Validate();
        if (MpiLaunch.IsRoot)
        {
            OutputPath.CheckAll([(s.SaveModel, "--save-model")], s.InputFiles(), stderr);
        }

        var total = Stopwatch.StartNew();
        var before = new PhaseTimer();
        (DatasetPair? data, RidgeModel? fitted, double testAccuracy, double testSeconds) = ProgressDisplay.Run(stderr, progress =>
        {
            DatasetPair? data;
            RidgeModel? model;
            if (s.Stats is not null)
            {
                (StatisticsArtefact statistics, KernelRidgeOptions options, data) = StatisticsInput.Load(s, before, progress);
                var ridge = new KernelRidge(statistics.FeatureMap, options);
                if (data is null)
                {
                    model = ridge.Fit(statistics.Train, LambdaChoice.ValidationMeanSquaredError(statistics.Validation), statistics.Normalization, statistics.ImageShape);
                }
                else
                {
                    TrainingSplit split = TrainingSplit.Of(data.Train, options);
                    model = ridge.Fit(statistics.Train, LambdaChoice.ValidationAccuracy(split.Validation), split.Train, progress);
                }
            }
            else
            {
                (DatasetPair loaded, IFeatureMap map) = s.LoadDataAndFeatures(progress, before);
                data = loaded;
                TrainingSplit split = TrainingSplit.Of(loaded.Train, s.RidgeOptions);
                model = DistributedFit.Fit(new KernelRidge(s.Whiten(map, split, progress, before), s.RidgeOptions), split, MpiLaunch.World, progress);
                if (model is null)
                {
                    return ((DatasetPair?)null, (RidgeModel?)null, double.NaN, 0.0); // an MPI rank other than 0: its part is summed into rank 0's statistics
                }
            }

            progress.Report(new ProgressReport("test accuracy", 0));
            var clock = Stopwatch.StartNew();
            double testAccuracy = data is null ? double.NaN : model.Accuracy(data.Test);
            return (data, (RidgeModel?)model, testAccuracy, clock.Elapsed.TotalSeconds);
        });
        if (fitted is not { } model)
        {
            return 0;
        }

        var after = new PhaseTimer();
        if (s.SaveModel is { } path)
        {
            model.Save(path);
            after.Lap("save model");
        }

        var report = new FitReport(s, data, model, testAccuracy)
        {
            Timings = [.. before.Phases, .. model.FitResult!.Timings, ("test accuracy", testSeconds), .. after.Phases],
            TotalSeconds = total.Elapsed.TotalSeconds,
            PeakMemoryMegabytes = ProcessMemory.PeakMegabytes(),
        };
        if (s.Json)
        {
            stdout.WriteLine(report.ToJson());
        }
        else
        {
            report.WriteTable(stdout);
            NextStep.Write(stdout, "distill this model", s.HasDataset ? $"krr-distill distill {carried}" : $"krr-distill distill {carried} --dataset DATASET");
        }

        return 0;
    }
}
