using Microsoft.Win32.SafeHandles;

namespace KrrDistill.Data;

/// <summary>
/// One <c>.npy</c> file of samples read in place, row by row, never whole: its header is parsed and checked against the
/// file's size at opening; rows are read with positioned reads (<see cref="RandomAccess"/>, safe from many threads).
/// Row-major (C order) uint8, float32 or float64, little-endian; the first dimension is the samples.
/// </summary>
internal sealed class NpyRowFile
{
    private readonly SafeFileHandle _handle;
    private readonly long _dataOffset;

    private NpyRowFile(string path, SafeFileHandle handle, long dataOffset, int rows, int[] sampleShape, char kind, int itemSize)
    {
        Path = path;
        _handle = handle;
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
        NpyPreamble preamble;
        long length;
        long headerBytes;
        using (FileStream stream = DataFile.OpenRead(path, bufferSize: 1))
        {
            length = stream.Length;
            preamble = NpyReader.ReadPreamble(stream, path, length);
            headerBytes = stream.Position;
        }

        NpyReader.ElementType type = preamble.Type;
        bool supported = (type.Code == 'u' && type.ItemSize == 1) || (type.Code == 'f' && type.ItemSize is 4 or 8 && !type.BigEndian);
        if (!supported)
        {
            throw new DataFormatException($"{path}: dtype {preamble.Descr} is not streamed; save the inputs as uint8, little-endian float32 or float64 (or use an .npz data set, which is read whole).");
        }

        if (preamble.FortranOrder && preamble.Shape.Length > 1)
        {
            throw new DataFormatException($"{path}: Fortran-order arrays are not streamed (a sample's values are not contiguous); save with np.ascontiguousarray.");
        }

        if (preamble.Shape.Length < 2)
        {
            throw new DataFormatException($"{path}: shape {NpyHeader.FormatShape(preamble.Shape)}; inputs need one row per sample, shape (n, d), (n, h, w) or (n, c, h, w).");
        }

        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        return new NpyRowFile(path, handle, headerBytes, preamble.Shape[0], preamble.Shape[1..], type.Code, type.ItemSize);
    }

    /// <summary>Reads rows <paramref name="first"/> … first+count−1 into <paramref name="buffer"/> (count·<see cref="RowBytes"/> bytes).</summary>
    public void Read(int first, int count, Span<byte> buffer)
    {
        long offset = _dataOffset + (first * RowBytes);
        Span<byte> target = buffer[..checked((int)(count * RowBytes))];
        while (target.Length > 0)
        {
            int read = RandomAccess.Read(_handle, target, offset);
            if (read == 0)
            {
                throw new DataFormatException($"{Path}: the file ended while rows {first}…{first + count - 1} were read (it was truncated after opening).");
            }

            target = target[read..];
            offset += read;
        }
    }
}
