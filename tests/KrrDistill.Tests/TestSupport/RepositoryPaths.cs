namespace KrrDistill.Tests.TestSupport;

/// <summary>Locates files of the repository from the test binaries' folder.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KrrDistill.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("repository root (KrrDistill.slnx) not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The full MNIST files, or a skip naming where they were looked for.</summary>
    public static void RequireMnist()
    {
        IReadOnlyList<KrrDistill.Data.DatasetAvailability> sets = KrrDistill.Data.DatasetCatalog.Probe(null);
        KrrDistill.Data.DatasetAvailability mnist = sets.First(s => s.Name == "mnist");
        if (!mnist.Found)
        {
            Assert.Skip($"full MNIST absent (searched {string.Join("; ", mnist.Searched)}); run scripts/fetch-data.sh");
        }
    }
}
