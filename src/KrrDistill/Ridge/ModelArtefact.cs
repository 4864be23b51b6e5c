using KrrDistill.Data;
using KrrDistill.Features;

namespace KrrDistill.Ridge;

/// <summary>
/// Writes an original model as <c>model.npz</c> (DESIGN.md "Artefacts"): <c>w</c> float64 [k, p],
/// <c>lambda</c> 0-d, <c>feature_kind</c> unicode 0-d, every feature parameter under its key,
/// <c>input_mean</c>/<c>input_std</c> float64 [d] (model input = (pixel/255 − mean)/std),
/// <c>input_divisor</c> 0-d (255 for images, 1 for real-valued data), <c>image_shape</c> int64 [3]
/// for images, and <c>meta_json</c>. numpy alone can evaluate it: argmax of W·φ(x).
/// </summary>
public static class ModelArtefact
{
    /// <summary>
    /// Saves <paramref name="model"/>, with the input normalization and image shape of <paramref name="trainingData"/>,
    /// to <paramref name="path"/> atomically (a temporary file moved into place).
    /// </summary>
    public static void Save(string path, RidgeModel model, Dataset trainingData, string metaJson)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainingData);
        var arrays = new Dictionary<string, NpyArray>
        {
            ["w"] = NpyArray.FromDoubles(model.Weights.Data, model.Weights.Rows, model.Weights.Columns),
            ["lambda"] = NpyArray.Scalar(model.Lambda),
        };
        AddInputAndFeatureKeys(arrays, model.FeatureMap, trainingData);
        arrays["meta_json"] = NpyArray.FromString(metaJson);
        NpzWriter.Write(path, arrays);
    }

    /// <summary>
    /// Adds the keys every artefact shares: <c>feature_kind</c>, the feature parameters, <c>input_mean</c>,
    /// <c>input_std</c>, <c>input_divisor</c> and (for images) <c>image_shape</c>.
    /// </summary>
    public static void AddInputAndFeatureKeys(IDictionary<string, NpyArray> arrays, IFeatureMap featureMap, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(data);
        AddInputAndFeatureKeys(arrays, featureMap, data.Normalization, data.ImageShape);
    }

    /// <summary>
    /// As <see cref="AddInputAndFeatureKeys(IDictionary{string, NpyArray}, IFeatureMap, Dataset)"/>, from the
    /// normalization and image shape themselves (for artefacts, such as a distilled set, that hold no data set).
    /// </summary>
    internal static void AddInputAndFeatureKeys(IDictionary<string, NpyArray> arrays, IFeatureMap featureMap, InputNormalization normalization, ImageShape? imageShape)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(normalization);
        arrays["feature_kind"] = NpyArray.FromString(featureMap.Kind);
        foreach (FeatureParameter parameter in featureMap.Parameters())
        {
            // An empty shape is a 0-d scalar (FromDoubles would make it 1-D).
            arrays[parameter.Key] = parameter.Shape.Length == 0
                ? NpyArray.Scalar(parameter.Values[0])
                : NpyArray.FromDoubles(parameter.Values, parameter.Shape);
        }

        InputNormalization z = normalization;
        arrays["input_mean"] = NpyArray.FromDoubles(z.Mean, z.Dimension);
        arrays["input_std"] = NpyArray.FromDoubles(z.Std, z.Dimension);
        arrays["input_divisor"] = NpyArray.Scalar(z.RawDivisor);
        if (imageShape is { } shape)
        {
            arrays["image_shape"] = NpyArray.FromInt64([shape.Channels, shape.Height, shape.Width], 3);
        }
    }
}
