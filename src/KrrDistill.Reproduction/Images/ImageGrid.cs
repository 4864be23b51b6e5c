using KrrDistill.Data;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Reproduction.Images;

/// <summary>
/// Draws a distilled set as one picture, laid out like the paper's Figures 1–3: one column per class,
/// one row per image-per-class (row i holds image i of every class), and optionally the real images the
/// distillation started from as a second block of the same layout above the distilled one.
/// </summary>
/// <remarks>
/// <para>Image j of a set of m = IPC·k images belongs to class j mod k and sits in row ⌊j / k⌋: classes
/// 0 … k−1, then again, IPC times, which is the order distilled sets use.</para>
/// <para>Each image is a model-input vector (channels first, as <see cref="ImageShape"/> says). By default
/// it is turned back into pixels faithfully: pixel = (x·std + mean)·RawDivisor per feature (the inverse of
/// <see cref="InputNormalization"/>), clipped to [0, 255] and rounded to the nearest integer (halves up).
/// Images distilled from noise lie far outside the pixel range and then come out nearly all black and
/// white; for viewing those, <see cref="ImageGridOptions.ContrastStretch"/> maps each image's own
/// minimum–maximum pixel range onto 0–255 instead.</para>
/// <para>Cells are separated by <see cref="ImageGridOptions.Gap"/> pixels of grey, the two blocks by
/// <see cref="ImageGridOptions.SectionGap"/>; there is no outer border. One-channel images give a
/// grayscale picture, three-channel images an RGB one.</para>
/// </remarks>
public static class ImageGrid
{
    /// <summary>
    /// Renders <paramref name="distilled"/> (and, above it, <paramref name="initial"/>) as a grid.
    /// </summary>
    /// <param name="distilled">The m distilled images as model-input vectors of length <c>shape.Size</c>;
    /// m must be a positive multiple of <paramref name="classes"/>.</param>
    /// <param name="classes">Number of classes k: the number of columns.</param>
    /// <param name="shape">Shape of one image; 1 or 3 channels.</param>
    /// <param name="normalization">How pixels became model inputs; its dimension must be <c>shape.Size</c>.</param>
    /// <param name="initial">Optional real images (same order and vector length; count a positive multiple
    /// of <paramref name="classes"/>, usually m) drawn as a block above the distilled ones.</param>
    /// <param name="options">Gap, scale and intensity mapping; defaults when null.</param>
    /// <returns>The picture, ready for <see cref="RenderedImage.SavePng(string)"/>.</returns>
    /// <exception cref="ArgumentException">A count is not a multiple of <paramref name="classes"/>, a
    /// vector has the wrong length or a non-finite value, the shape has neither 1 nor 3 channels, the
    /// normalization does not fit the shape, or an option is out of range.</exception>
    public static RenderedImage Render(IReadOnlyList<double[]> distilled, int classes, ImageShape shape,
        InputNormalization normalization, IReadOnlyList<double[]>? initial = null, ImageGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(distilled);
        return Render(ToRows(distilled, nameof(distilled)), classes, shape, normalization,
            initial is null ? null : ToRows(initial, nameof(initial)), options);
    }

    /// <summary>
    /// Renders the rows of <paramref name="distilled"/> (m×d, one image per row, e.g. a distilled set's
    /// <c>x_s</c>) and, above them, the rows of <paramref name="initial"/>. Otherwise as
    /// <see cref="Render(IReadOnlyList{double[]}, int, ImageShape, InputNormalization, IReadOnlyList{double[]}?, ImageGridOptions?)"/>.
    /// </summary>
    /// <param name="distilled">m×d matrix, samples as rows; d must be <c>shape.Size</c>.</param>
    /// <param name="classes">Number of classes k: the number of columns.</param>
    /// <param name="shape">Shape of one image; 1 or 3 channels.</param>
    /// <param name="normalization">How pixels became model inputs; its dimension must be <c>shape.Size</c>.</param>
    /// <param name="initial">Optional real images, samples as rows, drawn as a block above.</param>
    /// <param name="options">Gap, scale and intensity mapping; defaults when null.</param>
    /// <returns>The picture.</returns>
    public static RenderedImage Render(Matrix distilled, int classes, ImageShape shape,
        InputNormalization normalization, Matrix? initial = null, ImageGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(distilled);
        return Render(ToRows(distilled), classes, shape, normalization, initial is null ? null : ToRows(initial), options);
    }

