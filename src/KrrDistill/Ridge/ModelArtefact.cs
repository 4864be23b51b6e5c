using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// The <c>model.npz</c> codec (docs/design.md "Artefacts") and the keys every artefact shares: <c>feature_kind</c> and the
/// feature parameters, <c>input_mean</c>/<c>input_std</c> float64 [d] and <c>input_divisor</c> 0-d (model input =
/// (raw / divisor − mean) / std), <c>image_shape</c> int64 [3] for images, and <c>meta_json</c>.
/// </summary>
internal static class ModelArtefact
{
    /// <summary>The tool's version, as written into artefacts.</summary>
    public static string? ToolVersion => typeof(ModelArtefact).Assembly.GetName().Version?.ToString(3);

    /// <summary>JSON options of every meta_json and report: compact, non-ASCII kept; <see cref="JsonText"/> writes NaN as null.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Save(string path, RidgeModel model)
    {
        var arrays = new OrderedDictionary<string, NpyArray>(StringComparer.Ordinal)
        {
            ["w"] = NpyArray.FromDoubles(model.Weights.Data, model.Weights.Rows, model.Weights.Columns),
            ["lambda"] = NpyArray.Scalar(model.Lambda),
        };
        AddInputAndFeatureKeys(arrays, model.FeatureMap, model.Normalization, model.ImageShape);
        arrays["meta_json"] = NpyArray.FromString(JsonText.Of(MetaJson(model)));
        NpzWriter.Write(path, arrays);
    }

    public static RidgeModel Load(string path) => Read(NpzReader.Read(path));

    /// <summary>The model in a <c>model.npz</c> already read.</summary>
    public static RidgeModel Read(NpzArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        (double[] w, int[] shape) = ArtefactArrays.NumericWithShape(archive, "w", ArtefactArrays.Any, ArtefactArrays.Any);
        int k = shape[0], p = shape[1];
        if (k < 1 || p < 1)
        {
            throw new DataFormatException($"{archive.Source}: key 'w' has shape {ArtefactArrays.FormatShape(shape)}; a model needs k ≥ 1 classes and p ≥ 1 features.");
        }

        ArtefactArrays.RequireFinite(archive, "w", w, shape);
        double lambda = ArtefactArrays.Scalar(archive, "lambda");
        if (!(lambda >= 0) || !double.IsFinite(lambda))
        {
            throw new DataFormatException($"{archive.Source}: key 'lambda' is {Format(lambda)}, expected a finite number ≥ 0.");
        }

        double[] mean = ArtefactArrays.Numeric(archive, "input_mean", ArtefactArrays.Any);
        int d = mean.Length;
        (InputNormalization normalization, ImageShape? imageShape) = ReadInputKeys(archive, d, "input_mean");
        IFeatureMap map = FeatureMapArtefact.FromArtefact(archive, d);
        if (map.OutputDimension != p)
        {
            throw new DataFormatException($"{archive.Source}: key 'w' has p = {p} columns but the feature map gives {map.OutputDimension} features.");
        }

        return new RidgeModel(new Matrix(k, p, w), lambda, map, normalization, imageShape)
        {
            LoadedMetaJson = archive.ContainsKey("meta_json") ? ArtefactArrays.Text(archive, "meta_json") : "{}",
        };
    }

    /// <summary>Adds <c>feature_kind</c>, the feature parameters, the input normalization and (for images) <c>image_shape</c>.</summary>
    public static void AddInputAndFeatureKeys(IDictionary<string, NpyArray> arrays, IFeatureMap featureMap, InputNormalization normalization, ImageShape? imageShape)
    {
        arrays["feature_kind"] = NpyArray.FromString(featureMap.Kind.ArtefactName());
        foreach (FeatureParameter parameter in featureMap.Parameters())
        {
            // An empty shape is a 0-d scalar (FromDoubles would make it 1-D).
            arrays[parameter.Key] = parameter.Shape.Length == 0
                ? NpyArray.Scalar(parameter.Values[0])
                : NpyArray.FromDoubles(parameter.Values, parameter.Shape);
        }

        arrays["input_mean"] = NpyArray.FromDoubles(normalization.Mean, normalization.Dimension);
        arrays["input_std"] = NpyArray.FromDoubles(normalization.Std, normalization.Dimension);
        arrays["input_divisor"] = NpyArray.Scalar(normalization.RawDivisor);
        if (imageShape is { } shape)
        {
            arrays["image_shape"] = NpyArray.FromInt64([shape.Channels, shape.Height, shape.Width], 3);
        }
    }

