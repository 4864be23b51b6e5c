using System.Globalization;
using KrrDistill.Data;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Features;

/// <summary>
/// Rebuilds a feature map from the keys an artefact stores it under (docs/design.md "Artefacts"; written by
/// <see cref="Ridge.ModelArtefact.AddInputAndFeatureKeys"/>):
/// <list type="bullet">
/// <item><c>feature_kind</c> unicode 0-d: <c>identity</c>, <c>fcnn</c>, <c>rff</c> or <c>linear</c>;</item>
/// <item>fcnn: <c>fcnn_weight_0</c> … <c>fcnn_weight_{L−1}</c> [out, in], chained (layer l takes what layer
/// l−1 gives, layer 0 takes d), and <c>fcnn_negative_slope</c> 0-d (or shape (1,)) in (0, 1);</item>
/// <item>rff: <c>rff_a</c> [p, d] and <c>rff_b</c> [p];</item>
/// <item>linear: <c>linear_weight_0</c> … <c>linear_weight_{L−1}</c> [out, in], chained like fcnn;</item>
/// <item>identity: no parameters (p = d).</item>
/// </list>
/// The depth L is the number of consecutive <c>*_weight_l</c> keys from 0; a later index after a gap is
/// refused. Every parameter must be finite.
/// </summary>
internal static class FeatureMapArtefact
{
    /// <summary>
    /// The feature map stored in <paramref name="archive"/>, on inputs of dimension <paramref name="inputDimension"/>.
    /// Parameter arrays are used as read (not copied).
    /// </summary>
    /// <exception cref="DataFormatException">
    /// A key is missing, holds text instead of numbers (or the reverse), has a shape that does not fit, or holds a
    /// value that is not allowed; the one-line message names the archive and the key.
    /// </exception>
    public static IFeatureMap FromArtefact(NpzArchive archive, int inputDimension)
    {
        ArgumentNullException.ThrowIfNull(archive);
        IFeatureMap map = BaseMap(archive, inputDimension);
        return WhiteningOf(archive, inputDimension) is { } whitening ? new WhitenedFeatureMap(whitening, map) : map;
    }

