using KrrDistill.Data;
using KrrDistill.Data.Downloads;

namespace KrrDistill.Cli;

/// <summary>
/// <c>--download</c>: a named data set that is not found where the catalog looks is fetched first (into
/// <c>--data-dir</c>, else the cache), never silently: without the flag the catalog's refusal says how to get it.
/// </summary>
internal static class DataDownload
{
    /// <summary>Fetches <paramref name="name"/> when <paramref name="download"/> is set, it is a published data set, and it is not found.</summary>
    public static void EnsureAvailable(string name, string? dataDirectory, bool download, Uri? mirror, IProgress<ProgressReport>? progress)
    {
        if (!download || Publishers.Find(name) is not { } published
            || DatasetCatalog.Probe(dataDirectory).Any(d => d.Found && string.Equals(d.Name, published.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        if (MpiLaunch.World is not null)
        {
            throw new InputException($"--download under mpiexec or srun would have every rank fetch {published.Name} at once; run 'krr-distill fetch {published.Name}' first.");
        }

        FetchOptions options = FetchOptions.FromEnvironment();
        _ = DatasetFetcher.Fetch(published, options with
        {
            Root = dataDirectory is null ? options.Root : Path.GetFullPath(dataDirectory),
            Mirror = mirror ?? options.Mirror,
        }, progress);
    }
}
