using System.Text.Json;
using System.Text.Json.Nodes;

namespace KrrDistill.Cli;

/// <summary>JSON settings for <c>--json</c> output: one line, UTF-8 text as is (λ, +, quotes unescaped where JSON allows).</summary>
internal static class JsonOutput
{
    /// <summary>The library's artefact JSON settings, so that <c>--json</c> and meta_json read alike.</summary>
    public static JsonSerializerOptions Options => JsonText.Options;

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
