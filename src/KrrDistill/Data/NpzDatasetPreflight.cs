namespace KrrDistill.Data;

/// <summary>
/// Checks an <c>.npz</c> data set from its array headers alone, before any data is inflated: the four keys are there,
/// x and y have usable ranks and agree in samples, train and test samples have one shape, and everything fits in the
/// memory this process may use once read and converted. A small compressed archive can declare gigabytes; this is
/// where that is found out, in milliseconds.
/// </summary>
internal static class NpzDatasetPreflight
{
    /// <summary>The keys of an npz data set, inputs and labels of each split.</summary>
    private static readonly (string X, string Y)[] Splits = [("x_train", "y_train"), ("x_test", "y_test")];

    /// <summary>
    /// Checks the archive in <paramref name="stream"/> (the file <paramref name="path"/>) against
    /// <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, then rewinds the stream for the read that follows, so the
    /// file checked is the file read.
    /// </summary>
    public static void Check(Stream stream, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Check(path, NpzReader.ReadPreambles(stream, path), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        stream.Position = 0;
    }

    /// <summary>Checks the headers <paramref name="arrays"/> of <paramref name="path"/>, with <paramref name="availableBytes"/> of memory.</summary>
    /// <exception cref="DataFormatException">A key is missing, a shape does not fit, or the data cannot fit in memory.</exception>
    public static void Check(string path, IReadOnlyList<KeyValuePair<string, NpyPreamble>> arrays, long availableBytes)
    {
        var byKey = new Dictionary<string, NpyPreamble>(StringComparer.Ordinal);
        long needed = 0;
        foreach ((string key, NpyPreamble preamble) in arrays)
        {
            if (!byKey.TryAdd(key, preamble))
            {
                throw new DataFormatException($"{path}: key '{key}' appears twice.");
            }

            needed += preamble.DataBytes; // every entry is read, the four the data set uses and any other
        }

        NpyPreamble Get(string key) => byKey.TryGetValue(key, out NpyPreamble? p) ? p
            : throw new DataFormatException($"{path}: no array '{key}' ({(byKey.Count == 0 ? "it holds no arrays" : $"keys present: {string.Join(", ", byKey.Keys)}")}).");

        foreach ((string xKey, string yKey) in Splits)
        {
            NpyPreamble x = Get(xKey), y = Get(yKey);
            if (x.Type.Code == 'U')
            {
                throw new DataFormatException($"{path}: '{xKey}' holds text ({x.Descr}), expected numbers.");
            }

            if (x.Shape.Length is < 2 or > 4)
            {
                throw new DataFormatException($"{path}: '{xKey}' has shape {NpyHeader.FormatShape(x.Shape)}; expected (n, d), (n, h, w), (n, c, h, w) or (n, h, w, c) with c = 1, 3 or 4.");
            }

            if (y.Type.Code == 'U' || !(y.Shape.Length == 1 || (y.Shape.Length == 2 && y.Shape[1] == 1)))
            {
                throw new DataFormatException($"{path}: '{yKey}' is {y.Descr} of shape {NpyHeader.FormatShape(y.Shape)}; expected integer class indices of shape (n,) or (n, 1).");
            }

            if (y.Shape[0] != x.Shape[0])
            {
                throw new DataFormatException($"{path}: '{xKey}' has {x.Shape[0]} samples but '{yKey}' has {y.Shape[0]} labels.");
            }

            // Beside the bytes read (counted above), the conversions: uint8 pixels stay bytes, anything else becomes
            // float64; labels become float64 and then int32.
            needed += (x.Type is { Code: 'u', ItemSize: 1 } ? 0 : x.Count * sizeof(double)) + (y.Count * (sizeof(double) + sizeof(int)));
        }

        NpyPreamble train = Get("x_train"), test = Get("x_test");
        if (!train.Shape.AsSpan(1).SequenceEqual(test.Shape.AsSpan(1)))
        {
            throw new DataFormatException($"{path}: x_train has samples of shape {NpyHeader.FormatShape(train.Shape[1..])} but x_test has {NpyHeader.FormatShape(test.Shape[1..])}.");
        }

        if (needed > availableBytes)
        {
            throw new DataFormatException($"{path}: its arrays need {needed / (double)(1L << 30):F1} GiB of memory once read and converted ({train.Promised} for x_train), more than the {availableBytes / (double)(1L << 30):F1} GiB this process may use.");
        }

        foreach ((string key, NpyPreamble preamble) in arrays)
        {
            NpyReader.RequireLoadable(preamble, $"{path}: '{key}'");
        }
    }
}
