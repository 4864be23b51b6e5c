using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// A distilled data set (X_S, Y_S, λ_S) with everything needed to retrain and view it: samples as rows, X_S (m×d) in
/// model-input (normalized) space, Y_S (m×k), the feature map φ, the input normalization and, for images, their shape.
/// KRR on (φ(X_S), Y_S, λ_S) gives W_S (docs/theory.md §1): <see cref="Fit"/>. <see cref="Save"/> writes <c>distilled.npz</c>,
/// which <c>np.load</c> reads with nothing else, and <see cref="Load"/> reads it (or one written by hand) back.
/// </summary>
public sealed class DistilledSet
{
    /// <summary>X_S (m×d), model-input space.</summary>
    public required Matrix Inputs { get; init; }

    /// <summary>Y_S (m×k).</summary>
    public required Matrix Labels { get; init; }

    /// <summary>λ_S ≥ 0.</summary>
    public required double LambdaS { get; init; }

    /// <summary>The feature map φ.</summary>
    public required IFeatureMap FeatureMap { get; init; }

    /// <summary>How raw pixels map to model inputs (so a viewer can undo it).</summary>
    public required InputNormalization Normalization { get; init; }

    /// <summary>Shape of one image, or null for non-image data.</summary>
    public ImageShape? ImageShape { get; init; }

    /// <summary>For real initialization: the real images X̂_S (m×d) the set started from; else null.</summary>
    public Matrix? InitialInputs { get; init; }

    /// <summary>How the set was made (null for a set loaded from a file).</summary>
    public DistillationResult? Result { get; internal set; }

    /// <summary>The meta_json the set was loaded with (<c>{}</c> when absent or for a set made in this process).</summary>
    public string LoadedMetaJson { get; init; } = "{}";

    /// <summary>Where the set lies in pixel space (null for inputs that are not 8-bit images); computed once, on first use.</summary>
    public PixelRange? Pixels
    {
        get
        {
            if (!_pixelsKnown)
            {
                (_pixels, _pixelsKnown) = (PixelRange.Of(this), true);
            }

            return _pixels;
        }
    }

    private PixelRange? _pixels;
    private bool _pixelsKnown;

    /// <summary>Number of distilled points m.</summary>
    public int Count => Inputs.Rows;

    /// <summary>Number of classes k.</summary>
    public int Classes => Labels.Columns;

    /// <summary>
    /// W_S: KRR retrained on the set, on φ(X_S) recomputed from the stored inputs (dual form, m ≤ p, or primal), with
    /// λ_S. This is the one retraining that <c>distill</c>, <c>kip</c>, <c>evaluate</c> and <c>reproduce</c> all report.
    /// </summary>
    public RidgeModel Fit() => FitOn(Features());

    /// <summary>
    /// φ(X_S) (m×p): the first call after construction returns the features computed then, if the inputs still hold the
    /// same values (their hash is compared: a sixtieth of the map's cost at CIFAR size), and lets the set forget them
    /// (123 MB at m = 5,000, p = 3,072); every other call recomputes them.
    /// </summary>
    internal Matrix Features()
    {
        (ulong InputsHash, Matrix Features)? kept = _constructedFeatures;
        _constructedFeatures = null;
        if (kept is { } constructed && constructed.InputsHash == InputsHash())
        {
            return constructed.Features;
        }

        var phi = new Matrix(Count, FeatureMap.OutputDimension);
        FeatureMap.Map(Inputs.Data, Count, phi.Data);
        return phi;
    }

    /// <summary>Keeps φ(X_S) (m×p), computed from the current inputs, for <see cref="Features"/>.</summary>
    internal void KeepFeatures(Matrix features) => _constructedFeatures = (InputsHash(), features);

