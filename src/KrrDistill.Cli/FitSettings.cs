namespace KrrDistill.Cli;

/// <summary>The parsed options of <c>krr-distill fit</c> (and the model options of distill and kip).</summary>
internal sealed record FitSettings(
    string Dataset,
    string? DataDirectory,
    string Features,
    int? Width,
    int Depth,
    double RffSigma2,
    int Seed,
    double? Lambda,
    string? SaveModel,
    bool Json)
{
    /// <summary>The command and the fields naming the data and the feature map (p = <paramref name="width"/>), as every report writes them.</summary>
    public System.Text.Json.Nodes.JsonObject ModelJson(string command, int width) => new()
    {
        ["command"] = command,
        ["dataset"] = Dataset,
        ["features"] = Features,
        ["width"] = width,
        ["depth"] = Features is "fcnn" or "linear" ? Depth : null,
        ["rff_sigma2"] = Features == "rff" ? RffSigma2 : null,
        ["seed"] = Seed,
    };

    /// <summary>Loads the data set and draws the feature map, timing both on <paramref name="timer"/>.</summary>
    public (KrrDistill.Data.DatasetPair Data, KrrDistill.Features.IFeatureMap Map) LoadDataAndFeatures(
        KrrDistill.LinearAlgebra.ILinearAlgebraBackend backend, IProgress<ProgressReport> progress, KrrDistill.Ridge.PhaseTimer timer)
    {
        progress.Report(new ProgressReport($"loading {Dataset}", 0));
        KrrDistill.Data.DatasetPair data = KrrDistill.Data.DatasetCatalog.Load(Dataset, DataDirectory);
        timer.Lap("load data");
        KrrDistill.Features.IFeatureMap map = KrrDistill.Features.FeatureMapFactory.Create(Features, data.Train.Dimension, Width, Depth, RffSigma2, Seed, backend);
        timer.Lap("draw feature map");
        return (data, map);
    }
}
