using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Ridge;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Features;

/// <summary>Feature maps rebuilt from artefact keys: what ModelArtefact writes comes back; bad keys are named.</summary>
public class FeatureMapArtefactTests
{
    private static readonly ILinearAlgebraBackend Backend = new ManagedBackend();

    [Fact]
    public void ALoadedModelSavedAgainKeepsItsRecord()
    {
        using IDisposable scope = LinearAlgebraBackends.Use(Backend);
        Dataset data = Dataset.FromValues("toy", RandomMatrices.Gaussian(40, 6, 3).Data, 40, 6, [.. Enumerable.Range(0, 40).Select(i => i % 2)], 2, InputNormalization.None(6), null);
        IFeatureMap map = FeatureMap.Create(FeatureKind.Fcnn, 6, new FeatureMapOptions { Seed = 9 });
        RidgeModel fitted = new KernelRidge(map, new KernelRidgeOptions { Seed = 9 }).Fit(data);
        using var dir = new TempDirectory();
        fitted.Save(dir.File("first.npz"));
        RidgeModel.Load(dir.File("first.npz")).Save(dir.File("second.npz"));

        // Saving a loaded model writes the record it was read with (data set, seed, the fit's counts), not a poorer one.
        string first = ArtefactArrays.Text(NpzReader.Read(dir.File("first.npz")), "meta_json");
        string second = ArtefactArrays.Text(NpzReader.Read(dir.File("second.npz")), "meta_json");
        Assert.Contains("\"seed\":9", first, StringComparison.Ordinal);
        Assert.Contains("\"n_train\"", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("identity")]
    [InlineData("fcnn")]
    [InlineData("rff")]
    [InlineData("linear")]
    public void ModelArtefactsFeatureKeysRebuildTheSameMap(string kind)
    {
        const int D = 6;
        using IDisposable scope = LinearAlgebraBackends.Use(Backend);
        IFeatureMap map = FeatureMap.Create(Enum.Parse<FeatureKind>(kind, ignoreCase: true), D, new FeatureMapOptions { Width = kind == "identity" ? null : 5, Depth = 3, RffSigma2 = 2.0, Seed = 11 });
        using var dir = new TempDirectory();
        string path = dir.File("model.npz");
        Dataset data = Dataset.FromValues("toy", new double[2 * D], 2, D, [0, 1], 2, InputNormalization.None(D), null);
        new RidgeModel(new Matrix(2, map.OutputDimension), 1.0, map, data.Normalization, data.ImageShape).Save(path);

        IFeatureMap back = FeatureMapArtefact.FromArtefact(NpzReader.Read(path), D);
        Assert.Equal(map.GetType(), back.GetType());
        Matrix x = RandomMatrices.Gaussian(4, D, 12);
        var expected = new Matrix(4, map.OutputDimension);
        var actual = new Matrix(4, back.OutputDimension);
        map.Map(x.Data, 4, expected.Data);
        back.Map(x.Data, 4, actual.Data);
        Assert.Equal(expected.Data, actual.Data);
    }

    [Fact]
    public void LayersThatDoNotChainAreNamedWithTheExpectedShape()
    {
        var archive = Archive(("feature_kind", NpyArray.FromString("fcnn")), ("fcnn_weight_0", Zeros(5, 784)), ("fcnn_weight_1", Zeros(10, 6)), ("fcnn_negative_slope", NpyArray.Scalar(0.1)));
        var e = Assert.Throws<DataFormatException>(() => FeatureMapArtefact.FromArtefact(archive, 784));
        Assert.Equal("distilled.npz: key 'fcnn_weight_1' has shape (10, 6), expected (?, 5).", e.Message);
    }

    [Fact]
    public void FirstLayerMustTakeTheInputDimension()
    {
        var archive = Archive(("feature_kind", NpyArray.FromString("linear")), ("linear_weight_0", Zeros(10, 5)));
        var e = Assert.Throws<DataFormatException>(() => FeatureMapArtefact.FromArtefact(archive, 784));
        Assert.Equal("distilled.npz: key 'linear_weight_0' has shape (10, 5), expected (?, 784).", e.Message);
    }

    [Fact]
    public void AGapInLayerNumbersIsRefused()
    {
        var archive = Archive(("feature_kind", NpyArray.FromString("linear")), ("linear_weight_0", Zeros(3, 4)), ("linear_weight_2", Zeros(3, 3)));
        var e = Assert.Throws<DataFormatException>(() => FeatureMapArtefact.FromArtefact(archive, 4));
        Assert.Contains("key 'linear_weight_2' is present but 'linear_weight_1' is missing", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void SlopeOutsideTheOpenUnitIntervalIsRefused(double slope)
    {
        var archive = Archive(("feature_kind", NpyArray.FromString("fcnn")), ("fcnn_weight_0", Zeros(3, 4)), ("fcnn_negative_slope", NpyArray.Scalar(slope)));
        var e = Assert.Throws<DataFormatException>(() => FeatureMapArtefact.FromArtefact(archive, 4));
        Assert.Contains("key 'fcnn_negative_slope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlopeStoredAsAOneVectorIsRead()
    {
        // model.npz files from earlier builds stored the slope with shape (1,).
        var archive = Archive(("feature_kind", NpyArray.FromString("fcnn")), ("fcnn_weight_0", Zeros(3, 4)), ("fcnn_negative_slope", NpyArray.FromDoubles([0.2], 1)));
        var map = Assert.IsType<LeakyReluNetwork>(FeatureMapArtefact.FromArtefact(archive, 4));
        Assert.Equal(0.2, map.NegativeSlope);
    }

    [Fact]
    public void NanWeightIsRefusedWithItsIndex()
    {
        double[] a = new double[12];
        a[7] = double.NaN;
        var archive = Archive(("feature_kind", NpyArray.FromString("rff")), ("rff_a", NpyArray.FromDoubles(a, 3, 4)), ("rff_b", Zeros(3)));
        var e = Assert.Throws<DataFormatException>(() => FeatureMapArtefact.FromArtefact(archive, 4));
        Assert.Equal("distilled.npz: key 'rff_a' holds NaN at index [1, 3]; every value must be finite.", e.Message);
    }

    [Fact]
    public void FeatureKindMustBeText()
    {
        var archive = Archive(("feature_kind", NpyArray.Scalar(1.0)));
        var e = Assert.Throws<DataFormatException>(() => FeatureMapArtefact.FromArtefact(archive, 4));
        Assert.Contains("key 'feature_kind'", e.Message, StringComparison.Ordinal);
    }

    private static NpzArchive Archive(params (string Key, NpyArray Array)[] arrays)
        => new("distilled.npz", arrays.Select(a => KeyValuePair.Create(a.Key, a.Array)));

    private static NpyArray Zeros(params int[] shape) => NpyArray.FromDoubles(new double[shape.Aggregate(1, (p, n) => p * n)], shape);
}