    /// <summary>
    /// Reads <c>input_mean</c>, <c>input_std</c>, <c>input_divisor</c> and <c>image_shape</c> for inputs of dimension
    /// <paramref name="d"/> (named after <paramref name="dimensionKey"/> in messages). A missing <c>input_divisor</c>
    /// (artefacts written by hand) is 255 when <c>image_shape</c> is present (8-bit images) and 1 otherwise.
    /// </summary>
    public static (InputNormalization Normalization, ImageShape? Shape) ReadInputKeys(NpzArchive archive, int d, string dimensionKey)
    {
        string source = archive.Source;
        double[] mean = ArtefactArrays.Numeric(archive, "input_mean", d);
        ArtefactArrays.RequireFinite(archive, "input_mean", mean, [d]);
        double[] std = ArtefactArrays.Numeric(archive, "input_std", d);
        for (int j = 0; j < d; j++)
        {
            if (!(std[j] > 0) || !double.IsFinite(std[j]))
            {
                throw new DataFormatException($"{source}: key 'input_std' holds {Format(std[j])} at index [{j}]; every std must be positive and finite.");
            }
        }

        ImageShape? imageShape = ReadImageShape(archive, d, dimensionKey);
        double divisor = imageShape is null ? 1.0 : 255.0;
        if (archive.ContainsKey("input_divisor"))
        {
            divisor = ArtefactArrays.Scalar(archive, "input_divisor");
            if (!(divisor > 0) || !double.IsFinite(divisor))
            {
                throw new DataFormatException($"{source}: key 'input_divisor' is {Format(divisor)}, expected a positive finite number.");
            }
        }

        return (new InputNormalization(mean, std, divisor), imageShape);
    }

    /// <summary>
    /// The meta_json of a model: how it was fit, its feature map and the tool. A model read from a file keeps what its
    /// file recorded (the data set, the seed, the fit's counts), so saving it again writes the same record; only what the
    /// model itself shows (the map, λ, the tool) is written over.
    /// </summary>
    public static JsonObject MetaJson(RidgeModel model)
    {
        JsonObject meta = FeatureMeta(model.FeatureMap, model.FitResult?.DatasetName);
        if (model.FitResult is null && Recorded(model.LoadedMetaJson) is { } recorded)
        {
            foreach ((string key, JsonNode? value) in meta)
            {
                if (value is not null || !recorded.ContainsKey(key))
                {
                    recorded[key] = value?.DeepClone();
                }
            }

            meta = recorded;
        }

        meta["lambda"] = model.Lambda;
        if (model.FitResult is { } fit)
        {
            meta["validation_accuracy"] = NullIfNaN(fit.ValidationAccuracy);
            meta["n_train"] = fit.TrainCount;
            meta["n_validation"] = fit.ValidationCount;
            meta["rank"] = fit.Rank;
            meta["lambda_path"] = fit.Solver;
            meta["precision"] = fit.Precision.Name();
        }

        return WithTool(meta);
    }

    /// <summary>A loaded model's meta_json as an object, or null when it is not one.</summary>
    private static JsonObject? Recorded(string metaJson)
    {
        try
        {
            return JsonNode.Parse(metaJson) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The data set and the feature map's kind, width and (when drawn by <see cref="FeatureMap"/>) depth, σ² and seed.</summary>
    public static JsonObject FeatureMeta(IFeatureMap map, string? dataset)
    {
        FeatureMapOptions? options = FeatureMap.OptionsOf(map);
        return new JsonObject
        {
            ["dataset"] = dataset,
            ["features"] = map.Kind.ArtefactName(),
            ["width"] = map.OutputDimension,
            ["depth"] = map.Kind is FeatureKind.Fcnn or FeatureKind.Linear ? options?.Depth : null,
            ["rff_sigma2"] = map.Kind == FeatureKind.Rff ? options?.RffSigma2 : null,
            ["seed"] = options?.Seed,
            ["zca_eps"] = map is WhitenedFeatureMap whitened ? whitened.Whitening.Eps : null,
        };
    }

    public static JsonObject WithTool(JsonObject meta)
    {
        meta["tool"] = "krr-distill";
        meta["tool_version"] = ToolVersion;
        return meta;
    }

    public static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

    private static ImageShape? ReadImageShape(NpzArchive archive, int d, string dimensionKey)
    {
        const string Key = "image_shape";
        if (!archive.ContainsKey(Key))
        {
            return null;
        }

        double[] s = ArtefactArrays.Numeric(archive, Key, 3);
        foreach (double v in s)
        {
            if (!(v >= 1 && v <= int.MaxValue && v == Math.Floor(v)))
            {
                throw new DataFormatException($"{archive.Source}: key '{Key}' is [{string.Join(", ", s.Select(Format))}], expected three positive integers (channels, height, width).");
            }
        }

        var shape = new ImageShape((int)s[0], (int)s[1], (int)s[2]);
        if ((long)shape.Channels * shape.Height * shape.Width != d)
        {
            throw new DataFormatException($"{archive.Source}: key '{Key}' is [{shape.Channels}, {shape.Height}, {shape.Width}], which holds {(long)shape.Channels * shape.Height * shape.Width} values, but '{dimensionKey}' has d = {d} columns.");
        }

        return shape;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
