namespace KrrDistill.Data;

/// <summary>
/// One <c>.npy</c> file of samples read in place, row by row, never whole: its header is parsed and checked against the
/// file's size at opening; rows are read with positioned reads (<see cref="RandomAccess"/>, safe from many threads).
/// Row-major (C order) uint8, float32 or float64, little-endian; the first dimension is the samples.
/// </summary>
internal sealed class NpyRowFile
{
    private readonly FileStream _file; // kept open for the process's life; only its handle is read, by position
    private readonly long _dataOffset;

    private NpyRowFile(string path, FileStream file, long dataOffset, int rows, int[] sampleShape, char kind, int itemSize)
    {
        Path = path;
        _file = file;
        _dataOffset = dataOffset;
        Rows = rows;
        SampleShape = sampleShape;
        Kind = kind;
        ItemSize = itemSize;
        RowBytes = checked(sampleShape.Aggregate(1L, (a, b) => a * b) * itemSize);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Samples in the file.</summary>
    public int Rows { get; }

    /// <summary>The shape of one sample (the array's shape without its first dimension).</summary>
    public int[] SampleShape { get; }

    /// <summary>'u' (uint8) or 'f' (float32 or float64).</summary>
    public char Kind { get; }

    /// <summary>Bytes per value: 1, 4 or 8.</summary>
    public int ItemSize { get; }

    /// <summary>Bytes per sample.</summary>
    public long RowBytes { get; }

    /// <summary>Opens <paramref name="path"/> and checks its header and size.</summary>
    /// <exception cref="DataFormatException">Not an NPY file of samples this reader streams, or truncated; the message names the file.</exception>
    public static NpyRowFile Open(string path)
    {
        // One open for the header and the rows: unbuffered, so positioned reads of its handle see the file as it is.
        FileStream stream = DataFile.OpenRead(path, bufferSize: 1);
        NpyPreamble preamble;
        try
        {
            preamble = NpyReader.ReadPreamble(stream, path, stream.Length);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        long headerBytes = stream.Position;

        NpyReader.ElementType type = preamble.Type;
        string? refusal = Refusal(path, preamble);
        if (refusal is not null)
        {
            stream.Dispose();
            throw new DataFormatException(refusal);
        }

        return new NpyRowFile(path, stream, headerBytes, preamble.Shape[0], preamble.Shape[1..], type.Code, type.ItemSize);
    }

    /// <summary>Why the array <paramref name="preamble"/> describes cannot be streamed, or null when it can.</summary>
    private static string? Refusal(string path, NpyPreamble preamble)
    {
        NpyReader.ElementType type = preamble.Type;
        bool supported = (type.Code == 'u' && type.ItemSize == 1) || (type.Code == 'f' && type.ItemSize is 4 or 8 && !type.BigEndian);
        if (!supported)
        {
            return $"{path}: dtype {preamble.Descr} is not streamed; save the inputs as uint8, little-endian float32 or float64 (or use an .npz data set, which is read whole).";
        }

        if (preamble.FortranOrder && preamble.Shape.Length > 1)
        {
            return $"{path}: Fortran-order arrays are not streamed (a sample's values are not contiguous); save with np.ascontiguousarray.";
        }

        return preamble.Shape.Length < 2
            ? $"{path}: shape {NpyHeader.FormatShape(preamble.Shape)}; inputs need one row per sample, shape (n, d), (n, h, w) or (n, c, h, w)."
            : null;
    }

    /// <summary>Files of data up to this many bytes are hashed whole by <see cref="AddFingerprint"/>.</summary>
    internal const long WholeFingerprintBytes = 64L << 20;

    /// <summary>
    /// Adds the file's samples to <paramref name="hash"/>: their shape and type, and their bytes, all of them up to
    /// <see cref="WholeFingerprintBytes"/>, beyond that 1024 blocks of 4 KiB evenly spread and the last 4 KiB.
    /// </summary>
    public void AddFingerprint(System.IO.Hashing.NonCryptographicHashAlgorithm hash)
    {
        hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes<long>([Rows, Kind, ItemSize, .. SampleShape.Select(s => (long)s)]));
        long size = Rows * RowBytes;
        const int Block = 4096, Blocks = 1024;
        byte[] buffer = new byte[1 << 20];
        if (size <= WholeFingerprintBytes)
        {
            for (long offset = 0; offset < size; offset += buffer.Length)
            {
                Span<byte> part = buffer.AsSpan(0, (int)Math.Min(buffer.Length, size - offset));
                ReadAt(offset, part);
                hash.Append(part);
            }

            return;
        }

        for (int i = 0; i <= Blocks; i++)
        {
            long offset = i == Blocks ? size - Block : i * ((size - Block) / Blocks);
            Span<byte> part = buffer.AsSpan(0, Block);
            ReadAt(offset, part);
            hash.Append(part);
        }
    }

    /// <summary>Reads rows <paramref name="first"/> … first+count−1 into <paramref name="buffer"/> (count·<see cref="RowBytes"/> bytes).</summary>
    public void Read(int first, int count, Span<byte> buffer)
        => ReadAt(first * RowBytes, buffer[..checked((int)(count * RowBytes))], first, count);

    /// <summary>Fills <paramref name="target"/> from byte <paramref name="offset"/> of the data (rows <paramref name="first"/>, <paramref name="count"/> for messages).</summary>
    private void ReadAt(long offset, Span<byte> target, int first = 0, int count = 0)
    {
        offset += _dataOffset;
        while (target.Length > 0)
        {
            int read = RandomAccess.Read(_file.SafeFileHandle, target, offset);
            if (read == 0)
            {
                string what = count > 0 ? $"rows {first}…{first + count - 1}" : "its samples";
                throw new DataFormatException($"{Path}: the file ended while {what} were read (it was truncated after opening).");
            }

            target = target[read..];
            offset += read;
        }
    }
}
