using KrrDistill.Output.Images;
using ScottPlot;
using SkiaSharp;

namespace KrrDistill.Reproduction;

/// <summary>
/// The plots' font: the image grids' embedded DejaVu Sans (<see cref="GridFont"/>), registered with ScottPlot so plots
/// render the same on machines without system fonts (no fontconfig needed).
/// </summary>
internal static class EmbeddedFont
{
    /// <summary>The family name under which the font is registered with ScottPlot.</summary>
    public const string Name = GridFont.Name;

    private static readonly Lazy<bool> Registered = new(() =>
    {
        lock (Fonts.FontResolvers)
        {
            Fonts.FontResolvers.Insert(0, new Resolver());
        }

        return true;
    });

    /// <summary>The typeface.</summary>
    public static SKTypeface Typeface => GridFont.Typeface;

    /// <summary>Makes ScottPlot resolve <see cref="Name"/> (any weight or slant) to the embedded font; idempotent.</summary>
    public static void RegisterWithScottPlot() => _ = Registered.Value;

    /// <summary>Answers requests for <see cref="Name"/> with the embedded typeface, and nothing else.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width)
            => Matches(fontName) ? Typeface : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Matches(fontName) ? Typeface : null;

        private static bool Matches(string fontName) => string.Equals(fontName, Name, StringComparison.OrdinalIgnoreCase);
    }
}
