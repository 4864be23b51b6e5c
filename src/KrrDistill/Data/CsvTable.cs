namespace KrrDistill.Data;

/// <summary>The parsed content of a labelled CSV file: labels and features, before it becomes a <see cref="Dataset"/>.</summary>
/// <param name="Source">The file, for messages and as the data set's name.</param>
/// <param name="Values">Count·Dimension feature values, row-major, all finite.</param>
/// <param name="Labels">One non-negative label per row.</param>
/// <param name="Dimension">Number of feature columns.</param>
/// <param name="Header">The header's feature column names, or null when the file has no header.</param>
internal sealed record CsvTable(string Source, double[] Values, int[] Labels, int Dimension, IReadOnlyList<string>? Header)
{
    /// <summary>Number of rows (samples).</summary>
    public int Count => Labels.Length;

    /// <summary>Largest label, or −1 for an empty table.</summary>
    public int MaxLabel => Labels.Length == 0 ? -1 : Labels.Max();

    /// <summary>
    /// The table as a data set with no normalization (<see cref="InputNormalization.None"/>) and
    /// <paramref name="classes"/> classes (default: largest label + 1).
    /// </summary>
    public Dataset ToDataset(int? classes = null)
    {
        int k = classes ?? (MaxLabel + 1);
        if (MaxLabel >= k)
        {
            throw new DataFormatException($"{Source}: label {MaxLabel} is outside 0..{k - 1}.");
        }

        return Dataset.FromValues(Source, Values, Count, Dimension, Labels, k, InputNormalization.None(Dimension), imageShape: null);
    }
}
