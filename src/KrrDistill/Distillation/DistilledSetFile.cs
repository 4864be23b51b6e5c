using System.Globalization;
using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// Saves and loads a <see cref="DistilledSet"/> as <c>distilled.npz</c> (docs/design.md "Artefacts"), which
/// <c>np.load</c> reads with nothing else. Keys, in file order:
/// <list type="bullet">
/// <item><c>x_s</c> float64 [m, d]: X_S in model-input (normalized) space, samples as rows;</item>
/// <item><c>y_s</c> float64 [m, k]; <c>lambda_s</c> float64 0-d, finite and ≥ 0;</item>
/// <item><c>feature_kind</c> unicode 0-d and the feature parameters (see <see cref="FeatureMapArtefact"/>);</item>
/// <item><c>input_mean</c>, <c>input_std</c> float64 [d] and <c>input_divisor</c> 0-d: model input =
/// (raw / divisor − mean) / std;</item>
/// <item><c>image_shape</c> int64 [3] (channels, height, width) when the data are images;</item>
/// <item><c>x_init</c> float64 [m, d], the real images real initialization started from, only when there are some;</item>
/// <item><c>meta_json</c> unicode 0-d: one JSON object of metadata.</item>
/// </list>
/// On load, <c>input_divisor</c> may be absent (artefacts written by hand): it is then taken as 255 when
/// <c>image_shape</c> is present (8-bit images) and 1 otherwise; <c>meta_json</c> may be absent and is then
/// <c>{}</c>. Any numeric dtype is accepted in place of float64 (and of int64 for <c>image_shape</c>); keys
/// the format does not know are ignored.
/// </summary>
internal static class DistilledSetFile
{
    /// <summary>
    /// Writes <paramref name="set"/> to <paramref name="path"/> atomically (a temporary file moved into place,
    /// so a failure leaves no file, or the previous one).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The set is inconsistent (shapes that do not fit, λ_S &lt; 0, a NaN or infinite value, meta_json not a JSON
    /// object): it would not load back, so nothing is written.
    /// </exception>
    public static void Save(string path, DistilledSet set, string metaJson)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(set);
        Validate(set, metaJson);
        var arrays = new OrderedDictionary<string, NpyArray>(StringComparer.Ordinal)
        {
            ["x_s"] = NpyArray.FromDoubles(set.Inputs.Data, set.Inputs.Rows, set.Inputs.Columns),
            ["y_s"] = NpyArray.FromDoubles(set.Labels.Data, set.Labels.Rows, set.Labels.Columns),
            ["lambda_s"] = NpyArray.Scalar(set.LambdaS),
        };
        ModelArtefact.AddInputAndFeatureKeys(arrays, set.FeatureMap, set.Normalization, set.ImageShape);
        if (set.InitialInputs is { } initial)
        {
            arrays["x_init"] = NpyArray.FromDoubles(initial.Data, initial.Rows, initial.Columns);
        }

