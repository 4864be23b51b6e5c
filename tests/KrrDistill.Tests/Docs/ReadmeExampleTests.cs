using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Ridge;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Docs;

/// <summary>
/// The README's C# example is this test's code, line for line, with this file's using lines of the library first (so
/// the block compiles as written), and it runs: the README cannot rot.
/// </summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeExampleIsThisCodeAndItRecoversTheModel()
    {
        string[] readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        int start = Array.IndexOf(readme, "```csharp") + 1;
        int end = Array.IndexOf(readme, "```", start);
        Assert.True(start > 0 && end > start, "README.md has no ```csharp block");
        string[] source = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "tests", "KrrDistill.Tests", "Docs", "ReadmeExampleTests.cs"));
        int from = Array.FindIndex(source, l => l.Trim() == "// README example begins") + 1;
        int to = Array.FindIndex(source, l => l.Trim() == "// README example ends");
        string[] usings = [.. source.Where(l => l.StartsWith("using KrrDistill.", StringComparison.Ordinal) && !l.StartsWith("using KrrDistill.Tests", StringComparison.Ordinal)), ""];
        string[] code = [.. usings, .. source[from..to].Select(l => l.Trim().Replace("Output(\"distilled.npz\")", "\"distilled.npz\"", StringComparison.Ordinal))];
        Assert.Equal(readme[start..end].Select(l => l.Trim()), code);

        using var directory = new TempDirectory();
        string Output(string name) => directory.File(name);
        // README example begins
        DatasetPair data = DatasetCatalog.Load("fashion-mnist-sample", null);
        IFeatureMap phi = FeatureMap.Fcnn(inputs: data.Train.Dimension, seed: 0);
        RidgeModel model = new KernelRidge(phi, new KernelRidgeOptions { Seed = 0 }).Fit(data.Train);
        DistilledSet set = new AnalyticDistiller(new DistillerOptions { ImagesPerClass = 10 }).Distill(model, data.Train);
        RidgeModel again = set.Fit();
        DistillationComparison c = DistillationComparison.Run(model, set, data.Test, data.Train);
        set.Save(Output("distilled.npz"), c);
        Console.WriteLine($"original {c.OriginalTestAccuracy:P2}, distilled {again.Accuracy(data.Test):P2}, error {c.RelativeError:E1}");
        // README example ends

        Assert.Equal(100, set.Count);
        Assert.True(c.RelativeError < 1e-8, $"{c.RelativeError:E2}");
        Assert.Equal(c.OriginalTestAccuracy, again.Accuracy(data.Test));
        Assert.Equal(set.Inputs.Data, DistilledSet.Load(Output("distilled.npz")).Inputs.Data);
    }
}
