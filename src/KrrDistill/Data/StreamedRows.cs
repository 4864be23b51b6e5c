using System.Buffers;
using System.Runtime.InteropServices;

namespace KrrDistill.Data;

/// <summary>
/// The inputs of a data set left on disk: one or more <see cref="NpyRowFile"/> shards read as one sequence of rows.
/// Requests are served by runs of consecutive rows through a bounded buffer (<see cref="RunRows"/> rows at most), so
/// memory stays O(chunk·d) whatever the number of samples. Values are checked finite as they are read.
/// </summary>
internal sealed class StreamedRows : IRowSource
{
    /// <summary>Most rows read in one positioned read.</summary>
    internal const int RunRows = 256;

    private readonly NpyRowFile[] _files;
    private readonly long[] _starts; // first global row of each file, and the total at the end
    private readonly long _widest;   // bytes of the widest row, which sizes the read buffer

    public StreamedRows(IReadOnlyList<NpyRowFile> files)
    {
        _files = [.. files.Where(f => f.Rows > 0)]; // an empty shard holds no row, and would confuse the row lookup
        _starts = new long[_files.Length + 1];
        for (int i = 0; i < _files.Length; i++)
        {
            _starts[i + 1] = _starts[i] + _files[i].Rows;
        }

        _widest = _files.Length == 0 ? 1 : _files.Max(f => f.RowBytes);
        if (_starts[^1] > int.MaxValue)
        {
            throw new DataFormatException($"{_files[0].Path} and the other shards hold {_starts[^1]} samples, more than {int.MaxValue}.");
        }
    }

    /// <summary>Samples in all files.</summary>
    public int Count => (int)_starts[^1];

    /// <inheritdoc/>
    public void AddFingerprint(System.IO.Hashing.NonCryptographicHashAlgorithm hash)
    {
        foreach (NpyRowFile file in _files)
        {
            file.AddFingerprint(hash);
        }
    }

    /// <summary>
    /// Writes the model inputs of <paramref name="rows"/> (any order; sorted rows read fastest) into
    /// <paramref name="destination"/> (|rows|×d): uint8 through <paramref name="byteTable"/>, floats through
    /// <paramref name="normalization"/>.
    /// </summary>
    public void Copy(ReadOnlySpan<int> rows, Span<double> destination, int d, double[]? byteTable, InputNormalization normalization)
    {
        long widest = _widest;
        if (widest > Array.MaxLength)
        {
            throw new DataFormatException($"{_files[0].Path}: a sample of {widest} bytes is more than one buffer can hold.");
        }

        int runRows = (int)Math.Clamp(Array.MaxLength / widest, 1, RunRows);
        InputNormalization? z = RowValues.Effective(normalization);
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)(runRows * widest));
        try
        {
            int r = 0;
            while (r < rows.Length)
            {
                int file = FileOf(rows[r]);
                int local = (int)(rows[r] - _starts[file]);
                int run = 1;
                while (run < runRows && r + run < rows.Length && rows[r + run] == rows[r] + run && rows[r + run] < _starts[file + 1])
                {
                    run++;
                }

                NpyRowFile f = _files[file];
                f.Read(local, run, buffer);
                for (int i = 0; i < run; i++)
                {
                    Convert(f, buffer.AsSpan((int)(i * f.RowBytes), (int)f.RowBytes), destination.Slice((r + i) * d, d), byteTable, z, local + i);
                }

                r += run;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int FileOf(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"row {row} is outside 0..{Count - 1}.");
        }

        int index = Array.BinarySearch(_starts, row);
        return index >= 0 ? Math.Min(index, _files.Length - 1) : ~index - 1;
    }

    private static void Convert(NpyRowFile file, ReadOnlySpan<byte> raw, Span<double> target, double[]? byteTable, InputNormalization? z, int row)
    {
        int d = target.Length;
        if (file.Kind == 'u')
        {
            RowValues.FromBytes(raw[..d], byteTable, target);
        }
        else if (file.ItemSize == 8)
        {
            ReadOnlySpan<double> values = MemoryMarshal.Cast<byte, double>(raw)[..d];
            RowValues.RequireFinite(file.Path, values, d, row);
            RowValues.FromValues(values, z, target);
        }
        else
        {
            ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(raw)[..d];
            RowValues.RequireFinite(file.Path, values, d, row);
            RowValues.FromValues(values, z, target);
        }
    }
}
