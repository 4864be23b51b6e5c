using KrrDistill.Data.Downloads;

namespace KrrDistill.Cli;

/// <summary>
/// <c>--download</c>: a named data set that is not found where the catalog looks is fetched first (into
/// <c>--data-dir</c>, else the cache), never silently: without the flag the catalog's refusal says how to get it.
/// </summary>
internal static class DataDownload
{
    /// <summary>Fetches <paramref name="s"/>'s data set when <c>--download</c> was given and the catalog does not find it.</summary>
    public static void FetchIfAsked(FitSettings s, IProgress<ProgressReport>? progress)
    {
        if (s.Download is not { } options)
        {
            return;
        }

        if (MpiLaunch.World is not null && Publishers.Find(s.Dataset) is { } published)
        {
            throw new InputException($"--download under mpiexec or srun would have every rank fetch {published.Name} at once; run 'krr-distill fetch {published.Name}' first.");
        }

        _ = DatasetFetcher.FetchIfMissing(s.Dataset, s.DataDirectory, options, progress);
    }
}
