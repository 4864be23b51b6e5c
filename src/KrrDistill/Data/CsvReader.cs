using System.Globalization;
using System.Text;

namespace KrrDistill.Data;

/// <summary>
/// Reads a labelled CSV file: one sample per line, a label column (the first by default) holding
/// non-negative integers and numeric feature columns. An optional header line is detected (or forced,
/// see <see cref="CsvOptions"/>); blank lines are skipped; cells may be quoted. Numbers use the
/// invariant culture (a dot as decimal separator).
/// </summary>
/// <remarks>
/// A NaN or infinite value, an empty or unparsable cell, a negative or fractional label, or a line with
/// a different number of columns is refused with a <see cref="DataFormatException"/> naming the file,
/// the line and the column (both counted from 1).
/// </remarks>
internal static class CsvReader
{
    /// <summary>Largest label accepted; a bigger one is almost certainly a feature read as a label.</summary>
    public const int MaxLabel = 1_000_000;

    /// <summary>Reads <paramref name="path"/> as a data set with <see cref="InputNormalization.None"/> and classes = largest label + 1 (or <see cref="CsvOptions.Classes"/>).</summary>
    public static Dataset Read(string path, CsvOptions? options = null)
        => ReadTable(path, options).ToDataset(options?.Classes);

    /// <summary>Reads <paramref name="path"/> into labels and features without building a data set (to agree on classes across files first).</summary>
    public static CsvTable ReadTable(string path, CsvOptions? options = null)
    {
        options ??= new CsvOptions();
        using FileStream file = DataFile.OpenRead(path);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var cells = new List<ReadOnlyMemory<char>>();
        var labels = new List<int>();
        double[] values = new double[1024];
        int valueCount = 0;
        int columns = -1;
        int labelColumn = -1;
        int firstDataLine = 0;
        IReadOnlyList<string>? header = null;
        int lineNumber = 0, columnsLine = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (line.Contains('\0', StringComparison.Ordinal) || line.Contains('\uFFFD', StringComparison.Ordinal))
            {
                throw new DataFormatException($"{path}: line {lineNumber} holds binary data (NUL bytes or bytes that are not UTF-8): a CSV data set is text, a label and features per line.");
            }

            Split(line, options.Delimiter, cells, path, lineNumber);
            if (columns < 0)
            {
                columns = cells.Count;
                columnsLine = lineNumber;
                if (columns < 2)
                {
                    throw new DataFormatException($"{path}: line {lineNumber} has {columns} column; expected a label and at least one feature.");
                }

                labelColumn = options.LabelColumn < 0 ? columns + options.LabelColumn : options.LabelColumn;
                if (labelColumn < 0 || labelColumn >= columns)
                {
                    throw new DataFormatException($"{path}: label column {options.LabelColumn} does not exist; line {lineNumber} has {columns} columns.");
                }

                bool isHeader = options.HasHeader ?? !double.TryParse(cells[labelColumn].Span.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                if (isHeader)
                {
                    header = cells.Where((_, i) => i != labelColumn).Select(c => c.Span.Trim().ToString()).ToArray();
                    continue;
                }
            }

            if (cells.Count != columns)
            {
                throw new DataFormatException($"{path}: line {lineNumber} has {cells.Count} columns, line {(firstDataLine > 0 ? firstDataLine : columnsLine)} has {columns}.");
            }

            if (firstDataLine == 0)
            {
                firstDataLine = lineNumber;
            }

            long needed = (long)valueCount + columns - 1;
            if (needed > values.Length)
            {
                if (needed > Array.MaxLength)
                {
                    throw new DataFormatException($"{path}: line {lineNumber}: more values than can be loaded (limit {Array.MaxLength}).");
                }

                Array.Resize(ref values, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * values.Length)));
            }

            for (int c = 0; c < columns; c++)
            {
                double value = ParseCell(cells[c], path, lineNumber, c);
                if (c == labelColumn)
                {
                    if (value < 0 || value != Math.Floor(value) || value > MaxLabel)
                    {
                        throw new DataFormatException($"{path}: line {lineNumber}, column {c + 1}: label '{cells[c].Span.Trim()}' is not an integer in 0..{MaxLabel}.");
                    }

                    labels.Add((int)value);
                }
                else
                {
                    values[valueCount++] = value;
                }
            }
        }

        if (columns < 0 || labels.Count == 0)
        {
            throw new DataFormatException($"{path}: no data lines.");
        }

        Array.Resize(ref values, valueCount);
        return new CsvTable(path, values, labels.ToArray(), columns - 1, header);
    }

    private static double ParseCell(ReadOnlyMemory<char> cell, string path, int line, int column)
    {
        ReadOnlySpan<char> text = cell.Span.Trim();
        if (text.IsEmpty)
        {
            throw new DataFormatException($"{path}: line {line}, column {column + 1}: empty cell.");
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new DataFormatException($"{path}: line {line}, column {column + 1}: '{Abbreviate(text.ToString())}' is not a number.");
        }

        if (!double.IsFinite(value))
        {
            throw new DataFormatException($"{path}: line {line}, column {column + 1}: '{text}' (NaN or infinite values are not allowed).");
        }

        return value;
    }

    private static void Split(string line, char delimiter, List<ReadOnlyMemory<char>> cells, string path, int lineNumber)
    {
        cells.Clear();
        StringBuilder? cell = null;
        int i = 0;
        while (true)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                cell ??= new StringBuilder();
                cell.Clear();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new DataFormatException($"{path}: line {lineNumber}, column {cells.Count + 1}: unterminated quoted cell.");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(line[i++]);
                }

                while (i < line.Length && line[i] == ' ')
                {
                    i++;
                }

                if (i < line.Length && line[i] != delimiter)
                {
                    throw new DataFormatException($"{path}: line {lineNumber}, column {cells.Count + 1}: text after a closing quote.");
                }

                cells.Add(cell.ToString().AsMemory());
            }
            else
            {
                int end = line.IndexOf(delimiter, i);
                if (end < 0)
                {
                    end = line.Length;
                }

                cells.Add(line.AsMemory(i, end - i));
                i = end;
            }

            if (i >= line.Length)
            {
                return;
            }

            i++; // the delimiter
        }
    }

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
