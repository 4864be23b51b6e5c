using System.Text.Json.Nodes;
using KrrDistill.Ridge;

namespace KrrDistill;

/// <summary>
/// The one way JSON leaves the tool (meta_json, <c>--json</c>, reports): NaN and ±Infinity, which JSON cannot hold, are
/// written as null wherever they occur, so a degenerate number never fails a run at its last step.
/// </summary>
public static class JsonText
{
    /// <summary>The options of every meta_json and report: compact, non-ASCII kept as it is.</summary>
    public static System.Text.Json.JsonSerializerOptions Options => ModelArtefact.Json;

    /// <summary><paramref name="node"/> as compact JSON with <see cref="Options"/> (or <paramref name="options"/>), non-finite numbers as null.</summary>
    public static string Of(JsonNode node, System.Text.Json.JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Finite(node)!.ToJsonString(options ?? ModelArtefact.Json);
    }

    /// <summary>Replaces every non-finite double or float in the tree by null, in place; returns the (possibly replaced) node.</summary>
    private static JsonNode? Finite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (string key in obj.Select(p => p.Key).ToList())
                {
                    JsonNode? value = obj[key];
                    JsonNode? clean = Finite(value);
                    if (!ReferenceEquals(clean, value))
                    {
                        obj[key] = clean;
                    }
                }

                return obj;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    JsonNode? value = array[i];
                    JsonNode? clean = Finite(value);
                    if (!ReferenceEquals(clean, value))
                    {
                        array[i] = clean;
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue(out double d) && !double.IsFinite(d):
                return null;
            case JsonValue value when value.TryGetValue(out float f) && !float.IsFinite(f):
                return null;
            default:
                return node;
        }
    }
}
