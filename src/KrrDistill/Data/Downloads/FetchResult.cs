namespace KrrDistill.Data.Downloads;

/// <summary>A data set in the cache after <see cref="DatasetFetcher.Fetch"/>.</summary>
/// <param name="Name">The data set.</param>
/// <param name="Directory">Its directory (where the catalog finds it), holding <c>fetched.json</c>, the record of what was verified.</param>
/// <param name="Files">Each file, verified against the publisher's checksum.</param>
public sealed record FetchResult(string Name, string Directory, IReadOnlyList<FetchedFile> Files)
{
    /// <summary>The result as <c>fetch --json</c> and Python give it: name, directory, files (<see cref="FetchedFile.ToJson"/>).</summary>
    public System.Text.Json.Nodes.JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["directory"] = Directory,
        ["files"] = new System.Text.Json.Nodes.JsonArray([.. Files.Select(f => (System.Text.Json.Nodes.JsonNode)f.ToJson())]),
    };
}
