using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Every numeric option follows one rule (invariant digits, a dot for decimals, no group separators, finite):
/// a value read by other rules is refused, naming the option and showing a valid form, never a .NET type name.
/// </summary>
public class NumberParsingTests
{
    [Theory]
    [InlineData("fit", "--lambda", "0,5")]
    [InlineData("fit", "--lambda", "1,000")]
    [InlineData("fit", "--lambda", "1 000")]
    [InlineData("fit", "--lambda", "inf")]
    [InlineData("fit", "--lambda", "0x10")]
    [InlineData("fit", "--rff-sigma2", "1e400")]
    [InlineData("fit", "--width", "1.5")]
    [InlineData("fit", "--width", "1,000")]
    [InlineData("fit", "--seed", "99999999999")]
    [InlineData("fit", "--depth", "two")]
    [InlineData("distill", "--ipc", "ten")]
    [InlineData("distill", "--epsilon", "1,5")]
    [InlineData("distill", "--clip-norm", "x")]
    [InlineData("kip", "--lr", "0,01")]
    [InlineData("kip", "--eval-every", "1e3")]
    [InlineData("kip", "--steps", "+-3")]
    public void ValuesReadByOtherRules_AreRefusedByName(string command, string option, string value)
    {
        CliRun run = CliRun.Of(command, "--dataset", "fashion-mnist-sample", option, value);
        run.AssertBadInput(option);
        Assert.Contains($"{option}:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ReproduceOptionsFollowTheSameRule()
    {
        CliRun run = CliRun.Of("reproduce", "--privacy", "--delta", "1,5e-5");
        run.AssertBadInput("--delta");
        Assert.DoesNotContain("System.", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e-3", 0.001)]
    [InlineData("0.5", 0.5)]
    [InlineData("+10", 10.0)]
    [InlineData(" 3 ", 3.0)]
    public void ValidForms_AreRead(string text, double expected)
    {
        System.Text.Json.JsonElement json = CliRun.Of("fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--lambda", text, "--json").Json();
        Assert.Equal(expected, json.GetProperty("lambda").GetDouble());
    }
}
