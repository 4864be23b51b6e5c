using System.Globalization;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

using static KrrDistill.Cli.SummaryTable;

namespace KrrDistill.Cli;

/// <summary>What <c>krr-distill fit</c> reports: as a table, as JSON on stdout, and as the model's meta_json.</summary>
internal sealed class FitReport(FitSettings settings, ILinearAlgebraBackend backend, DatasetPair data, KrrFitResult fit, double testAccuracy)
{
    public IReadOnlyList<(string Phase, double Seconds)> Timings { get; set; } = [];

    public double TotalSeconds { get; set; }

    public double PeakMemoryMegabytes { get; set; }

    public double TestAccuracy => testAccuracy;

    public string ToMetaJson()
    {
        var meta = Core();
        meta["tool"] = "krr-distill";
        meta["tool_version"] = typeof(FitReport).Assembly.GetName().Version?.ToString(3);
        return meta.ToJsonString(JsonOutput.Options);
    }

    public string ToJson()
    {
        JsonObject o = Core();
        o["backend"] = backend.Name;
        o["threads"] = backend.Threads;
        o["model_path"] = settings.SaveModel;
        o["timings_seconds"] = new JsonObject(Timings.Select(t => KeyValuePair.Create(t.Phase, (JsonNode?)Round(t.Seconds))));
        o["total_seconds"] = Round(TotalSeconds);
        o["peak_memory_mb"] = Math.Round(PeakMemoryMegabytes, 1);
        o["validation_curve"] = new JsonArray(fit.ValidationCurve
            .Select(c => (JsonNode?)new JsonObject { ["lambda"] = c.Lambda, ["accuracy"] = double.IsNaN(c.Accuracy) ? null : c.Accuracy })
            .ToArray());
        return o.ToJsonString(JsonOutput.Options);
    }

    public void WriteTable(TextWriter stdout)
    {
        var table = new SummaryTable("krr-distill fit");
        void Row(string name, string value) => table.Row(name, value);
        Row("data set", $"{data.Train.Name}: {fit.TrainCount} train / {fit.ValidationCount} validation / {data.Test.Count} test");
        Row("features", FeatureDescription());
        Row("solver", $"{(fit.Dual ? "dual (n×n kernel)" : "primal (p×p Gram)")}, rank {fit.Rank}");
        Row("λ", fit.Model.Lambda.ToString("G4", CultureInfo.InvariantCulture) + (settings.Lambda is null ? " (chosen on validation)" : " (fixed)"));
        Row("validation accuracy", Percent(fit.ValidationAccuracy));
        Row("test accuracy", Percent(testAccuracy));
        table.TimingRows(Timings, TotalSeconds);
        Row("peak memory", $"{PeakMemoryMegabytes:F0} MB");
        Row("backend", $"{backend.Name}, {backend.Threads} threads");
        if (settings.SaveModel is { } path)
        {
            Row("model", path);
        }

        table.Write(stdout);
    }

    private JsonObject Core() => settings.ModelJson("fit", fit.Model.FeatureMap.OutputDimension).Then(new()
    {
        ["n_train"] = fit.TrainCount,
        ["n_validation"] = fit.ValidationCount,
        ["n_test"] = data.Test.Count,
        ["classes"] = data.Train.Classes,
        ["solver"] = fit.Dual ? "dual" : "primal",
        ["rank"] = fit.Rank,
        ["lambda"] = fit.Model.Lambda,
        ["lambda_chosen"] = settings.Lambda is null,
        ["validation_accuracy"] = double.IsNaN(fit.ValidationAccuracy) ? null : fit.ValidationAccuracy,
        ["test_accuracy"] = testAccuracy,
    });

    private string FeatureDescription() => settings.Features switch
    {
        "fcnn" => $"fcnn, LeakyReLU(0.1), depth {settings.Depth}, p = {fit.Model.FeatureMap.OutputDimension}, seed {settings.Seed}",
        "rff" => $"rff, σ² = {settings.RffSigma2.ToString(CultureInfo.InvariantCulture)}, p = {fit.Model.FeatureMap.OutputDimension}, seed {settings.Seed}",
        "linear" => $"deep linear network, depth {settings.Depth}, p = {fit.Model.FeatureMap.OutputDimension}, seed {settings.Seed}",
        _ => $"identity, p = d = {fit.Model.FeatureMap.OutputDimension}",
    };


    private static double Round(double seconds) => Math.Round(seconds, 4);
}
