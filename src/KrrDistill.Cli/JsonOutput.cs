using System.Text.Encodings.Web;
using System.Text.Json;

namespace KrrDistill.Cli;

/// <summary>JSON settings for <c>--json</c> output: one line, UTF-8 text as is (λ, +, quotes unescaped where JSON allows).</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
