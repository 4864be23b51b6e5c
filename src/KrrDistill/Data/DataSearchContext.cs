namespace KrrDistill.Data;

/// <summary>
/// The environment the catalog searches: <c>$KRRDISTILL_DATA</c>, the home directory, the current
/// directory and the bundled-sample directory. Tests pass their own to be independent of the machine.
/// </summary>
/// <param name="DataEnvironment">Value of <c>$KRRDISTILL_DATA</c>, or null when unset.</param>
/// <param name="Home">The user's home directory, or null when unknown.</param>
/// <param name="CurrentDirectory">Where the search for <c>node_modules</c> starts.</param>
/// <param name="SampleDirectory">Where the bundled Fashion-MNIST sample lives.</param>
internal sealed record DataSearchContext(string? DataEnvironment, string? Home, string CurrentDirectory, string SampleDirectory)
{
    /// <summary>Name of the environment variable that points at a directory of data sets.</summary>
    public const string DataEnvironmentVariable = "KRRDISTILL_DATA";

    /// <summary><c>$XDG_CACHE_HOME</c> when set (the cache is then <c>$XDG_CACHE_HOME/krrdistill</c>), else null.</summary>
    public string? XdgCacheHome { get; init; }

    /// <summary>The context of this process: its environment variables, home, current directory and base directory.</summary>
    public static DataSearchContext FromEnvironment()
    {
        string? home = NullIfEmpty(Environment.GetEnvironmentVariable("HOME")) ?? NullIfEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return new DataSearchContext(
            NullIfEmpty(Environment.GetEnvironmentVariable(DataEnvironmentVariable)),
            home,
            Directory.GetCurrentDirectory(),
            Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist"))
        {
            XdgCacheHome = NullIfEmpty(Environment.GetEnvironmentVariable("XDG_CACHE_HOME")),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
