using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KrrDistill.Reproduction;

/// <summary>The number formats and JSON settings the reproduce reports share (Tables 3 and 4, the privacy curve).</summary>
internal static class ReportFormat
{
    /// <summary>What a cell shows for a missing or non-finite value.</summary>
    public const string Missing = "—";

    /// <summary>Indented JSON, non-ASCII (ε, λ, …) kept readable.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A JSON number, or null for NaN and infinities (which JSON cannot hold).</summary>
    public static JsonNode? Num(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>A fraction as a percentage with two decimals.</summary>
    public static string Percent(double fraction) => double.IsFinite(fraction) ? F(100 * fraction, 2) : Missing;

    /// <summary>Four significant digits.</summary>
    public static string G(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : Missing;

    /// <summary>Scientific notation with one decimal (relative errors).</summary>
    public static string E(double value) => double.IsFinite(value) ? value.ToString("0.0E+00", CultureInfo.InvariantCulture) : Missing;

    /// <summary>Fixed point with <paramref name="digits"/> decimals.</summary>
    public static string F(double value, int digits)
        => double.IsFinite(value) ? value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : Missing;
}
