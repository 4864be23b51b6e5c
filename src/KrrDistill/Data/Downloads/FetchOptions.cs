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

    /// <summary>
    /// The options a front end's values give, with this process's defaults for the rest: data sets in
    /// <paramref name="dataDirectory"/> (else the cache, <see cref="DataCache.Root()"/>), from <paramref name="mirror"/>
    /// (else <c>$KRRDISTILL_MIRROR</c>, else the publishers), waiting <paramref name="timeoutSeconds"/> (else 30 s).
    /// </summary>
    /// <exception cref="InputException">The mirror is not an http(s) URL, or the timeout not in (0, 86400] s; the message names the option.</exception>
    public static FetchOptions For(string? dataDirectory = null, string? mirror = null, double? timeoutSeconds = null)
    {
        double timeout = timeoutSeconds ?? 30;
        if (!(timeout > 0) || timeout > 86_400)
        {
            throw new InputException(nameof(Timeout), $"must be a number of seconds in (0, 86400] (got {timeout.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        return new FetchOptions
        {
            Root = string.IsNullOrEmpty(dataDirectory) ? DataCache.Root() : Path.GetFullPath(dataDirectory),
            Mirror = ParseMirror(mirror, nameof(Mirror)) ?? ParseMirror(Environment.GetEnvironmentVariable(MirrorVariable), null),
            Timeout = TimeSpan.FromSeconds(timeout),
        };
    }

    /// <summary>A mirror URL (absolute http or https; null or blank: none); <paramref name="property"/> names the option in a refusal (null: the environment variable).</summary>
    private static Uri? ParseMirror(string? text, string? property)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            string detail = $"'{Printable.Escape(text)}' is not an http or https URL (e.g. https://mirror.example.org/datasets).";
            throw property is null ? new InputException($"{MirrorVariable} {detail}") : new InputException(property, detail);
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
