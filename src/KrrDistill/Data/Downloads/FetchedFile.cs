namespace KrrDistill.Data.Downloads;

/// <summary>One file of a fetched data set, as verified.</summary>
/// <param name="FileName">The publisher's file name.</param>
/// <param name="Url">Where it came from.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Md5">Its MD5, equal to the publisher's.</param>
/// <param name="Sha256">Its SHA-256, recorded beside (a stronger identity for later checks).</param>
/// <param name="Downloaded">False when the file was already in the cache, verified.</param>
public sealed record FetchedFile(string FileName, Uri Url, long Bytes, string Md5, string Sha256, bool Downloaded)
{
    /// <summary>The file as <c>fetched.json</c> and <c>fetch --json</c> give it: file, url, bytes, md5, sha256, downloaded.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson() => new()
    {
        ["file"] = FileName,
        ["url"] = Url.AbsoluteUri,
        ["bytes"] = Bytes,
        ["md5"] = Md5,
        ["sha256"] = Sha256,
        ["downloaded"] = Downloaded,
    };
}
