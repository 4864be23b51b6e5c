namespace KrrDistill.Data.Downloads;

/// <summary>Where <see cref="DatasetFetcher"/> puts data sets and where it gets them.</summary>
public sealed record FetchOptions
{
    /// <summary>The environment variable that names a mirror (as <see cref="Mirror"/>).</summary>
    public const string MirrorVariable = "KRRDISTILL_MIRROR";

    /// <summary>The directory that holds one sub-directory per data set (default: <see cref="DataCache.Root()"/>).</summary>
    public string Root { get; init; } = DataCache.Root();

    /// <summary>
    /// A base URL that replaces the publishers' hosts: each file is looked up as <c>Mirror/FileName</c> and checked
    /// against the publisher's checksum. Null: the publishers' own URLs.
    /// </summary>
    public Uri? Mirror { get; init; }

    /// <summary>How long a connection may take to open, and the longest wait for the next bytes, before the download fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The options of this process: the cache root, and <c>KRRDISTILL_MIRROR</c> when set.</summary>
    public static FetchOptions FromEnvironment()
        => new() { Mirror = ParseMirror(Environment.GetEnvironmentVariable(MirrorVariable), MirrorVariable) };

    /// <summary>A mirror URL (absolute http or https; null or blank: none).</summary>
    /// <exception cref="InputException">Not an absolute http(s) URL; the message names <paramref name="source"/>.</exception>
    public static Uri? ParseMirror(string? text, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InputException($"{source} '{Printable.Escape(text)}' is not an http or https URL (e.g. https://mirror.example.org/datasets).");
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
