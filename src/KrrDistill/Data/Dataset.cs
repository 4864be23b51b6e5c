namespace KrrDistill.Data;

/// <summary>
/// A labelled data set of n samples with d raw features each, samples as rows. Pixels stay as bytes
/// (n·d bytes) and are converted to normalized doubles chunk by chunk, so a loaded MNIST costs 47 MB,
/// not 376 MB. Real-valued data (NPY/CSV) are held as doubles.
/// </summary>
public sealed class Dataset
{
    private readonly byte[]? _bytes;
    private readonly double[]? _values;
    private readonly IRowSource? _streamed;
    private readonly double[]? _byteTable;
    private readonly InputNormalization? _valueNormalization; // null: the identity (RowValues.Effective)
    private string? _fingerprint;

    private Dataset(string name, int count, int dimension, int classes, byte[]? bytes, double[]? values,
        int[] labels, InputNormalization normalization, ImageShape? imageShape, IRowSource? streamed = null, bool bytesOnDisk = false)
    {
        if (dimension < 1)
        {
            throw new DataFormatException($"{name}: the samples have no features (width {dimension}); a data set needs at least one value per sample.");
        }

        if (labels.Length != count)
        {
            throw new DataFormatException($"{name}: {count} samples but {labels.Length} labels.");
        }

        if (normalization.Dimension != dimension)
        {
            throw new ArgumentException($"normalization has {normalization.Dimension} features, data have {dimension}.");
        }

        if (imageShape is not null && imageShape.Size != dimension)
        {
            throw new ArgumentException($"image shape {imageShape} does not hold {dimension} values.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new DataFormatException($"{name}: label {labels[i]} of sample {i} is outside 0..{classes - 1}.");
            }
        }

        Name = name;
        Count = count;
        Dimension = dimension;
        Classes = classes;
        _bytes = bytes;
        _values = values;
        _streamed = streamed;
        Labels = labels;
        Normalization = normalization;
        _valueNormalization = RowValues.Effective(normalization);
        ImageShape = imageShape;
        if (bytes is not null || bytesOnDisk)
        {
            // One 256-entry table per feature: the exact double (v / divisor − mean) / std for every byte v.
            _byteTable = new double[dimension * 256];
            for (int j = 0; j < dimension; j++)
            {
                for (int v = 0; v < 256; v++)
                {
                    _byteTable[(j * 256) + v] = ((v / normalization.RawDivisor) - normalization.Mean[j]) / normalization.Std[j];
                }
            }
        }
    }

    /// <summary>Name used in messages (data set name or file).</summary>
    public string Name { get; }

    /// <summary>The data set this part belongs to: <see cref="Name"/> without the " (train)" or " (test)" of a split.</summary>
    public string SourceName => Name.EndsWith(" (train)", StringComparison.Ordinal) ? Name[..^8] : Name.EndsWith(" (test)", StringComparison.Ordinal) ? Name[..^7] : Name;

    /// <summary>Number of samples n.</summary>
    public int Count { get; }

    /// <summary>The classes' names in label order when the source names them (an image folder's sub-folders), else null.</summary>
    public IReadOnlyList<string>? ClassNames { get; private set; }

    /// <summary>Number of raw features d per sample.</summary>
    public int Dimension { get; }

    /// <summary>Number of classes k; labels lie in 0..k−1.</summary>
    public int Classes { get; }

    /// <summary>Class label of each sample (length n).</summary>
    public int[] Labels { get; }

    /// <summary>How raw values become model inputs.</summary>
    public InputNormalization Normalization { get; }

    /// <summary>Shape of one image, or null for non-image data.</summary>
    public ImageShape? ImageShape { get; }

    /// <summary>True when samples are stored as 8-bit pixels.</summary>
    public bool IsBytes => _bytes is not null;

    /// <summary>The raw pixels (n·d, row-major) when <see cref="IsBytes"/>; otherwise null.</summary>
    public byte[]? RawBytes => _bytes;

