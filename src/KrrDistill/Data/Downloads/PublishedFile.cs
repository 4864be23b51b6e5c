namespace KrrDistill.Data.Downloads;

/// <summary>One file a data set's publisher serves, with the checksum the publisher gives for it.</summary>
/// <param name="FileName">The file's name on the publisher's server (and under a mirror, and in the cache).</param>
/// <param name="Source">Where the publisher serves it (HTTPS).</param>
/// <param name="Md5">The MD5 the publisher gives, 32 lowercase hex digits.</param>
/// <param name="IsArchive">A <c>.tar.gz</c> whose contents are extracted into the data set's directory.</param>
public sealed record PublishedFile(string FileName, Uri Source, string Md5, bool IsArchive = false);
