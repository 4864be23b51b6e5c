namespace KrrDistill.Data;

/// <summary>
/// Inputs that a <see cref="Dataset"/> does not own: NPY shards on disk (<see cref="StreamedRows"/>) or a caller's
/// memory (<see cref="MemoryRows"/>). Rows are converted to model inputs only as they are asked for.
/// </summary>
internal interface IRowSource
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>
    /// Writes the model inputs of <paramref name="rows"/> (any order) into <paramref name="destination"/> (|rows|×d):
    /// uint8 through <paramref name="byteTable"/>, floats through <paramref name="normalization"/>.
    /// </summary>
    void Copy(ReadOnlySpan<int> rows, Span<double> destination, int d, double[]? byteTable, InputNormalization normalization);

    /// <summary>Adds the inputs' content (or, for files too large to read for it, a fixed sample of it) to <paramref name="hash"/>.</summary>
    void AddFingerprint(System.IO.Hashing.NonCryptographicHashAlgorithm hash);
}
