using System.CommandLine;
using System.Diagnostics;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill evaluate</c>: retrains KRR on a saved distilled set (φ(X_S), Y_S, λ_S) and reports the
/// test accuracy of W_S on a data set, beside the accuracies recorded in the artefact's <c>meta_json</c>.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var distilled = new Option<string>("--distilled") { Description = "The distilled set (.npz, as written by 'distill' or by hand with numpy)", Required = true }.InputPath();
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion-mnist, fashion-mnist-sample, cifar10, cifar100 (cifar100-coarse: its 20 superclasses), folder:PATH (an image folder), or a .npz/.csv file or NPY directory; its test split is used", Required = true };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding the data set files (else $KRRDISTILL_DATA and the standard places)" }.InputPath(InputPaths.EmptyDirectory);
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the table" };
        var command = new Command("evaluate", "Retrain KRR on a distilled set (W_S from φ(X_S), Y_S, λ_S) and report its test accuracy.")
        {
            distilled, dataset, dataDir, json,
        };
        command.SetAction(parse => Execute(
            new EvaluateSettings(parse.GetRequiredValue(distilled), parse.GetRequiredValue(dataset), parse.GetValue(dataDir), parse.GetValue(json)),
            stdout,
            stderr));
        return command;
    }

    private static int Execute(EvaluateSettings s, TextWriter stdout, TextWriter stderr)
    {
        var total = Stopwatch.StartNew();
        var timer = new PhaseTimer();
        (DistilledSet set, Dataset test, double accuracy, TestNormalization normalization) = ProgressDisplay.Run(stderr, progress =>
        {
            // The artefact first: a bad file fails before the data set is read.
            progress.Report(new ProgressReport($"loading {s.Distilled}", 0));
            DistilledSet set = DistilledSet.Load(s.Distilled);
            timer.Lap("load distilled set");
            progress.Report(new ProgressReport($"loading {s.Dataset}", 0));
            // An image folder is read at the set's image size (its pixels are then scaled as the set records).
            var images = new Data.Images.ImageFolderOptions { Size = set.ImageShape is { } shape ? (shape.Height, shape.Width) : null };
            Dataset test = DatasetCatalog.Load(s.Dataset, s.DataDirectory, images).Test;
            timer.Lap("load data");
            int d = set.Inputs.Columns;
            if (test.Dimension != d)
            {
                throw new DataFormatException($"{s.Distilled}: x_s has d = {d} features per sample but data set '{s.Dataset}' has {test.Dimension}.");
            }

            if (test.Classes > set.Classes)
            {
                throw new DataFormatException($"{s.Distilled}: y_s has k = {set.Classes} columns but data set '{s.Dataset}' has {test.Classes} classes.");
            }

            Dataset? renormalized = test.Renormalized(set.Normalization);
            Dataset inputs = renormalized ?? test;
            TestNormalization normalization = renormalized is null ? TestNormalization.DataSetDiffers
                : ReferenceEquals(renormalized, test) ? TestNormalization.Same : TestNormalization.Artefact;
            progress.Report(new ProgressReport("retraining on the distilled set", 0));
            RidgeModel model = set.Fit();
            timer.Lap("retrain W_S");
            progress.Report(new ProgressReport("test accuracy", 0));
            double accuracy = model.Accuracy(inputs);
            timer.Lap("test accuracy");
            return (set, test, accuracy, normalization);
        });
        if (normalization == TestNormalization.DataSetDiffers)
        {
            // After the progress display is gone, so that a terminal shows it whole.
            stderr.WriteLine($"warning: {s.Distilled} records an input normalization that differs from data set '{s.Dataset}''s, whose real-valued test inputs cannot be re-normalized; they are used as the data set gives them.");
        }

        var report = new EvaluateReport(s, set, test, accuracy, normalization)
        {
            Timings = timer.Phases,
            TotalSeconds = total.Elapsed.TotalSeconds,
        };
        if (s.Json)
        {
            stdout.WriteLine(report.ToJson());
        }
        else
        {
            report.WriteTable(stdout);
            NextStep.Write(stdout, "the KIP baseline at the same size",
                FormattableString.Invariant($"krr-distill kip --dataset {NextStep.Quote(s.Dataset)}{NextStep.Option("--data-dir", s.DataDirectory)} --features {set.FeatureMap.Kind.ArtefactName()}{(set.FeatureMap.Kind == FeatureKind.Identity ? "" : $" --width {set.FeatureMap.OutputDimension}")} --ipc {Math.Max(1, set.Count / Math.Max(1, set.Labels.Columns))}"));
        }

        return 0;
    }
}

/// <summary>The parsed options of <c>krr-distill evaluate</c>.</summary>
internal sealed record EvaluateSettings(string Distilled, string Dataset, string? DataDirectory, bool Json);
