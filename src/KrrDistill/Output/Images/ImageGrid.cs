using KrrDistill.Data;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Output.Images;

/// <summary>
/// Draws a distilled set as one picture, laid out like the paper's Figures 1–3: one column per class,
/// one row per image-per-class (row i holds image i of every class), and optionally the real images the
/// distillation started from as a second block of the same layout above the distilled one; optionally a header
/// strip above everything with each class's name centred over its column.
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
/// <para>With class names, a white strip of <see cref="ImageGridOptions.HeaderHeight"/> pixels (by default about a
/// third of a cell, at least 14) tops the picture, each name drawn in black, centred over its column, in the
/// embedded DejaVu Sans font (anti-aliased, so grey at the letters' edges). A name wider than its column (the cell
/// plus one gap) is drawn smaller, down to 7 pixels, and beyond that cut and ended with "…".</para>
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
    /// <param name="classNames">One name per class, drawn in a header strip above the columns; null for no header.</param>
    /// <returns>The picture, ready for <see cref="RenderedImage.SavePng(string)"/>.</returns>
    /// <exception cref="ArgumentException">A count is not a multiple of <paramref name="classes"/>, a
    /// vector has the wrong length or a non-finite value, the shape has neither 1 nor 3 channels, the
    /// normalization does not fit the shape, the number of class names is not <paramref name="classes"/>,
    /// or an option is out of range.</exception>
    public static RenderedImage Render(IReadOnlyList<double[]> distilled, int classes, ImageShape shape,
        InputNormalization normalization, IReadOnlyList<double[]>? initial = null, ImageGridOptions? options = null,
        IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(distilled);
        return Render(ToRows(distilled, nameof(distilled)), classes, shape, normalization,
            initial is null ? null : ToRows(initial, nameof(initial)), options, classNames);
    }

    /// <summary>
    /// Renders the rows of <paramref name="distilled"/> (m×d, one image per row, e.g. a distilled set's
    /// <c>x_s</c>) and, above them, the rows of <paramref name="initial"/>. Otherwise as
    /// <see cref="Render(IReadOnlyList{double[]}, int, ImageShape, InputNormalization, IReadOnlyList{double[]}?, ImageGridOptions?, IReadOnlyList{string}?)"/>.
    /// </summary>
    /// <param name="distilled">m×d matrix, samples as rows; d must be <c>shape.Size</c>.</param>
    /// <param name="classes">Number of classes k: the number of columns.</param>
    /// <param name="shape">Shape of one image; 1 or 3 channels.</param>
    /// <param name="normalization">How pixels became model inputs; its dimension must be <c>shape.Size</c>.</param>
    /// <param name="initial">Optional real images, samples as rows, drawn as a block above.</param>
    /// <param name="options">Gap, scale and intensity mapping; defaults when null.</param>
    /// <param name="classNames">One name per class, drawn in a header strip above the columns; null for no header.</param>
    /// <returns>The picture.</returns>
    public static RenderedImage Render(Matrix distilled, int classes, ImageShape shape,
        InputNormalization normalization, Matrix? initial = null, ImageGridOptions? options = null,
        IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(distilled);
        return Render(ToRows(distilled), classes, shape, normalization, initial is null ? null : ToRows(initial), options, classNames);
    }

    private static RenderedImage Render(ReadOnlyMemory<double>[] distilled, int classes, ImageShape shape,
        InputNormalization normalization, ReadOnlyMemory<double>[]? initial, ImageGridOptions? options,
        IReadOnlyList<string>? classNames)
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

        if (classNames is not null && classNames.Count != classes)
        {
            throw new ArgumentException($"{classNames.Count} class names were given for {classes} classes.", nameof(classNames));
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
        int width = Math.Max(checked((classes * cellWidth) + ((classes - 1) * gap)), options.Caption.Count > 0 ? MinimumCaptionedWidth : 0);
        int distilledRows = distilled.Length / classes;
        int initialRows = initial is null ? 0 : initial.Length / classes;
        int headerHeight = classNames is null ? 0 : options.HeaderHeight ?? Math.Max(14, (cellHeight + 2) / 3);
        int initialHeight = initial is null ? 0 : checked(BlockHeight(initialRows, cellHeight, gap) + options.SectionGap);
        int gridHeight = checked(headerHeight + initialHeight + BlockHeight(distilledRows, cellHeight, gap));
        int height = checked(gridHeight + GridCaption.Height(options.Caption.Count));
        long total = (long)width * height * shape.Channels;
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"a {width}×{height} picture with {shape.Channels} channel(s) is too large; lower the scale.", nameof(options));
        }

        var pixels = new byte[total];
        Array.Fill(pixels, options.GapValue);
        var canvas = new Canvas(pixels, width, new byte[shape.Size], new double[shape.Size]);
        if (classNames is not null)
        {
            GridHeader.Draw(pixels, width, shape.Channels, headerHeight, cellWidth, gap, classNames);
        }

        if (initial is not null)
        {
            DrawBlock(initial, headerHeight, classes, shape, normalization, options, canvas);
        }

        DrawBlock(distilled, headerHeight + initialHeight, classes, shape, normalization, options, canvas);
        if (options.Caption.Count > 0)
        {
            GridCaption.Draw(pixels, width, shape.Channels, gridHeight, options.Caption);
        }

        return new RenderedImage(width, height, shape.Channels, pixels);
    }

    /// <summary>A captioned picture is at least this wide, so that its caption can be read; the grid keeps its left edge.</summary>
    private const int MinimumCaptionedWidth = 520;

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

        if (options.HeaderHeight is < 1)
        {
            throw new ArgumentException($"header height must be at least 1; got {options.HeaderHeight}.", nameof(options));
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
