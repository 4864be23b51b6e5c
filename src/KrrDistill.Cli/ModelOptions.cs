using System.CommandLine;
using KrrDistill.Features;

namespace KrrDistill.Cli;

/// <summary>The options that choose the data, the feature map and the original model, shared by <c>fit</c> and <c>distill</c>.</summary>
internal sealed class ModelOptions
{
    private readonly Option<string?> _dataset = new("--dataset") { Description = "mnist, fashion-mnist, fashion-mnist-sample, cifar10, cifar100 (cifar100-coarse: its 20 superclasses), folder:PATH (an image folder), or a .npz/.csv file or NPY directory" };
    private readonly Option<string?> _stats = new Option<string?>("--stats") { Description = "Fit from the statistics of every shard (stats.npz from 'stats' and 'merge') instead of a pass over the training data; --dataset then gives the validation rows and the test set, or, without it, λ is chosen by the validation MSE from the statistics" }.InputPath();
    private readonly Option<double?> _zca = new Option<double?>("--zca") { Description = "ZCA-whiten the inputs before the feature map (off unless given), with ε (0.1, the paper's code's, when given alone), fitted on the training split (docs/theory.md §4)", Arity = ArgumentArity.ZeroOrOne, HelpName = "ε" }.Strict();
    private readonly Option<string?> _zcaFrom = new Option<string?>("--zca-from") { Description = "Whiten with the mean and covariance of a stats.npz of identity features (the merged 'stats --features identity' shards of this data set and seed) instead of a pass here; ε as --zca gives it (default 0.1)" }.InputPath();
    private readonly bool _withStats;
    private readonly bool _withZca;
    private readonly bool _withPrecision;
    private readonly bool _withLambda;