    /// <summary>
    /// The ZCA whitening stored with the map (<c>zca_mean</c> [d], <c>zca_transform</c> [d, d], <c>zca_eps</c> 0-d), or null
    /// when the archive has none of these keys; one without the others is refused.
    /// </summary>
    private static Whitening? WhiteningOf(NpzArchive archive, int d)
    {
        string[] keys = ["zca_mean", "zca_transform", "zca_eps"];
        int present = keys.Count(archive.ContainsKey);
        if (present == 0)
        {
            return null;
        }

        if (present < keys.Length)
        {
            throw new DataFormatException($"{archive.Source}: key '{keys.First(k => !archive.ContainsKey(k))}' is missing; a ZCA whitening is stored as {string.Join(", ", keys)}.");
        }

        double[] mean = ArtefactArrays.Numeric(archive, "zca_mean", d);
        ArtefactArrays.RequireFinite(archive, "zca_mean", mean, [d]);
        (double[] transform, int[] shape) = ArtefactArrays.NumericWithShape(archive, "zca_transform", d, d);
        ArtefactArrays.RequireFinite(archive, "zca_transform", transform, shape);
        double eps = ArtefactArrays.Scalar(archive, "zca_eps");
        if (!(eps > 0) || !double.IsFinite(eps))
        {
            throw new DataFormatException($"{archive.Source}: key 'zca_eps' is {Format(eps)}, expected a positive number.");
        }

        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                if (transform[(i * d) + j] != transform[(j * d) + i])
                {
                    throw new DataFormatException($"{archive.Source}: key 'zca_transform' is not symmetric (entries [{i}, {j}] and [{j}, {i}] differ); a ZCA transform is.");
                }
            }
        }

        return new Whitening(mean, new Matrix(d, d, transform), eps);
    }

    private static IFeatureMap BaseMap(NpzArchive archive, int inputDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDimension, 1);
        string name = ArtefactArrays.Text(archive, "feature_kind");
        if (!FeatureKinds.TryParse(name, out FeatureKind kind))
        {
            throw new DataFormatException($"{archive.Source}: key 'feature_kind' is '{name}', expected one of {string.Join(", ", FeatureKinds.Names)}.");
        }

        switch (kind)
        {
            case FeatureKind.Identity:
                return new IdentityFeatureMap(inputDimension);
            case FeatureKind.Fcnn:
                {
                    IReadOnlyList<Matrix> weights = Layers(archive, "fcnn_weight_", inputDimension);
                    double slope = Slope(archive);
                    if (!(slope > 0 && slope < 1))
                    {
                        throw new DataFormatException($"{archive.Source}: key 'fcnn_negative_slope' is {Format(slope)}, expected a LeakyReLU slope in (0, 1).");
                    }

                    return new LeakyReluNetwork(weights, slope);
                }

            case FeatureKind.Rff:
                {
                    (double[] a, int[] shape) = ArtefactArrays.NumericWithShape(archive, "rff_a", ArtefactArrays.Any, inputDimension);
                    int p = shape[0];
                    RequireFeatures(archive, "rff_a", p, shape);
                    ArtefactArrays.RequireFinite(archive, "rff_a", a, shape);
                    double[] b = ArtefactArrays.Numeric(archive, "rff_b", p);
                    ArtefactArrays.RequireFinite(archive, "rff_b", b, [p]);
                    return new RandomFourierFeatures(new Matrix(p, inputDimension, a), b);
                }

            case FeatureKind.Linear:
                return new DeepLinearNetwork(Layers(archive, "linear_weight_", inputDimension));
            default:
                throw new ArgumentOutOfRangeException(nameof(archive), kind, "not a feature kind");
        }
    }

    /// <summary>
    /// The layers <c>{prefix}0</c>, <c>{prefix}1</c>, … [out, in]: layer 0 takes <paramref name="inputDimension"/>
    /// inputs, each later layer takes what the previous one gives.
    /// </summary>
    private static List<Matrix> Layers(NpzArchive archive, string prefix, int inputDimension)
    {
        var layers = new List<Matrix>();
        int fanIn = inputDimension;
        for (int l = 0; l == 0 || archive.ContainsKey(prefix + l.ToString(CultureInfo.InvariantCulture)); l++)
        {
            string key = prefix + l.ToString(CultureInfo.InvariantCulture);
            (double[] values, int[] shape) = ArtefactArrays.NumericWithShape(archive, key, ArtefactArrays.Any, fanIn);
            RequireFeatures(archive, key, shape[0], shape);
            ArtefactArrays.RequireFinite(archive, key, values, shape);
            layers.Add(new Matrix(shape[0], fanIn, values));
            fanIn = shape[0];
        }

        foreach (string key in archive.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && index > layers.Count)
            {
                throw new DataFormatException($"{archive.Source}: key '{key}' is present but '{prefix}{layers.Count}' is missing; layers must be numbered 0, 1, … without gaps.");
            }
        }

        return layers;
    }

    /// <summary>
    /// <c>fcnn_negative_slope</c>: 0-d, or shape (1,) as model.npz files from earlier builds hold it.
    /// </summary>
    private static double Slope(NpzArchive archive)
    {
        const string Key = "fcnn_negative_slope";
        NpyArray array = ArtefactArrays.Require(archive, Key);
        return array.Rank == 1 ? ArtefactArrays.Numeric(archive, Key, 1)[0] : ArtefactArrays.Scalar(archive, Key);
    }

    private static void RequireFeatures(NpzArchive archive, string key, int outputs, int[] shape)
    {
        if (outputs < 1)
        {
            throw new DataFormatException($"{archive.Source}: key '{key}' has shape {ArtefactArrays.FormatShape(shape)}; a layer needs at least one output.");
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
