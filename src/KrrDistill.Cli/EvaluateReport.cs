using System.Globalization;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using static KrrDistill.Cli.SummaryTable;

namespace KrrDistill.Cli;

/// <summary>
/// What <c>krr-distill evaluate</c> reports, as a table or as one JSON object: the distilled set (m, k, d, p,
/// λ_S, φ), the test accuracy of W_S retrained here, and the accuracies the artefact's <c>meta_json</c> recorded
/// when it was made (<c>original_test_accuracy</c>; <c>test_accuracy</c> or <c>distilled_test_accuracy</c>;
/// <c>random_subset_test_accuracy</c>), each null when absent.
/// </summary>
internal sealed class EvaluateReport
{
    private readonly EvaluateSettings _settings;
    private readonly DistilledSet _set;
    private readonly Dataset _test;
    private readonly TestNormalization _normalization;
    private readonly JsonObject _meta;

    public EvaluateReport(EvaluateSettings settings, DistilledSet set, Dataset test, double testAccuracy, TestNormalization normalization)
    {
        _settings = settings;
        _set = set;
        _test = test;
        _normalization = normalization;
        TestAccuracy = testAccuracy;

        // DistilledSetFile has checked that meta_json is one JSON object.
        _meta = JsonNode.Parse(set.LoadedMetaJson) as JsonObject ?? [];
        OriginalTestAccuracy = MetaNumber("original_test_accuracy");
        RecordedTestAccuracy = MetaNumber("test_accuracy") ?? MetaNumber("distilled_test_accuracy");
        RandomSubsetTestAccuracy = MetaNumber("random_subset_test_accuracy");
    }

    public double TestAccuracy { get; }

    public double? OriginalTestAccuracy { get; }

    public double? RecordedTestAccuracy { get; }

    public double? RandomSubsetTestAccuracy { get; }

    public IReadOnlyList<(string Phase, double Seconds)> Timings { get; init; } = [];

    public double TotalSeconds { get; init; }

    public string ToJson()
    {
        var o = new JsonObject
        {
            ["command"] = "evaluate",
            ["distilled"] = _settings.Distilled,
            ["dataset"] = _settings.Dataset,
            ["n_test"] = _test.Count,
            ["m"] = _set.Count,
            ["k"] = _set.Classes,
            ["d"] = _set.Inputs.Columns,
            ["p"] = _set.FeatureMap.OutputDimension,
            ["lambda_s"] = _set.LambdaS,
            ["feature_kind"] = _set.FeatureMap.Kind.ArtefactName(),
            ["image_shape"] = _set.ImageShape is { } shape ? new JsonArray(shape.Channels, shape.Height, shape.Width) : null,
            ["test_accuracy"] = double.IsNaN(TestAccuracy) ? null : TestAccuracy,
            ["original_test_accuracy"] = OriginalTestAccuracy,
            ["recorded_test_accuracy"] = RecordedTestAccuracy,
            ["random_subset_test_accuracy"] = RandomSubsetTestAccuracy,
            ["normalization"] = NormalizationName(),
            ["meta"] = _meta.DeepClone(),
            ["backend"] = LinearAlgebraBackends.Current.Name,
            ["threads"] = LinearAlgebraBackends.Current.Threads,
            ["timings_seconds"] = new JsonObject(Timings.Select(t => KeyValuePair.Create(t.Phase, (JsonNode?)Math.Round(t.Seconds, 4)))),
            ["total_seconds"] = Math.Round(TotalSeconds, 4),
        };
        return JsonText.Of(o);
    }

    public void WriteTable(TextWriter stdout)
    {
        var table = new SummaryTable("krr-distill evaluate");
        void Row(string name, string value) => table.Row(name, value);
        Row("distilled set", _settings.Distilled);
        Row("points", $"m = {_set.Count}, k = {_set.Classes} classes, d = {_set.Inputs.Columns}" + (_set.ImageShape is { } s ? $" ({s.Channels}×{s.Height}×{s.Width})" : string.Empty));
        Row("features", $"{_set.FeatureMap.Kind.ArtefactName()}, p = {_set.FeatureMap.OutputDimension}");
        Row("λ_S", _set.LambdaS.ToString("G6", CultureInfo.InvariantCulture));
        Row("data set", $"{_test.Name}: {_test.Count} test");
        if (_normalization != TestNormalization.Same)
        {
            Row("normalization", _normalization == TestNormalization.Artefact
                ? "the artefact's (differs from the data set's default)"
                : "the data set's (differs from the artefact's!)");
        }

        Row("test accuracy (W_S retrained here)", Percent(TestAccuracy));
        if (RecordedTestAccuracy is { } recorded)
        {
            Row("test accuracy recorded in meta_json", Percent(recorded));
        }

        if (OriginalTestAccuracy is { } original)
        {
            Row("original model test accuracy (meta_json)", Percent(original));
        }

        if (RandomSubsetTestAccuracy is { } random)
        {
            Row("random real subset test accuracy (meta_json)", Percent(random));
        }

        table.TimingRows(Timings, TotalSeconds);
        Row("backend", $"{LinearAlgebraBackends.Current.Name}, {LinearAlgebraBackends.Current.Threads} threads");
        table.Write(stdout);
    }

    private double? MetaNumber(string key)
        => _meta[key] is JsonValue value && value.TryGetValue(out double number) ? number : null;

    private string NormalizationName() => _normalization switch
    {
        TestNormalization.Same => "same",
        TestNormalization.Artefact => "artefact",
        _ => "dataset",
    };
}

/// <summary>How the test inputs were normalized relative to the artefact's <c>input_mean</c>/<c>input_std</c>/<c>input_divisor</c>.</summary>
internal enum TestNormalization
{
    /// <summary>The data set's normalization is the artefact's.</summary>
    Same,

    /// <summary>The pixels were re-normalized with the artefact's normalization, which differs from the data set's default.</summary>
    Artefact,

    /// <summary>They differ, and the data set's (real-valued) inputs were used as they are.</summary>
    DataSetDiffers,
}