    /// <summary>
    /// The options; <paramref name="withStats"/> adds <c>--stats</c> (fit and distill), <paramref name="withZca"/> <c>--zca</c>
    /// and <c>--zca-from</c>, <paramref name="withPrecision"/> <c>--precision</c> (the commands that make statistics),
    /// <paramref name="withLambda"/> <c>--lambda</c> (the commands that fit the original model: not <c>stats</c>, whose
    /// statistics hold for every λ, nor <c>kip</c>, which solves its own labels).
    /// </summary>
    public ModelOptions(bool withStats = false, bool withZca = false, bool withPrecision = false, bool withLambda = true)
        => (_withStats, _withZca, _withPrecision, _withLambda) = (withStats, withZca, withPrecision, withLambda);
    private readonly Option<string?> _dataDir = new Option<string?>("--data-dir") { Description = "Directory holding the data set files (else $KRRDISTILL_DATA and the standard places)" }.InputPath(InputPaths.EmptyDirectory);
    private readonly Option<FeatureKind> _features = new Option<FeatureKind>("--features") { Description = "Feature map: identity, fcnn, rff or linear (deep linear network)", DefaultValueFactory = _ => FeatureKind.Fcnn }.Choice();
    private readonly Option<int?> _width = new Option<int?>("--width") { Description = "Feature dimension p (default d)" }.Strict();
    private readonly Option<int> _depth = new Option<int>("--depth") { Description = "fcnn/linear depth (layers)", DefaultValueFactory = _ => 1 }.Strict();
    private readonly Option<double> _sigma2 = new Option<double>("--rff-sigma2") { Description = "rff: A has i.i.d. N(0, 1/σ²) entries", DefaultValueFactory = _ => 1000.0 }.Strict();
    private readonly Option<int> _seed = new Option<int>("--seed") { Description = "Seed of every random draw (feature map, split, noise, real images chosen)", DefaultValueFactory = _ => 0 }.Strict();
    private readonly Option<double?> _lambda = new Option<double?>("--lambda") { Description = "Fix the original model's λ ≥ 0 instead of choosing it on the validation split" }.Strict();
    private readonly Option<string> _precision = new Option<string>("--precision") { Description = "Arithmetic of the training statistics pass: double, or single (float32 features and per-chunk Gram, summed in float64; λ path, solve and distillation stay double; docs/design.md)", DefaultValueFactory = _ => "double" }.OneOf("double", "single");
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object on stdout instead of the table" };
    private readonly Option<bool> _download = new("--download") { Description = "Fetch a named data set (mnist, fashion-mnist, cifar10, cifar100) first when it is not found, verified against its publisher's checksums" };
    private readonly Option<int[]?> _imageSize = new("--image-size") { HelpName = "H W", Description = "folder:PATH data sets: resize every image to H W (default: the first image's size, which all must have)", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _normalize = new("--normalize") { Description = "folder:PATH data sets: unit (pixel/255, the default), channels (each channel standardized by the training images' mean and std), or MEAN/STD per channel, e.g. 0.4914,0.4822,0.4465/0.2023,0.1994,0.2010 (CIFAR-10's)" };
    private readonly Option<bool> _skipBadImages = new("--skip-bad-images") { Description = "folder:PATH data sets: leave out images that cannot be decoded (each is decoded once when the folder is opened) instead of refusing the folder; their count is shown" };
    private readonly Option<string?> _mirror = new("--mirror") { Description = "With --download: a base URL to fetch the publishers' files from (or $KRRDISTILL_MIRROR)" };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _dataset, _dataDir, _download, _mirror, _imageSize, _normalize, _skipBadImages, _features, _width, _depth, _sigma2, _seed, _json })
        {
            command.Options.Add(option);
        }

        if (_withLambda)
        {
            command.Options.Add(_lambda);
        }

        if (_withStats)
        {
            command.Options.Add(_stats);
        }

        if (_withZca)
        {
            command.Options.Add(_zca);
            command.Options.Add(_zcaFrom);
        }

        if (_withPrecision)
        {
            command.Options.Add(_precision);
        }
    }

    /// <summary>
    /// The parsed values, with <paramref name="saveModel"/> for <c>fit --save-model</c>. Without <c>--stats</c>,
    /// <c>--dataset</c> is required; with it, the feature map comes from the statistics, so a feature option given as
    /// well is refused, and so is a <c>--seed</c> the statistics were not computed with (checked on loading them).
    /// </summary>
    public FitSettings Read(ParseResult parse, string? saveModel)
    {
        string? stats = _withStats ? parse.GetValue(_stats) : null;
        string? dataset = parse.GetValue(_dataset);
        if (dataset is null && stats is null)
        {
            throw new InputException("Dataset", $"is required: name a data set (mnist, fashion-mnist, fashion-mnist-sample, cifar10, cifar100, cifar100-coarse), folder:PATH or a .npz/.csv file{(_withStats ? ", or give --stats" : "")}.");
        }

        if (stats is not null && MpiLaunch.World is not null)
        {
            throw new InputException("--stats replaces the pass over the data that MPI ranks would share; run it without mpiexec/srun.");
        }

        Option[] whitening = _withZca ? [_zca, _zcaFrom] : [];
        if (stats is not null && ExplicitOptions.FirstGiven(parse, [_features, _width, _depth, _sigma2, .. whitening]) is { } feature)
        {
            throw new InputException($"{feature.Name} does not apply with --stats: the feature map comes from the statistics.");
        }

        if (stats is not null && _withPrecision && ExplicitOptions.FirstGiven(parse, [_precision]) is not null)
        {
            throw new InputException("--precision does not apply with --stats: the statistics were summed in the precision they record.");
        }

        if (dataset is not null && !Data.DatasetCatalog.IsImageFolder(dataset) && ExplicitOptions.FirstGiven(parse, [_imageSize, _normalize, _skipBadImages]) is { } folderOnly)
        {
            throw new InputException($"{folderOnly.Name} applies to image folders (--dataset folder:PATH) only; {Printable.Escape(dataset)} is not one.");
        }

        double? zca = _withZca && ExplicitOptions.FirstGiven(parse, [_zca]) is not null ? parse.GetValue(_zca) ?? Features.Whitening.DefaultEps : null;
        if (zca is { } eps)
        {
            Features.Whitening.RequireEps(eps); // before any data are read
        }

        return new(
            dataset ?? "", parse.GetValue(_dataDir), parse.GetValue(_features),
            parse.GetValue(_width), parse.GetValue(_depth), parse.GetValue(_sigma2), parse.GetValue(_seed),
            _withLambda ? parse.GetValue(_lambda) : null, saveModel, parse.GetValue(_json))
        {
            Stats = stats,
            SeedGiven = ExplicitOptions.FirstGiven(parse, [_seed]) is not null,
            Download = parse.GetValue(_download) || parse.GetValue(_mirror) is not null
                ? Data.Downloads.FetchOptions.For(parse.GetValue(_dataDir), parse.GetValue(_mirror)) // a bad --mirror is refused even when it would not be used
                : null,
            ImageSize = parse.GetValue(_imageSize) is [int height, int width] ? (height, width) : null,
            ImageScaling = parse.GetValue(_normalize) is { } scaling ? Data.Images.ImageScaling.Parse(scaling) : Data.Images.ImageScaling.Unit,
            SkipBadImages = parse.GetValue(_skipBadImages),
            Precision = _withPrecision ? Ridge.Precisions.Parse(parse.GetValue(_precision) ?? "double") : Ridge.Precision.Double,
            Zca = zca,
            ZcaFrom = _withZca ? parse.GetValue(_zcaFrom) : null,
        };
    }
}