        arrays["meta_json"] = NpyArray.FromString(metaJson);
        NpzWriter.Write(path, arrays);
    }

    /// <summary>Reads and validates the distilled set at <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">
    /// The file is missing or not an NPZ archive, a required key is missing, a key has the wrong dtype or shape,
    /// or a value is not allowed; the one-line message names the file and the key.
    /// </exception>
    public static DistilledSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(NpzReader.Read(path));
    }

    /// <summary>Validates the arrays of a distilled set already read (see <see cref="Load"/>).</summary>
    /// <exception cref="DataFormatException">As <see cref="Load"/>; messages name <see cref="NpzArchive.Source"/>.</exception>
    public static DistilledSet Read(NpzArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        string source = archive.Source;

        (double[] x, int[] xShape) = ArtefactArrays.NumericWithShape(archive, "x_s", ArtefactArrays.Any, ArtefactArrays.Any);
        int m = xShape[0], d = xShape[1];
        if (m < 1 || d < 1)
        {
            throw new DataFormatException($"{source}: key 'x_s' has shape {ArtefactArrays.FormatShape(xShape)}; a distilled set needs at least one point of at least one feature.");
        }

        ArtefactArrays.RequireFinite(archive, "x_s", x, xShape);

        (double[] y, int[] yShape) = ArtefactArrays.NumericWithShape(archive, "y_s", m, ArtefactArrays.Any);
        int k = yShape[1];
        if (k < 1)
        {
            throw new DataFormatException($"{source}: key 'y_s' has shape {ArtefactArrays.FormatShape(yShape)}; labels need at least one column.");
        }

        ArtefactArrays.RequireFinite(archive, "y_s", y, yShape);

        double lambda = ArtefactArrays.Scalar(archive, "lambda_s");
        if (!(lambda >= 0) || !double.IsFinite(lambda))
        {
            throw new DataFormatException($"{source}: key 'lambda_s' is {Format(lambda)}, expected a finite number ≥ 0.");
        }

        (InputNormalization normalization, ImageShape? imageShape) = ModelArtefact.ReadInputKeys(archive, d, "x_s");
        IFeatureMap featureMap = FeatureMapArtefact.FromArtefact(archive, d);

        Matrix? initial = null;
        if (archive.ContainsKey("x_init"))
        {
            double[] x0 = ArtefactArrays.Numeric(archive, "x_init", m, d);
            ArtefactArrays.RequireFinite(archive, "x_init", x0, [m, d]);
            initial = new Matrix(m, d, x0);
        }

        string meta = "{}";
        if (archive.ContainsKey("meta_json"))
        {
            meta = ArtefactArrays.Text(archive, "meta_json");
            if (!IsJsonObject(meta))
            {
                throw new DataFormatException($"{source}: key 'meta_json' is not a JSON object.");
            }
        }

        return new DistilledSet
        {
            Inputs = new Matrix(m, d, x),
            Labels = new Matrix(m, k, y),
            LambdaS = lambda,
            FeatureMap = featureMap,
            Normalization = normalization,
            ImageShape = imageShape,
            InitialInputs = initial,
            LoadedMetaJson = meta,
        };
    }

    /// <summary>Checks that <paramref name="set"/> would load back, so that a bad set is never written.</summary>
    private static void Validate(DistilledSet set, string metaJson)
    {
        int m = set.Inputs.Rows, d = set.Inputs.Columns;
        if (m < 1 || d < 1)
        {
            throw new ArgumentException($"X_S is {m}×{d}; a distilled set needs at least one point of at least one feature.", nameof(set));
        }

        if (set.Labels.Rows != m || set.Labels.Columns < 1)
        {
            throw new ArgumentException($"Y_S is {set.Labels.Rows}×{set.Labels.Columns} but X_S has {m} rows.", nameof(set));
        }

        if (!(set.LambdaS >= 0) || !double.IsFinite(set.LambdaS))
        {
            throw new ArgumentException($"λ_S must be finite and ≥ 0 (got {Format(set.LambdaS)}).", nameof(set));
        }

        if (set.FeatureMap.InputDimension != d)
        {
            throw new ArgumentException($"φ takes {set.FeatureMap.InputDimension} inputs but X_S has {d} columns.", nameof(set));
        }

        if (set.Normalization.Dimension != d)
        {
            throw new ArgumentException($"the input normalization has {set.Normalization.Dimension} features but X_S has {d} columns.", nameof(set));
        }

        if (set.ImageShape is { } shape && shape.Size != d)
        {
            throw new ArgumentException($"image shape {shape} does not hold {d} values.", nameof(set));
        }

        if (set.InitialInputs is { } initial && (initial.Rows != m || initial.Columns != d))
        {
            throw new ArgumentException($"X̂_S is {initial.Rows}×{initial.Columns} but X_S is {m}×{d}.", nameof(set));
        }

        RequireFinite(set.Inputs.Data, "X_S");
        RequireFinite(set.Labels.Data, "Y_S");
        RequireFinite(set.Normalization.Mean, "the input mean");
        if (set.InitialInputs is { } x0)
        {
            RequireFinite(x0.Data, "X̂_S");
        }

        if (!IsJsonObject(metaJson))
        {
            throw new ArgumentException("MetaJson must be one JSON object.", nameof(set));
        }
    }

    private static void RequireFinite(double[] values, string name)
    {
        if (!Array.TrueForAll(values, double.IsFinite))
        {
            throw new ArgumentException($"{name} holds NaN or infinite values.");
        }
    }

    private static bool IsJsonObject(string? text)
    {
        if (text is null)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
