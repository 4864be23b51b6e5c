using KrrDistill.Privacy;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Privacy;

/// <summary>
/// <see cref="PrivacyOptions.Create"/>, which the CLI's --privacy options and the Python package both read through:
/// each mode's own settings, the defaults, and a setting of the other mode refused by name.
/// </summary>
public sealed class PrivacyOptionsTests
{
    [Fact]
    public void EachModeTakesItsOwnSettingsAndTheDefaults()
    {
        var dp = Assert.IsType<WholeSetPrivacyOptions>(PrivacyOptions.Create(PrivacyMode.Dp, clipNorm: 2, clipFeatures: false, noiseSeed: 4, publicValidationSplit: true));
        Assert.Equal((1.0, 1e-5, 2.0, false, 4, true), (dp.Epsilon, dp.Delta, dp.ClipNorm, dp.ClipFeatures, dp.NoiseSeed, dp.PublicValidationSplit));
        var row = Assert.IsType<RowPrivacyOptions>(PrivacyOptions.Create(PrivacyMode.RowDp, epsilon: 0.5, delta: 1e-6, smallestSingularValueBound: 0.25));
        Assert.Equal((0.5, 1e-6, (double?)null, true, 0.25), (row.Epsilon, row.Delta, row.ClipNorm, row.ClipFeatures, row.SmallestSingularValueBound));
    }

    [Fact]
    public void ASettingOfTheOtherMode_IsRefusedByName()
    {
        Assert.Equal(nameof(RowPrivacyOptions.SmallestSingularValueBound), Assert.Throws<InputException>(() => PrivacyOptions.Create(PrivacyMode.Dp, smallestSingularValueBound: 1)).Property);
        Assert.Equal(nameof(WholeSetPrivacyOptions.PublicValidationSplit), Assert.Throws<InputException>(() => PrivacyOptions.Create(PrivacyMode.RowDp, publicValidationSplit: false)).Property);
        CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--privacy", "dp", "--lambda", "0.01", "--sigma0", "1").AssertBadInput("--sigma0 applies to privacy row-dp only");
        CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--privacy", "row-dp", "--public-validation").AssertBadInput("--public-validation applies to privacy dp only");
    }

    [Fact]
    public void AMessageReferringToAnotherOption_NamesItAsTheFrontEndDoes()
    {
        var error = new InputException(nameof(KernelRidgeOptions.Lambda), $"or {OptionNames.Refer(nameof(WholeSetPrivacyOptions.PublicValidationSplit))}.");
        Assert.Equal("--lambda or --public-validation.", OptionNames.Message(error, OptionNames.Flag));
        Assert.Equal("lam or public_validation.", OptionNames.Message(error, OptionNames.Python));
        CliRun.Of("distill", "--dataset", "fashion-mnist-sample", "--privacy", "dp")
            .AssertBadInput("--lambda must be fixed for whole-set privacy unless it is chosen on a validation split declared public (--public-validation)");
    }
}
