using KrrDistill.Data;

namespace KrrDistill.Ridge;

/// <summary>
/// Rows of a data set, held by reference to the <see cref="Dataset"/> itself (never by its name), with the count of
/// each class among them: the training split a model is fit on, its validation split, or one shard's block of either.
/// The estimator fits on them, the distiller draws real points from them, and the class counts refuse an impossible
/// IPC before any fitting work.
/// </summary>
public sealed class TrainingRows
{
    private readonly int[] _rows;
    private readonly long[] _classCounts;

    /// <summary>
    /// Rows <paramref name="rows"/> of <paramref name="data"/> (every row when null), in the order given. Throws
    /// <see cref="InputException"/> for a row outside 0…n−1.
    /// </summary>
    public TrainingRows(Dataset data, IEnumerable<int>? rows = null)
        : this(data ?? throw new ArgumentNullException(nameof(data)), rows is null ? [.. Enumerable.Range(0, data.Count)] : [.. rows], check: true)
    {
    }

    private TrainingRows(Dataset data, int[] rows, bool check)
    {
        Data = data;
        _rows = rows;
        _classCounts = new long[data.Classes];
        foreach (int row in rows)
        {
            if (check && (uint)row >= (uint)data.Count)
            {
                throw new InputException($"{data.Name}: row {row} is outside 0..{data.Count - 1}.");
            }

            _classCounts[data.Labels[row]]++;
        }
    }

    /// <summary>The data set the rows belong to.</summary>
    public Dataset Data { get; }

    /// <summary>The row indices (sorted for a split; a shard's block keeps that order).</summary>
    public IReadOnlyList<int> Rows => _rows;

    /// <summary>Number of rows.</summary>
    public int Count => _rows.Length;

    /// <summary>Rows of each class c = 0…k−1 (k = the data set's classes).</summary>
    public IReadOnlyList<long> ClassCounts => _classCounts;

    /// <summary>The row indices without a copy, for the passes over the data.</summary>
    internal int[] Indices => _rows;

    /// <summary>The contiguous block <paramref name="start"/>…<paramref name="start"/>+<paramref name="length"/>−1 of these rows (a shard, an MPI rank's part).</summary>
    public TrainingRows Block(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + (long)length, Count);
        return new TrainingRows(Data, _rows[start..(start + length)], check: false);
    }

    /// <summary>The class with the fewest rows and that count (the first such class).</summary>
    public (int Class, long Count) SmallestClass()
    {
        int smallest = 0;
        for (int c = 1; c < _classCounts.Length; c++)
        {
            if (_classCounts[c] < _classCounts[smallest])
            {
                smallest = c;
            }
        }

        return (smallest, _classCounts.Length == 0 ? 0 : _classCounts[smallest]);
    }

    /// <summary>Rows whose indices are already checked (a split's permutation).</summary>
    internal static TrainingRows Trusted(Dataset data, int[] rows) => new(data, rows, check: false);
}
