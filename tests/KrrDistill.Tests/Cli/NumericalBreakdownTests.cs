using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Data that double precision cannot fit are reported as the data problem they are (exit 2, naming the data set) on
/// both backends, and no JSON the tool writes can hold NaN or Infinity.
/// </summary>
public class NumericalBreakdownTests
{
    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void OverflowingAndAllZeroData_AreDataErrors(string backend)
    {
        using var scope = KrrDistill.LinearAlgebra.LinearAlgebraBackends.Use(Backends.Get(backend));
        using var dir = new TempDirectory();
        var random = new Random(4);
        double[] huge = Enumerable.Range(0, 40 * 5).Select(_ => (random.NextDouble() - 0.5) * 1e300).ToArray();
        string hugePath = Write(dir, "huge.npz", huge);
        string zeroPath = Write(dir, "zero.npz", new double[40 * 5]);
        CliRun overflow = CliRun.Of("fit", "--dataset", hugePath, "--features", "identity");
        overflow.AssertBadInput($"{hugePath} (train): the features overflow double precision");
        CliRun zero = CliRun.Of("distill", "--dataset", zeroPath, "--features", "identity", "--ipc", "2", "--out", dir.File("z.npz"));
        zero.AssertBadInput("every feature is zero");
        Assert.False(File.Exists(dir.File("z.npz")));
    }

    [Fact]
    public void KipDivergingAtAHugeLearningRate_IsABadOption()
    {
        using var dir = new TempDirectory();
        CliRun run = CliRun.Of("kip", "--dataset", "fashion-mnist-sample", "--ipc", "2", "--steps", "30", "--lr", "1e200", "--out", dir.File("k.npz"));
        run.AssertBadInput("--lr");
        Assert.Contains("made KIP diverge", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("k.npz")));
    }

    [Fact]
    public void JsonText_WritesNonFiniteNumbersAsNull()
    {
        var node = new JsonObject
        {
            ["a"] = double.NaN,
            ["b"] = new JsonArray(1.5, double.PositiveInfinity, float.NegativeInfinity),
            ["c"] = new JsonObject { ["d"] = double.NegativeInfinity, ["e"] = "text" },
        };
        Assert.Equal("""{"a":null,"b":[1.5,null,null],"c":{"d":null,"e":"text"}}""", JsonText.Of(node));
    }

    private static string Write(TempDirectory dir, string name, double[] x)
    {
        string path = dir.File(name);
        NpzWriter.Write(path, new Dictionary<string, NpyArray>
        {
            ["x_train"] = NpyArray.FromDoubles(x, x.Length / 5, 5),
            ["y_train"] = NpyArray.FromInt64(Enumerable.Range(0, x.Length / 5).Select(i => (long)(i % 2)).ToArray(), x.Length / 5),
            ["x_test"] = NpyArray.FromDoubles(new double[10 * 5], 10, 5),
            ["y_test"] = NpyArray.FromInt64(Enumerable.Range(0, 10).Select(i => (long)(i % 2)).ToArray(), 10),
        });
        return path;
    }
}