    private static RenderedImage Render(ReadOnlyMemory<double>[] distilled, int classes, ImageShape shape,
        InputNormalization normalization, ReadOnlyMemory<double>[]? initial, ImageGridOptions? options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(normalization);
        options ??= new ImageGridOptions();
        ValidateOptions(options);
        if (classes < 1)
        {
            throw new ArgumentException($"classes must be at least 1; got {classes}.", nameof(classes));
        }

        if (shape.Channels is not (1 or 3) || shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentException(
                $"image shape {shape.Channels}×{shape.Height}×{shape.Width} cannot be drawn: it needs 1 (grey) or 3 (RGB) channels and a positive size.",
                nameof(shape));
        }

        if (normalization.Dimension != shape.Size)
        {
            throw new ArgumentException(
                $"normalization has {normalization.Dimension} features but a {shape.Channels}×{shape.Height}×{shape.Width} image has {shape.Size}.",
                nameof(normalization));
        }

        ValidateImages(distilled, classes, shape, nameof(distilled));
        if (initial is not null)
        {
            ValidateImages(initial, classes, shape, nameof(initial));
        }

        int scale = options.Scale;
        int gap = options.Gap;
        int cellWidth = checked(shape.Width * scale);
        int cellHeight = checked(shape.Height * scale);
        int width = checked((classes * cellWidth) + ((classes - 1) * gap));
        int distilledRows = distilled.Length / classes;
        int initialRows = initial is null ? 0 : initial.Length / classes;
        int initialHeight = initial is null ? 0 : checked(BlockHeight(initialRows, cellHeight, gap) + options.SectionGap);
        int height = checked(initialHeight + BlockHeight(distilledRows, cellHeight, gap));
        long total = (long)width * height * shape.Channels;
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"a {width}×{height} picture with {shape.Channels} channel(s) is too large; lower the scale.", nameof(options));
        }

        var pixels = new byte[total];
        Array.Fill(pixels, options.GapValue);
        var canvas = new Canvas(pixels, width, new byte[shape.Size], new double[shape.Size]);
        if (initial is not null)
        {
            DrawBlock(initial, 0, classes, shape, normalization, options, canvas);
        }

        DrawBlock(distilled, initialHeight, classes, shape, normalization, options, canvas);
        return new RenderedImage(width, height, shape.Channels, pixels);
    }

    private static int BlockHeight(int rows, int cellHeight, int gap) => checked((rows * cellHeight) + ((rows - 1) * gap));

    private static void DrawBlock(ReadOnlyMemory<double>[] images, int top, int classes, ImageShape shape,
        InputNormalization normalization, ImageGridOptions options, Canvas canvas)
    {
        byte[] pixels = canvas.Pixels;
        byte[] image = canvas.Image;
        int width = canvas.Width;
        int scale = options.Scale;
        int gap = options.Gap;
        int channels = shape.Channels;
        int plane = shape.Height * shape.Width;
        for (int j = 0; j < images.Length; j++)
        {
            ToPixels(images[j].Span, normalization, options.ContrastStretch, canvas.Raw, image);
            int cellLeft = (j % classes) * ((shape.Width * scale) + gap);
            int cellTop = top + ((j / classes) * ((shape.Height * scale) + gap));
            for (int y = 0; y < shape.Height; y++)
            {
                for (int x = 0; x < shape.Width; x++)
                {
                    for (int dy = 0; dy < scale; dy++)
                    {
                        int row = cellTop + (y * scale) + dy;
                        for (int dx = 0; dx < scale; dx++)
                        {
                            int at = ((row * width) + cellLeft + (x * scale) + dx) * channels;
                            for (int c = 0; c < channels; c++)
                            {
                                pixels[at + c] = image[(c * plane) + (y * shape.Width) + x];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Model inputs → bytes, channel-first order kept.</summary>
    private static void ToPixels(ReadOnlySpan<double> input, InputNormalization normalization, bool stretch, double[] raw, byte[] output)
    {
        double[] mean = normalization.Mean;
        double[] std = normalization.Std;
        double divisor = normalization.RawDivisor;
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        for (int f = 0; f < input.Length; f++)
        {
            double v = ((input[f] * std[f]) + mean[f]) * divisor;
            raw[f] = v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        double range = max - min;
        if (stretch && range > 0 && double.IsFinite(range))
        {
            double factor = 255.0 / range;
            for (int f = 0; f < raw.Length; f++)
            {
                output[f] = ToByte((raw[f] - min) * factor);
            }
        }
        else
        {
            for (int f = 0; f < raw.Length; f++)
            {
                output[f] = ToByte(raw[f]);
            }
        }
    }

    private static byte ToByte(double value) => (byte)Math.Round(Math.Clamp(value, 0.0, 255.0), MidpointRounding.AwayFromZero);

    /// <summary>The picture being drawn, its width in pixels, and scratch space for one image.</summary>
    private readonly record struct Canvas(byte[] Pixels, int Width, byte[] Image, double[] Raw);

    private static void ValidateOptions(ImageGridOptions options)
    {
        if (options.Scale < 1)
        {
            throw new ArgumentException($"scale must be at least 1; got {options.Scale}.", nameof(options));
        }

        if (options.Gap < 0 || options.SectionGap < 0)
        {
            throw new ArgumentException($"gaps cannot be negative; got gap {options.Gap}, section gap {options.SectionGap}.", nameof(options));
        }
    }

    private static void ValidateImages(ReadOnlyMemory<double>[] images, int classes, ImageShape shape, string name)
    {
        if (images.Length == 0 || images.Length % classes != 0)
        {
            throw new ArgumentException(
                $"{name} has {images.Length} images, which is not a positive multiple of the {classes} classes (one column per class, one row per image per class).",
                name);
        }

        for (int j = 0; j < images.Length; j++)
        {
            ReadOnlySpan<double> v = images[j].Span;
            if (v.Length != shape.Size)
            {
                throw new ArgumentException(
                    $"{name} image {j} has {v.Length} values; a {shape.Channels}×{shape.Height}×{shape.Width} image has {shape.Size}.",
                    name);
            }

            for (int f = 0; f < v.Length; f++)
            {
                if (!double.IsFinite(v[f]))
                {
                    throw new ArgumentException($"{name} image {j} has the non-finite value {v[f]} at feature {f}.", name);
                }
            }
        }
    }

    private static ReadOnlyMemory<double>[] ToRows(IReadOnlyList<double[]> images, string name)
    {
        var rows = new ReadOnlyMemory<double>[images.Count];
        for (int j = 0; j < rows.Length; j++)
        {
            rows[j] = images[j] ?? throw new ArgumentException($"{name} image {j} is null.", name);
        }

        return rows;
    }

    private static ReadOnlyMemory<double>[] ToRows(Matrix matrix)
    {
        var rows = new ReadOnlyMemory<double>[matrix.Rows];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r] = matrix.Data.AsMemory(r * matrix.Columns, matrix.Columns);
        }

        return rows;
    }
}

/// <summary>How <see cref="ImageGrid"/> lays out and colours a grid.</summary>
public sealed record ImageGridOptions
{
    /// <summary>Grey pixels between neighbouring cells (after upscaling); 1 by default, 0 for none.</summary>
    public int Gap { get; init; } = 1;

    /// <summary>Grey pixels between the block of initial images and the block of distilled ones; 4 by default.</summary>
    public int SectionGap { get; init; } = 4;

    /// <summary>Integer upscale factor (nearest neighbour): each image pixel becomes Scale×Scale pixels; 1 by default.</summary>
    public int Scale { get; init; } = 1;

    /// <summary>Grey level of the gaps (all channels); 128 by default.</summary>
    public byte GapValue { get; init; } = 128;

    /// <summary>
    /// False (the default, faithful): de-normalize and clip to [0, 255]. True: de-normalize, then map each
    /// image's own minimum–maximum (over all its channels) linearly onto 0–255, for viewing noise-like images
    /// that lie far outside the pixel range. A constant image is drawn as in the default mode.
    /// </summary>
    public bool ContrastStretch { get; init; }
}

/// <summary>An 8-bit picture in memory, rows top to bottom, channels interleaved.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Channels">1 (grey) or 3 (RGB).</param>
/// <param name="Pixels">Width·Height·Channels bytes; pixel (x, y) channel c is at <c>((y·Width) + x)·Channels + c</c>.</param>
public sealed record RenderedImage(int Width, int Height, int Channels, byte[] Pixels)
{
    /// <summary>Creates or replaces the PNG file <paramref name="path"/> atomically (see <see cref="PngWriter"/>).</summary>
    public void SavePng(string path) => PngWriter.Write(path, Width, Height, Channels, Pixels);

    /// <summary>Writes the picture as PNG to <paramref name="stream"/>, which is left open.</summary>
    public void SavePng(Stream stream) => PngWriter.Write(stream, Width, Height, Channels, Pixels);

    /// <summary>Channel <paramref name="channel"/> of the pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y, int channel = 0] => Pixels[(((y * Width) + x) * Channels) + channel];
}