    /// <summary>Creates a data set over 8-bit pixels (n·d bytes, row-major).</summary>
    public static Dataset FromBytes(string name, byte[] pixels, int count, int dimension, int[] labels, int classes,
        InputNormalization normalization, ImageShape? imageShape)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)count * dimension)
        {
            throw new DataFormatException($"{name}: {pixels.Length} bytes do not hold {count}×{dimension} pixels.");
        }

        return new Dataset(name, count, dimension, classes, pixels, null, labels, normalization, imageShape);
    }

    /// <summary>Creates a data set over real values (n·d doubles, row-major); NaN or ±Inf is refused.</summary>
    public static Dataset FromValues(string name, double[] values, int count, int dimension, int[] labels, int classes,
        InputNormalization normalization, ImageShape? imageShape)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != (long)count * dimension)
        {
            throw new DataFormatException($"{name}: {values.Length} values do not hold {count}×{dimension} features.");
        }

        RowValues.RequireFinite<double>(name, values, dimension);
        return new Dataset(name, count, dimension, classes, null, values, labels, normalization, imageShape);
    }

    /// <summary>
    /// A data set whose inputs it does not own: on disk in NPY shards (<see cref="StreamedRows"/>, read a run of rows at a
    /// time) or in a caller's memory (<see cref="MemoryRows"/>, read in place); only the labels are held here.
    /// <paramref name="bytes"/>: the rows are uint8, converted through the normalization's byte table.
    /// </summary>
    internal static Dataset FromRows(string name, IRowSource rows, int dimension, int[] labels, int classes, bool bytes,
        InputNormalization normalization, ImageShape? imageShape)
        => new(name, rows.Count, dimension, classes, null, null, labels, normalization, imageShape, rows, bytes);

    /// <summary>
    /// A data set whose <paramref name="count"/>×<paramref name="dimension"/> inputs (rows = samples, C order) are read in
    /// place from a caller's memory at <paramref name="address"/> (no copy), converted to model inputs as they are read:
    /// uint8 through <paramref name="normalization"/>'s byte table, floats as <paramref name="normalization"/> says. The
    /// memory must stay alive and unchanged while the data set is used (the C ABI pins numpy's arrays for the call).
    /// Floats must be finite (<see cref="DataFormatException"/> naming <paramref name="name"/>, the sample and the feature).
    /// </summary>
    public static unsafe Dataset FromMemory(string name, nint address, MemoryElement element, int count, int dimension, int[] labels, int classes,
        InputNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(labels);
        MemoryRows rows = MemoryRows.Wrap(name, (void*)address, element, count, dimension);
        return FromRows(name, rows, dimension, labels, classes, element == MemoryElement.UInt8, normalization, null);
    }

    /// <summary>
    /// A content fingerprint (XxHash128, 32 hex digits) of the samples as the model sees them: their count, width, classes,
    /// labels, normalization, image shape and inputs, whatever the data set is called or where its files are. Inputs held
    /// here or in a caller's memory are hashed whole; NPY files left on disk by their header, size and a fixed sample of
    /// their bytes (all of a file up to 64 MiB; beyond, 1024 blocks of 4 KiB evenly spread, and the last). Computed once.
    /// </summary>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint();

    private string ComputeFingerprint()
    {
        var hash = new System.IO.Hashing.XxHash128();
        void Add<T>(ReadOnlySpan<T> values)
            where T : unmanaged
            => hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        Add<int>([Count, Dimension, Classes, ImageShape?.Channels ?? 0, ImageShape?.Height ?? 0, ImageShape?.Width ?? 0]);
        Add<int>(Labels);
        Add<double>([Normalization.RawDivisor]);
        Add<double>(Normalization.Mean);
        Add<double>(Normalization.Std);
        if (_bytes is not null)
        {
            Add<byte>(_bytes);
        }
        else if (_values is not null)
        {
            Add<double>(_values);
        }
        else
        {
            _streamed!.AddFingerprint(hash);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>Records the classes' names (label order); returns this data set.</summary>
    internal Dataset Named(IReadOnlyList<string> classNames)
    {
        ClassNames = classNames.Count == Classes ? classNames : throw new ArgumentException($"{classNames.Count} names for {Classes} classes.", nameof(classNames));
        return this;
    }

    /// <summary>The largest class index a data set accepts (labels are 0 … this).</summary>
    public const int MaxClassIndex = CsvReader.MaxLabel;

    /// <summary>True when the inputs are read from their source as needed rather than held by this data set.</summary>
    internal bool IsStreamed => _streamed is not null;

    /// <summary>
    /// Writes the normalized model inputs of samples <paramref name="start"/> … start+count−1 into
    /// <paramref name="destination"/> (count×d, row-major).
    /// </summary>
    public void CopyInputs(int start, int count, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count);
        if (_streamed is not null)
        {
            _streamed.Copy([.. Enumerable.Range(start, count)], destination, Dimension, _byteTable, Normalization);
            return;
        }

        for (int r = 0; r < count; r++)
        {
            CopyRow(start + r, destination.Slice(r * Dimension, Dimension));
        }
    }

    /// <summary>
    /// Throws <see cref="DataFormatException"/> unless these samples have <paramref name="dimension"/> features and at most
    /// <paramref name="classes"/> classes, the shape <paramref name="owner"/> (a feature map, model or distilled set) takes.
    /// </summary>
    public void RequireFits(int dimension, int classes, string owner)
    {
        if (Dimension != dimension || Classes > classes)
        {
            string what = classes == int.MaxValue ? $"{dimension} features" : $"{dimension} features and {classes} classes";
            throw new DataFormatException($"{Name}: samples have {Dimension} features and {Classes} classes, but {owner} takes {what}.");
        }
    }

    /// <summary>
    /// These samples with inputs normalized as <paramref name="normalization"/> says ((raw / divisor − mean) / std): this
    /// data set when it already is; a re-normalized view of the same pixels for 8-bit data; null for real-valued data
    /// normalized otherwise, whose raw values are not kept.
    /// </summary>
    public Dataset? Renormalized(InputNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        if (normalization.Dimension != Dimension)
        {
            throw new DataFormatException($"{Name}: {Dimension} features, but the normalization is for {normalization.Dimension}.");
        }

        InputNormalization own = Normalization;
        if (own.RawDivisor == normalization.RawDivisor && own.Mean.AsSpan().SequenceEqual(normalization.Mean) && own.Std.AsSpan().SequenceEqual(normalization.Std))
        {
            return this;
        }

        if (_streamed is not null)
        {
            return _byteTable is null ? null : FromRows(Name, _streamed, Dimension, Labels, Classes, bytes: true, normalization, ImageShape);
        }

        return RawBytes is { } pixels ? FromBytes(Name, pixels, Count, Dimension, Labels, Classes, normalization, ImageShape) : null;
    }

    /// <summary>
    /// Writes the normalized model inputs of the given samples (in that order) into <paramref name="destination"/>
    /// (|rows|×d); large requests are split over the cores.
    /// </summary>
    public void CopyInputs(ReadOnlySpan<int> rows, Span<double> destination)
    {
        int d = Dimension;
        if (destination.Length < (long)rows.Length * d)
        {
            throw new ArgumentException("destination is shorter than rows·d.", nameof(destination));
        }

        if (_streamed is not null)
        {
            _streamed.Copy(rows, destination, d, _byteTable, Normalization);
            return;
        }

        ParallelRows.Copy(rows, destination, d, CopyRow);
    }

    private void CopyRow(int row, Span<double> destination)
    {
        int d = Dimension;
        if (_bytes is not null)
        {
            RowValues.FromBytes(_bytes.AsSpan(row * d, d), _byteTable, destination);
        }
        else
        {
            RowValues.FromValues<double>(_values.AsSpan(row * d, d), _valueNormalization, destination);
        }
    }
}

/// <summary>A training set and its test set, with the same features, normalization and classes.</summary>
/// <param name="Train">The training samples.</param>
/// <param name="Test">The test samples.</param>
public sealed record DatasetPair(Dataset Train, Dataset Test)
{
    /// <summary>Files left out because they could not be read (an image folder opened with <c>SkipUnreadable</c>); empty otherwise.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}

/// <summary>Shape of one image, channels first (as CIFAR stores it and as artefacts record it).</summary>
/// <param name="Channels">Number of channels (1 for grey, 3 for RGB).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Width">Width in pixels.</param>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Number of values in one image: channels·height·width.</summary>
    public int Size => Channels * Height * Width;
}
