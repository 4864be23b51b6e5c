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
