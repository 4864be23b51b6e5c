using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace KrrDistill.Data;

/// <summary>
/// Reads numpy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0): little-endian <c>&lt;f8</c>,
/// <c>&lt;f4</c>, <c>|u1</c>, <c>&lt;i8</c> and unicode <c>&lt;U<i>n</i></c> arrays of any shape in C
/// order. <c>&lt;i4</c> is accepted too and widened to int64 (its <see cref="NpyArray.DType"/> becomes <c>&lt;i8</c>).
/// </summary>
/// <remarks>
/// Fortran-order arrays, object arrays (<c>|O</c>, which need pickle), structured and big-endian dtypes
/// and anything else are refused, as are truncated files and trailing bytes, with a one-line
/// <see cref="DataFormatException"/> naming the file (and, inside an archive, the key).
/// </remarks>
internal static class NpyReader
{
    /// <summary>Reads the .npy file at <paramref name="path"/>.</summary>
    public static NpyArray Read(string path)
    {
        using FileStream stream = DataFile.OpenRead(path);
        return Read(stream, path, stream.Length);
    }

    /// <summary>
    /// Reads one array from <paramref name="stream"/>, which must end where the array ends.
    /// <paramref name="source"/> names the stream in error messages (a path, or "archive.npz, key 'x'").
    /// </summary>
    public static NpyArray Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, source, stream.CanSeek ? stream.Length - stream.Position : null);
    }

    /// <summary>Reads one array; <paramref name="length"/>, when known, lets a truncated stream be refused before any large allocation.</summary>
    internal static NpyArray Read(Stream stream, string source, long? length)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> prefix = stackalloc byte[12];
        int got = stream.ReadAtLeast(prefix[..8], 8, throwOnEndOfStream: false);
        if (got < 8 || !prefix[..6].SequenceEqual(NpyHeader.Magic))
        {
            if (got >= 6 && !prefix[..6].SequenceEqual(NpyHeader.Magic))
            {
                throw new DataFormatException($"{source}: not an NPY file (it does not start with \\x93NUMPY).");
            }

            throw new DataFormatException($"{source}: truncated: {got} bytes, too short for an NPY header.");
        }

        byte major = prefix[6];
        byte minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new DataFormatException($"{source}: NPY format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are).");
        }

        int lengthBytes = major == 1 ? 2 : 4;
        got = stream.ReadAtLeast(prefix.Slice(8, lengthBytes), lengthBytes, throwOnEndOfStream: false);
        if (got < lengthBytes)
        {
            throw new DataFormatException($"{source}: truncated: the NPY header length is cut off.");
        }

        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        if (headerLength > NpyHeader.MaxHeaderLength)
        {
            throw new DataFormatException($"{source}: the NPY header claims {headerLength} bytes, which is absurd (corrupt file?).");
        }

        var headerBytes = new byte[headerLength];
        got = stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        if (got < headerBytes.Length)
        {
            throw new DataFormatException($"{source}: truncated: the NPY header should have {headerLength} bytes, the file holds {got}.");
        }

        string text;
        try
        {
            text = (major == 3 ? new UTF8Encoding(false, true) : Encoding.Latin1).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw new DataFormatException($"{source}: the NPY 3.0 header is not valid UTF-8.");
        }

        (string descr, bool fortran, int[] shape) = NpyHeader.Parse(text, source);
        string shapeText = NpyHeader.FormatShape(shape);
        if (fortran)
        {
            throw new DataFormatException($"{source}: Fortran-order arrays are not supported (shape {shapeText}, dtype {descr}); save np.ascontiguousarray(a) instead.");
        }

        ElementType type = Classify(descr, source);
        long count = 1;
        foreach (int dim in shape)
        {
            count = Math.Min(count, (long)Array.MaxLength + 1) * dim;
        }

        if (count > Array.MaxLength)
        {
            throw new DataFormatException($"{source}: shape {shapeText} holds more elements than can be loaded (limit {Array.MaxLength}).");
        }

        long dataBytes = count * type.ItemSize;
        string promised = $"header says shape {shapeText} of {descr} = {dataBytes} bytes";
        long consumed = 6 + 2 + lengthBytes + headerLength;
        if (length is long total)
        {
            long available = total - consumed;
            if (available < dataBytes)
            {
                throw new DataFormatException($"{source}: truncated: {promised}, the file holds {Math.Max(0, available)}.");
            }

            if (available > dataBytes)
            {
                throw new DataFormatException($"{source}: {available - dataBytes} bytes of trailing data after the array ({promised}).");
            }
        }

        int n = (int)count;
        Array data = type.Code switch
        {
            'd' => ReadElements<double>(stream, n, source, promised),
            'f' => ReadElements<float>(stream, n, source, promised),
            'b' => ReadElements<byte>(stream, n, source, promised),
            'l' => ReadElements<long>(stream, n, source, promised),
            'i' => Array.ConvertAll(ReadElements<int>(stream, n, source, promised), v => (long)v),
            _ => ReadStrings(stream, n, type.ItemSize / 4, source, promised),
        };

        if (length is null && stream.ReadByte() >= 0)
        {
            throw new DataFormatException($"{source}: trailing data after the array ({promised}).");
        }

        string dtype = type.Code == 'i' ? "<i8" : type.Code == 'b' ? "|u1" : descr;
        return NpyArray.FromChecked(dtype, shape, data);
    }

    private static ElementType Classify(string descr, string source)
    {
        switch (descr)
        {
            case "<f8":
                return new ElementType('d', 8);
            case "<f4":
                return new ElementType('f', 4);
            case "|u1" or "<u1" or ">u1" or "=u1":
                return new ElementType('b', 1);
            case "<i8":
                return new ElementType('l', 8);
            case "<i4":
                return new ElementType('i', 4);
            case "|O" or "<O" or ">O" or "O":
                throw new DataFormatException($"{source}: object arrays (dtype {descr}) are not supported: they hold pickled Python objects; save a numeric or string array instead.");
        }

        if (descr.StartsWith("<U", StringComparison.Ordinal) && int.TryParse(descr.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int chars) && chars <= (1 << 24))
        {
            return new ElementType('U', 4 * chars);
        }

        if (descr.StartsWith('>'))
        {
            throw new DataFormatException($"{source}: big-endian dtype {descr} is not supported; save a.astype('<{descr[1..]}') instead.");
        }

        throw new DataFormatException($"{source}: dtype '{descr}' is not supported (supported: <f8, <f4, |u1, <i8, <i4, <U).");
    }

    private static T[] ReadElements<T>(Stream stream, int count, string source, string promised)
        where T : unmanaged
    {
        T[] values = GC.AllocateUninitializedArray<T>(count);
        const int Chunk = 1 << 24;
        long read = 0;
        for (int start = 0; start < count; start += Chunk)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan(start, Math.Min(Chunk, count - start)));
            int got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            read += got;
            if (got < bytes.Length)
            {
                throw new DataFormatException($"{source}: truncated: {promised}, the file holds {read}.");
            }
        }

        if (!BitConverter.IsLittleEndian)
        {
            LittleEndian.ReverseInPlace(values.AsSpan());
        }

        return values;
    }

    private static string[] ReadStrings(Stream stream, int count, int chars, string source, string promised)
    {
        var values = new string[count];
        var buffer = new byte[4 * chars];
        var utf32 = new UTF32Encoding(bigEndian: false, byteOrderMark: false);
        long read = 0;
        for (int i = 0; i < count; i++)
        {
            int got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            read += got;
            if (got < buffer.Length)
            {
                throw new DataFormatException($"{source}: truncated: {promised}, the file holds {read}.");
            }

            int used = buffer.Length;
            while (used >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(used - 4)) == 0)
            {
                used -= 4;
            }

            values[i] = utf32.GetString(buffer, 0, used);
        }

        return values;
    }

    private readonly record struct ElementType(char Code, int ItemSize);
}
