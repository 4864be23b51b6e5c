namespace KrrDistill.Data.Downloads;

/// <summary>One file of a fetched data set, as verified.</summary>
/// <param name="FileName">The publisher's file name.</param>
/// <param name="Url">Where it came from.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Md5">Its MD5, equal to the publisher's.</param>
/// <param name="Sha256">Its SHA-256, recorded beside (a stronger identity for later checks).</param>
/// <param name="Downloaded">False when the file was already in the cache, verified.</param>
public sealed record FetchedFile(string FileName, Uri Url, long Bytes, string Md5, string Sha256, bool Downloaded);
