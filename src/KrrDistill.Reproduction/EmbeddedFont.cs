using ScottPlot;
using SkiaSharp;

namespace KrrDistill.Reproduction;

/// <summary>
/// The one font of every plot and image grid: DejaVu Sans (Fonts/DejaVuSans.ttf, licence in Fonts/LICENSE), embedded
/// in this assembly so text renders the same on machines without system fonts (no fontconfig needed).
/// </summary>
internal static class EmbeddedFont
{
    /// <summary>The family name under which the font is registered with ScottPlot.</summary>
    public const string Name = "DejaVu Sans";

    private const string ResourceName = "KrrDistill.Reproduction.Fonts.DejaVuSans.ttf";

    private static readonly Lazy<SKTypeface> Loaded = new(Load);

    private static readonly Lazy<bool> Registered = new(() =>
    {
        lock (Fonts.FontResolvers)
        {
            Fonts.FontResolvers.Insert(0, new Resolver());
        }

        return true;
    });

    /// <summary>The typeface, loaded from the assembly's resources on first use.</summary>
    public static SKTypeface Typeface => Loaded.Value;

    /// <summary>Makes ScottPlot resolve <see cref="Name"/> (any weight or slant) to the embedded font; idempotent.</summary>
    public static void RegisterWithScottPlot() => _ = Registered.Value;

    private static SKTypeface Load()
    {
        using Stream stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded font resource {ResourceName} is missing from {typeof(EmbeddedFont).Assembly.GetName().Name}.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"the embedded font resource {ResourceName} could not be read as a font.");
    }

    /// <summary>Answers requests for <see cref="Name"/> with the embedded typeface, and nothing else.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width)
            => Matches(fontName) ? Typeface : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Matches(fontName) ? Typeface : null;

        private static bool Matches(string fontName) => string.Equals(fontName, Name, StringComparison.OrdinalIgnoreCase);
    }
}
