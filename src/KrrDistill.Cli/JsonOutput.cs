using System.Text.Json.Nodes;

namespace KrrDistill.Cli;

/// <summary>Helpers of <c>--json</c> output (written with <see cref="JsonText"/>, as meta_json is).</summary>
internal static class JsonOutput
{
    /// <summary>Moves every entry of <paramref name="rest"/> after those of <paramref name="first"/>, in order; returns <paramref name="first"/>.</summary>
    public static JsonObject Then(this JsonObject first, JsonObject rest)
    {
        foreach ((string key, System.Text.Json.Nodes.JsonNode? value) in rest.ToList())
        {
            rest.Remove(key);
            first[key] = value;
        }

        return first;
    }
}
