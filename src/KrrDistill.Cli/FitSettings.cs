using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary>CLI only: the parsed options of <c>krr-distill fit</c> (and the model options of distill and kip).</summary>
internal sealed record FitSettings(
    string Dataset,
    string? DataDirectory,
    FeatureKind Features,
    int? Width,
    int Depth,
    double RffSigma2,
    int Seed,
    double? Lambda,
    string? SaveModel,
    bool Json)
{
    /// <summary>The statistics to fit from (<c>--stats</c>), or null for a pass over the data.</summary>
    public string? Stats { get; init; }

    /// <summary><c>--download</c> (with <c>--mirror</c>): where and how to fetch a named data set that is not found; null without the flag.</summary>
    public Data.Downloads.FetchOptions? Download { get; init; }

    /// <summary><c>--image-size H W</c>, for image folders.</summary>
    public (int Height, int Width)? ImageSize { get; init; }

    /// <summary>How an image folder becomes a data set: <c>--image-size</c>, <c>--normalize</c>, <c>--skip-bad-images</c>, and the held-out test split seeded by <c>--seed</c>.</summary>
    public Data.Images.ImageFolderOptions ImageOptions => new() { Size = ImageSize, Seed = Seed, Scaling = ImageScaling, SkipUnreadable = SkipBadImages };

    /// <summary><c>--normalize</c>, for image folders.</summary>
    public Data.Images.ImageScaling ImageScaling { get; init; } = Data.Images.ImageScaling.Unit;

    /// <summary><c>--zca [ε]</c>: the whitening's ε, or null for none.</summary>
    public double? Zca { get; init; }

    /// <summary><c>--zca-from FILE</c>: the identity-feature statistics to whiten with, or null.</summary>
    public string? ZcaFrom { get; init; }

    /// <summary>
    /// <paramref name="map"/> behind the ZCA whitening of the training split's rows when <c>--zca</c> asks (one more pass
    /// over them, split over MPI ranks when there are any) or <c>--zca-from</c> gives their moments, else <paramref name="map"/> itself.
    /// </summary>
    public IFeatureMap Whiten(IFeatureMap map, TrainingSplit split, IProgress<ProgressReport>? progress, PhaseTimer timer, string? job = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        IFeatureMap whitened;
        if (ZcaFrom is { } path)
        {
            whitened = FeatureMap.Whitened(map, Whitening.Fit(Moments(path, split).Train, Zca ?? Whitening.DefaultEps));
        }
        else if (Zca is { } eps)
        {
            whitened = Distributed.DistributedFit.Whiten(map, split, eps, RidgeOptions, MpiLaunch.World, progress, job); // split over MPI ranks when there are any
        }
        else
        {
            return map;
        }

        timer.Lap("whitening (mean, covariance, eigenvectors)");
        return whitened;
    }

    /// <summary>
    /// <c>--zca-from</c>: complete statistics of the identity map over this training split (same samples, seed and
    /// validation fraction), which hold its mean and covariance.
    /// </summary>
    private StatisticsArtefact Moments(string path, TrainingSplit split)
    {
        StatisticsArtefact a = StatisticsArtefact.Load(path);
        Dataset train = split.Train.Data;
        string? why = a.FeatureMap is not { Kind: FeatureKind.Identity } or WhitenedFeatureMap ? $"holds {a.FeatureMap.Kind.ArtefactName()} features{(a.FeatureMap is WhitenedFeatureMap ? " (whitened)" : "")}, not identity features: make it with 'stats --features identity'"
            : !a.Complete ? $"covers shards {a.ShardText}: merge every shard first"
            : a.FeatureMap.InputDimension != train.Dimension ? $"has d = {a.FeatureMap.InputDimension}, the data set {train.Dimension}"
            : !a.IsFrom(train) ? $"was computed on other samples ({a.Source}{(a.SourceFingerprint is { } fingerprint ? $", fingerprint {fingerprint[..12]}, not {train.Fingerprint[..12]}" : "")})"
            : a.Seed != Seed || a.ValidationFraction != RidgeOptions.ValidationFraction ? $"was computed with seed {a.Seed} and validation fraction {a.ValidationFraction}, so on another training split (here: seed {Seed}, {RidgeOptions.ValidationFraction})"
            : a.Train.Count != split.Train.Count ? $"sums {a.Train.Count} rows, the training split has {split.Train.Count}"
            : null;
        return why is null ? a : throw new InputException($"--zca-from {path} {why}.");
    }

    /// <summary><c>--skip-bad-images</c>, for image folders.</summary>
    public bool SkipBadImages { get; init; }

    /// <summary>True when <c>--seed</c> was typed (not left at its default).</summary>
    public bool SeedGiven { get; init; }

    /// <summary>True when a data set was named (always, unless <c>--stats</c> stands in for it).</summary>
    public bool HasDataset => Dataset.Length > 0;

    /// <summary>The feature-map options these flags give.</summary>
    public FeatureMapOptions FeatureOptions => new() { Width = Width, Depth = Depth, RffSigma2 = RffSigma2, Seed = Seed };

    /// <summary>The ridge options these flags give.</summary>
    public KernelRidgeOptions RidgeOptions => new() { Lambda = Lambda, Seed = Seed, Precision = Precision };

    /// <summary>The arithmetic of the training statistics pass (<c>--precision</c>).</summary>
    public Precision Precision { get; init; }

    /// <summary>The files the data set is read from (full paths; empty when it is not found), which no output may replace.</summary>
    public IReadOnlyList<string> InputFiles()
        => [.. DatasetCatalog.InputFiles(Dataset, DataDirectory), .. new[] { Stats, ZcaFrom }.OfType<string>().Select(Path.GetFullPath)];

    /// <summary>
    /// Loads the data set (fetching it first when <c>--download</c> asks), and reports as a warning the images of a folder
    /// that were skipped (<c>--skip-bad-images</c>).
    /// </summary>
    public DatasetPair LoadData(IProgress<ProgressReport>? progress)
    {
        DataDownload.FetchIfAsked(this, progress);
        progress?.Report(new ProgressReport($"loading {Dataset}", 0));
        DatasetPair data = DatasetCatalog.Load(Dataset, DataDirectory, ImageOptions);
        if (data.Skipped is { Count: > 0 } skipped)
        {
            string names = string.Join(", ", skipped.Take(3).Select(Path.GetFileName)) + (skipped.Count > 3 ? ", …" : "");
            progress?.Report(ProgressReport.Warning($"skipped {skipped.Count} image{(skipped.Count == 1 ? "" : "s")} of {Dataset} that could not be decoded ({names}); the data set is the {data.Train.Count} + {data.Test.Count} others."));
        }

        return data;
    }

    /// <summary>Loads the data set and draws the feature map, timing both on <paramref name="timer"/>.</summary>
    public (DatasetPair Data, IFeatureMap Map) LoadDataAndFeatures(IProgress<ProgressReport> progress, PhaseTimer timer)
    {
        RidgeOptions.Validate();
        DatasetPair data = LoadData(progress);
        timer.Lap("load data");
        IFeatureMap map = FeatureMap.Create(Features, data.Train.Dimension, FeatureOptions);
        timer.Lap("draw feature map");
        return (data, map);
    }
}
