namespace KrrDistill.Data;

/// <summary>How <see cref="CsvReader"/> reads a labelled CSV file.</summary>
public sealed record CsvOptions
{
    /// <summary>Zero-based index of the label column; negative counts from the end (−1 is the last column). Default 0.</summary>
    public int LabelColumn { get; init; }

    /// <summary>
    /// Whether the first line is a header: true, false, or null (the default) to detect it — the first
    /// line is taken as a header when its label cell is not a number.
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>Field separator. Default comma.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Number of classes; null (the default) means the largest label plus one.</summary>
    public int? Classes { get; init; }
}
