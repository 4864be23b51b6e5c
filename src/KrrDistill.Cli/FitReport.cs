using System.Globalization;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using static KrrDistill.Cli.SummaryTable;

namespace KrrDistill.Cli;

/// <summary>CLI only: what <c>krr-distill fit</c> prints, as a table or as one JSON object on stdout.</summary>
internal sealed class FitReport(FitSettings settings, DatasetPair? data, RidgeModel model, double testAccuracy)
{
    private readonly RidgeFitResult _fit = model.FitResult!;

    public IReadOnlyList<(string Phase, double Seconds)> Timings { get; init; } = [];

    public double TotalSeconds { get; init; }

    public double PeakMemoryMegabytes { get; init; }

    public double TestAccuracy => testAccuracy;

    public string ToJson()
    {
        JsonObject o = Core();
        o["backend"] = LinearAlgebraBackends.Current.Name;
        o["threads"] = LinearAlgebraBackends.Current.Threads;
        o["model_path"] = settings.SaveModel;
        o["timings_seconds"] = new JsonObject(Timings.Select(t => KeyValuePair.Create(t.Phase, (JsonNode?)Round(t.Seconds))));
        o["total_seconds"] = Round(TotalSeconds);
        o["peak_memory_mb"] = Math.Round(PeakMemoryMegabytes, 1);
        o["validation_curve"] = new JsonArray(_fit.ValidationCurve
            .Select(c => (JsonNode?)new JsonObject { ["lambda"] = c.Lambda, ["accuracy"] = double.IsNaN(c.Accuracy) ? null : c.Accuracy })
            .ToArray());
        return JsonText.Of(o);
    }

    public void WriteTable(TextWriter stdout)
    {
        var table = new SummaryTable("krr-distill fit");
        void Row(string name, string value) => table.Row(name, value);
        Row("data set", data is null
            ? $"statistics {settings.Stats}: {_fit.TrainCount} train / {_fit.ValidationCount} validation (λ by validation MSE), no test set"
            : $"{data.Train.Name}: {_fit.TrainCount} train / {_fit.ValidationCount} validation / {data.Test.Count} test{(settings.Stats is null ? "" : $" (train statistics from {settings.Stats})")}");
        Row("features", FeatureDescription());
        Row("solver", $"{(_fit.Dual ? "dual (n×n kernel)" : "primal (p×p Gram)")}, {_fit.Solver}, rank {(_fit.Rank is { } rank ? rank.ToString(CultureInfo.InvariantCulture) : "not computed (fixed λ)")}");
        Row("λ", model.Lambda.ToString("G4", CultureInfo.InvariantCulture) + (settings.Lambda is null ? " (chosen on validation)" : " (fixed)"));
        if (_fit.ValidationMeanSquaredErrors.Count > 0)
        {
            Row("validation MSE", G(_fit.ValidationMeanSquaredErrors.Min(e => e.MeanSquaredError)));
        }
        else
        {
            Row("validation accuracy", Percent(_fit.ValidationAccuracy));
        }

        Row("test accuracy", data is null ? "n/a (no --dataset)" : Percent(testAccuracy));
        table.TimingRows(Timings, TotalSeconds);
        Row("peak memory", $"{PeakMemoryMegabytes:F0} MB");
        Row("backend", $"{LinearAlgebraBackends.Current.Name}, {LinearAlgebraBackends.Current.Threads} threads");
        if (settings.SaveModel is { } path)
        {
            Row("model", path);
        }

        table.Write(stdout);
    }

    private JsonObject Core()
    {
        JsonObject o = new JsonObject { ["command"] = "fit" }.Then(model.MetaJson());
        o["n_test"] = data?.Test.Count;
        o["classes"] = model.Classes;
        o["statistics_path"] = settings.Stats;
        if (_fit.ValidationMeanSquaredErrors.Count > 0)
        {
            o["lambda_selection"] = "validation mean squared error from statistics";
            o["validation_mse_curve"] = new JsonArray([.. _fit.ValidationMeanSquaredErrors.Select(e => (JsonNode?)new JsonObject { ["lambda"] = e.Lambda, ["mse"] = e.MeanSquaredError })]);
        }

        o["solver"] = _fit.Dual ? "dual" : "primal";
        o["precision"] = _fit.Precision.Name();
        o["lambda_chosen"] = settings.Lambda is null;
        o["test_accuracy"] = testAccuracy;
        return o;
    }

    private string FeatureDescription() => FeatureMapDescription() + (_fit.Precision == Precision.Single ? ", single-precision statistics" : "");

    private string FeatureMapDescription() => settings.Stats is not null
        ? $"{model.FeatureMap.Kind.ArtefactName()}, p = {model.FeatureMap.OutputDimension} (from the statistics)"
        : settings.Features switch
        {
            FeatureKind.Fcnn => $"fcnn, LeakyReLU(0.1), depth {settings.Depth}, p = {model.FeatureMap.OutputDimension}, seed {settings.Seed}",
            FeatureKind.Rff => $"rff, σ² = {settings.RffSigma2.ToString(CultureInfo.InvariantCulture)}, p = {model.FeatureMap.OutputDimension}, seed {settings.Seed}",
            FeatureKind.Linear => $"deep linear network, depth {settings.Depth}, p = {model.FeatureMap.OutputDimension}, seed {settings.Seed}",
            _ => $"identity, p = d = {model.FeatureMap.OutputDimension}",
        };


    private static double Round(double seconds) => Math.Round(seconds, 4);
}
