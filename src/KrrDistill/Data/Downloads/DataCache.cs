namespace KrrDistill.Data.Downloads;

/// <summary>
/// The one cache of fetched data sets: <c>$KRRDISTILL_DATA</c>, else <c>$XDG_CACHE_HOME/krrdistill</c>, else
/// <c>~/.cache/krrdistill</c>; a data set lives in its own sub-directory (<c>…/cifar10</c>), where the catalog looks.
/// </summary>
public static class DataCache
{
    /// <summary>The cache directory of this process (it need not exist yet).</summary>
    public static string Root()
        => Root(Environment.GetEnvironmentVariable(DataSearchContext.DataEnvironmentVariable), Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
            Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The cache directory for the given environment values.</summary>
    internal static string Root(string? data, string? xdgCache, string? home)
    {
        if (!string.IsNullOrWhiteSpace(data))
        {
            return Path.GetFullPath(data);
        }

        if (!string.IsNullOrWhiteSpace(xdgCache) && Path.IsPathFullyQualified(xdgCache))
        {
            return Path.Join(xdgCache, "krrdistill");
        }

        return Path.Join(string.IsNullOrWhiteSpace(home) ? Path.GetTempPath() : home, ".cache", "krrdistill");
    }
}