    private ulong InputsHash() => System.IO.Hashing.XxHash3.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Inputs.Data.AsSpan()));

    private (ulong InputsHash, Matrix Features)? _constructedFeatures;

    /// <summary>W_S from the set's features <paramref name="features"/> (= <see cref="Features"/>), Y_S and λ_S.</summary>
    internal RidgeModel FitOn(Matrix features)
        => new(KernelRidgeSolver.Solve(features, Labels, LambdaS), LambdaS, FeatureMap, Normalization, ImageShape);

    /// <summary>
    /// Writes <c>distilled.npz</c> atomically (docs/design.md "Artefacts"), with a meta_json that says how the set was made
    /// and, when <paramref name="comparison"/> is given, what it measured: the same file the CLI writes.
    /// Throws <see cref="ArgumentException"/> for a set that would not load back (nothing is written then).
    /// </summary>
    public void Save(string path, DistillationComparison? comparison = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (comparison is not null && Result?.Method == "private")
        {
            throw new ArgumentException("a private set is saved without a comparison: its baselines and the original model's accuracy are not private.", nameof(comparison));
        }

        DistilledSetFile.Save(path, this, JsonText.Of(MetaJson(comparison)));
    }

    /// <summary>Reads and validates a <c>distilled.npz</c>; a bad file throws <see cref="DataFormatException"/> naming the file and key.</summary>
    public static DistilledSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return DistilledSetFile.Read(NpzReader.Read(path));
    }

    /// <summary>
    /// Records the class names <paramref name="data"/>'s source gives (an image folder's sub-folders) in this set's
    /// meta_json (<c>class_names</c>), when it gives them; returns this set.
    /// </summary>
    internal DistilledSet NamingClassesOf(Data.Dataset data)
    {
        if (data.ClassNames is { } names && Result is { } result && names.Count == Classes)
        {
            result.ExtraMeta ??= [];
            result.ExtraMeta["class_names"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]);
        }

        return this;
    }

    /// <summary>
    /// The meta_json of this set: the data set, the feature map, how it was distilled, the errors and, with
    /// <paramref name="comparison"/>, the accuracies. A loaded set keeps the meta_json it was loaded with.
    /// </summary>
    public JsonObject MetaJson(DistillationComparison? comparison = null)
    {
        if (Result is not { } result)
        {
            return (JsonNode.Parse(LoadedMetaJson) as JsonObject) ?? [];
        }

        JsonObject meta = ModelArtefact.FeatureMeta(FeatureMap, result.DatasetName);
        DistillerOptions? options = result.Options;
        meta["ipc"] = options?.ImagesPerClass ?? Count / Math.Max(1, Classes);
        meta["m"] = Count;
        meta["init"] = options?.Init.Name() ?? (InitialInputs is null ? "noise" : "real");
        meta["method"] = result.Method;
        meta["labels"] = result.LabelKind;
        meta["lambda"] = ModelArtefact.NullIfNaN(result.OriginalLambda);
        meta["lambda_s"] = LambdaS;
        meta["lambda_s_requested"] = result.RequestedLambdaS;
        meta["lambda_s_capped"] = result.LambdaCapped;
        meta["root"] = options is null ? null : options.PlusRoot ? "plus" : "minus";
        meta["relative_error_before_inversion"] = ModelArtefact.NullIfNaN(result.ErrorBeforeInversion);
        meta["feature_scale"] = result.FeatureScale;
        if (Pixels is { } pixels)
        {
            meta["pixel_range"] = new JsonArray(pixels.Minimum, pixels.Maximum);
            meta["pixels_outside_range"] = pixels.FractionOutside;
            meta["distance_to_initial"] = pixels.DistanceToInitial;
        }

        if (result.InversionRoutes.Count > 0)
        {
            meta["inversion"] = new JsonArray([.. result.InversionRoutes.Select(r => (JsonNode)r.ToString().ToLowerInvariant())]);
        }
        if (result.OriginalFit is { } fit)
        {
            meta["validation_accuracy"] = ModelArtefact.NullIfNaN(fit.ValidationAccuracy);
            meta["n_train"] = fit.TrainCount;
            meta["n_validation"] = fit.ValidationCount;
            meta["precision"] = fit.Precision.Name();
        }

        if (result.ExtraMeta is { } extra)
        {
            foreach ((string key, JsonNode? value) in extra)
            {
                meta[key] = value?.DeepClone();
            }
        }

        comparison?.AddTo(meta);
        if (result.Method == "kip" && comparison is not null)
        {
            // KIP's names: its set's accuracy, and its real start with one-hot labels and KIP's λ rule.
            meta["test_accuracy"] = comparison.DistilledTestAccuracy;
            meta["real_start_test_accuracy"] = ModelArtefact.NullIfNaN(comparison.RandomSubsetTestAccuracy);
            meta["real_start_lambda"] = ModelArtefact.NullIfNaN(comparison.RandomSubsetLambda);
        }

        return ModelArtefact.WithTool(meta);
    }
}
