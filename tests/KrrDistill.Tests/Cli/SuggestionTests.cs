using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>"Did you mean …" for misspelled commands, options, data sets and choices within edit distance 2.</summary>
public class SuggestionTests
{
    public static TheoryData<string[], string> Misspellings() => new()
    {
        // commands
        { ["distil", "--dataset", "mnist"], "distill" },
        { ["fti"], "fit" },
        { ["evalute"], "evaluate" },
        { ["kpi"], "kip" },
        { ["stat"], "stats" },
        { ["merg", "a.npz"], "merge" },
        { ["reproduse", "--table", "3"], "reproduce" },
        { ["fecth", "mnist"], "fetch" },
        { ["inf0"], "info" },
        { ["completon", "bash"], "completion" },

        // options
        { ["fit", "--datset", "mnist"], "--dataset" },
        { ["distill", "--dataset", "mnist", "--ipcc", "10"], "--ipc" },
        { ["fit", "--featurs", "rff"], "--features" },
        { ["distill", "--lamda", "1"], "--lambda" },
        { ["kip", "--setps", "5"], "--steps" },
        { ["fit", "--sed", "3"], "--seed" },
        { ["evaluate", "--distiled", "d.npz", "--dataset", "mnist"], "--distilled" },
        { ["stats", "--shrad", "1/2"], "--shard" },
        { ["fit", "--verbos"], "--verbose" },
        { ["distill", "--privcy", "dp"], "--privacy" },
        { ["fetch", "mnist", "--mirorr", "http://127.0.0.1:1/"], "--mirror" },
        { ["reproduce", "--tabel", "3"], "--table" },
        { ["fit", "--datset=mnist"], "--dataset" },

        // data sets
        { ["fit", "--dataset", "mnsit"], "mnist" },
        { ["fit", "--dataset", "fashon-mnist"], "fashion-mnist" },
        { ["distill", "--dataset", "cifar-10"], "cifar10" },
        { ["fit", "--dataset", "cifar1000"], "cifar100" },
        { ["reproduce", "--table", "3", "--datasets", "mnst"], "mnist" },
        { ["fetch", "fashion-mnst"], "fashion-mnist" },

        // choices
        { ["fit", "--dataset", "mnist", "--features", "fcn"], "fcnn" },
        { ["distill", "--dataset", "mnist", "--init", "rael"], "real" },
        { ["distill", "--dataset", "mnist", "--privacy", "dpp"], "dp" },
        { ["fit", "--dataset", "mnist", "--precision", "singel"], "single" },
        { ["distill", "--dataset", "mnist", "--labels", "onehto"], "onehot" },
        { ["completion", "bsh"], "bash" },
        { ["distill", "--dataset", "mnist", "--privacy", "dp", "--clip-space", "featurs"], "features" },

        // letter case (the parser compares exactly), and a command after an output-level option
        { ["distill", "--dataset", "mnist", "--privacy", "DP"], "dp" },
        { ["FIT"], "fit" },
        { ["completion", "BASH"], "bash" },
        { ["-v", "fti"], "fit" },
    };

    [Theory]
    [MemberData(nameof(Misspellings))]
    public void AMisspellingWithinTwoEditsGetsTheNearestWord(string[] args, string meant)
        => CliRun.Of(args).AssertBadInput($"did you mean '{meant}'?");

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate' (the commands are distill, fit,")]
    [InlineData(new[] { "fit", "--zzz" }, "fit: unknown option '--zzz' (krr-distill fit --help lists its options).")]
    [InlineData(new[] { "fit", "--dataset", "imagenet" }, "unknown data set 'imagenet' (known: mnist,")]
    [InlineData(new[] { "fit", "--dataset", "mnist", "--features", "gaussian" }, "--features: 'gaussian' is not one of fcnn, identity, linear, rff.")]
    [InlineData(new[] { "fit", "mnist" }, "fit: unexpected argument 'mnist' (krr-distill fit --help shows what it takes).")]
    [InlineData(new[] { "--verbose" }, "a command is needed: distill, fit,")]
    [InlineData(new[] { "fit", "-x" }, "fit: unknown option '-x' (krr-distill fit --help lists its options).")]
    [InlineData(new[] { "--zzz" }, "krr-distill: unknown option '--zzz' (krr-distill --help lists its options).")]
    [InlineData(new string[0], "a command is needed: distill, fit,")]
    public void AFarWordGetsTheListAndNoGuess(string[] args, string expected)
    {
        CliRun run = CliRun.Of(args);
        run.AssertBadInput(expected);
        Assert.DoesNotContain("did you mean", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab", "ba", 1)] // a swap of neighbours is one edit
    [InlineData("kitten", "sitting", 3)]
    [InlineData("MNIST", "mnist", 0)] // letter case is ignored
    [InlineData("", "fit", 3)]
    [InlineData("--datset", "--dataset", 1)]
    public void DistanceIsTheOptimalStringAlignment(string a, string b, int distance)
    {
        Assert.Equal(distance, Spelling.Distance(a, b));
        Assert.Equal(distance, Spelling.Distance(b, a));
    }

    [Fact]
    public void ShortWordsAreNotGuessedFromAFewLetters()
    {
        Assert.Null(Spelling.Closest("x", ["fit", "kip"]));
        Assert.Null(Spelling.Closest("-x", ["-h", "-q", "-v"])); // one letter suggests nothing
        Assert.Null(Spelling.Closest("sta", ["stats"])); // two edits from a short word is a guess
        Assert.Equal("kip", Spelling.Closest("kp", ["fit", "kip"]));
        Assert.Null(Spelling.Closest("fit", ["fit", "kip"])); // a known word needs no suggestion
    }
}
