namespace KrrDistill.Data.Images;

/// <summary>One image of a folder data set: its file and its class index.</summary>
internal sealed record ImageFile(string Path, int Label);
