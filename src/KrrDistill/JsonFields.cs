using System.Text.Json;
using System.Text.Json.Nodes;

namespace KrrDistill;

/// <summary>
/// Typed reads of an artefact's <c>meta_json</c> that fail without .NET's words: a value of another JSON kind (the string
/// "0" where an integer belongs) is null here, and <see cref="Expected{T}"/> and <see cref="Describe"/> say in JSON's
/// terms what was wanted and what was found.
/// </summary>
public static class JsonFields
{
    /// <summary>
    /// <paramref name="key"/>'s value as <typeparamref name="T"/> (string, int, long, double, bool); false when absent,
    /// null, or of another kind or range.
    /// </summary>
    public static bool TryGet<T>(JsonObject o, string key, out T value)
    {
        value = default!;
        if (o[key] is not JsonValue node)
        {
            return false;
        }

        JsonElement e = node.TryGetValue(out JsonElement element) ? element : JsonDocument.Parse(node.ToJsonString()).RootElement;
        object? result = typeof(T) switch
        {
            Type t when t == typeof(string) => e.ValueKind == JsonValueKind.String ? e.GetString() : null,
            Type t when t == typeof(int) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int i) ? i : null,
            Type t when t == typeof(long) => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long l) ? l : null,
            Type t when t == typeof(double) => e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double d) && double.IsFinite(d) ? d : null,
            Type t when t == typeof(bool) => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null,
            _ => throw new ArgumentException($"JsonFields reads string, int, long, double and bool, not {typeof(T).Name}."),
        };
        if (result is T typed)
        {
            value = typed;
            return true;
        }

        return false;
    }

    /// <summary>What <typeparamref name="T"/> is in JSON's terms ("an integer").</summary>
    public static string Expected<T>()
        => typeof(T) == typeof(string) ? "a string expected"
            : typeof(T) == typeof(int) ? "an integer expected"
            : typeof(T) == typeof(long) ? "an integer expected"
            : typeof(T) == typeof(bool) ? "true or false expected"
            : "a finite number expected";

    /// <summary><paramref name="node"/> for a message: "nothing", "the string \"0\"", "the number 1.5", "an array".</summary>
    public static string Describe(JsonNode? node)
    {
        if (node is null)
        {
            return "nothing";
        }

        string text = node.ToJsonString();
        text = text.Length > 40 ? text[..40] + "…" : text;
        return node.GetValueKind() switch
        {
            JsonValueKind.String => $"the string {text}",
            JsonValueKind.Number => $"the number {text}",
            JsonValueKind.True or JsonValueKind.False => text,
            JsonValueKind.Array => $"an array {text}",
            JsonValueKind.Object => "an object",
            _ => "null",
        };
    }
}
