using SkiaSharp;

namespace KrrDistill.Output.Images;

/// <summary>
/// The one font of every image grid and plot: DejaVu Sans (Fonts/DejaVuSans.ttf, licence in Fonts/LICENSE), embedded in
/// this assembly so that text renders the same on machines without system fonts (no fontconfig needed).
/// </summary>
public static class GridFont
{
    /// <summary>The font's family name.</summary>
    public const string Name = "DejaVu Sans";

    private const string ResourceName = "KrrDistill.Fonts.DejaVuSans.ttf";

    private static readonly Lazy<SKTypeface> Loaded = new(Load);

    /// <summary>The typeface, loaded from the assembly's resources on first use.</summary>
    public static SKTypeface Typeface => Loaded.Value;

    private static SKTypeface Load()
    {
        using Stream stream = typeof(GridFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded font resource {ResourceName} is missing from {typeof(GridFont).Assembly.GetName().Name}.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"the embedded font resource {ResourceName} could not be read as a font.");
    }
}
