namespace KrrDistill.Data;

/// <summary>Whether a named data set can be loaded here, and from where (what the <c>info</c> command prints).</summary>
/// <param name="Name">The data set's name, e.g. <c>mnist</c>.</param>
/// <param name="Found">True when every file of the data set is in <paramref name="Directory"/>.</param>
/// <param name="Directory">The directory that would be loaded, or null when not found.</param>
/// <param name="Searched">Every place looked at, in search order (a place may describe several directories).</param>
/// <param name="HowToGet">One sentence on how to obtain the data set.</param>
public sealed record DatasetAvailability(string Name, bool Found, string? Directory, IReadOnlyList<string> Searched, string HowToGet);
