using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace KrrDistill.Data;

/// <summary>
/// Reads numpy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0) of every plain dtype, in either byte order and
/// either memory order, converting on read to what the library computes with: <c>f8</c> → float64, <c>f4</c> and
/// <c>f2</c> → float32 (exact), <c>u1</c> → bytes, other integers → int64 (its <see cref="NpyArray.DType"/> becomes
/// <c>&lt;i8</c>), <c>b1</c> → float64 0/1, <c>U<i>n</i></c> → strings; Fortran-order arrays come back in C order.
/// </summary>
/// <remarks>
/// Object arrays (<c>|O</c>, which need pickle), structured and complex dtypes, uint64 values above 2⁶³ − 1,
/// truncated files and trailing bytes are refused with a one-line <see cref="DataFormatException"/> naming the file
/// (and, inside an archive, the key).
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

    /// <summary>
    /// Reads the magic, version and header of an array and checks them against <paramref name="length"/> (the stream's
    /// bytes, when known), leaving the stream at the first data byte: what an archive reader needs to check every
    /// array's dtype and shape before inflating any data.
    /// </summary>
    internal static NpyPreamble ReadPreamble(Stream stream, string source, long? length)
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
        ElementType type = Classify(descr, source);
        // The header alone does not limit the count: a file streamed row by row may hold more than one array can
        // (Read, which loads an array whole, refuses those); only a size no file can have is refused here.
        long count = 1;
        foreach (int dim in shape)
        {
            if (dim != 0 && count > long.MaxValue / type.ItemSize / dim)
            {
                throw new DataFormatException($"{source}: shape {shapeText} of {descr} holds more bytes than any file can (corrupt header?).");
            }

            count *= dim;
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

        return new NpyPreamble(descr, fortran, shape, count, type, promised);
    }

    /// <summary>Refuses an array with more elements than one array can hold, before any of it is read.</summary>
    internal static void RequireLoadable(NpyPreamble preamble, string source)
    {
        if (preamble.Count > Array.MaxLength)
        {
            throw new DataFormatException($"{source}: shape {NpyHeader.FormatShape(preamble.Shape)} holds more elements than can be loaded at once (limit {Array.MaxLength}); a directory of .npy files streams inputs of any size.");
        }
    }

    /// <summary>Reads one array; <paramref name="length"/>, when known, lets a truncated stream be refused before any large allocation.</summary>
    internal static NpyArray Read(Stream stream, string source, long? length)
    {
        NpyPreamble preamble = ReadPreamble(stream, source, length);
        (ElementType type, string descr, bool fortran, int[] shape, long count) = (preamble.Type, preamble.Descr, preamble.FortranOrder, preamble.Shape, preamble.Count);
        string shapeText = NpyHeader.FormatShape(shape);
        RequireLoadable(preamble, source);
        string promised = preamble.Promised;
        int n = (int)count;
        (Array data, string dtype) = type.Code switch
        {
            'U' => (ReadStrings(stream, n, type.ItemSize / 4, type.BigEndian, source, promised), $"<U{type.ItemSize / 4}"),
            'f' when type.ItemSize == 8 && !type.BigEndian => (ReadElements<double>(stream, n, source, promised), "<f8"),
            'f' when type.ItemSize == 4 && !type.BigEndian => (ReadElements<float>(stream, n, source, promised), "<f4"),
            'u' when type.ItemSize == 1 => (ReadElements<byte>(stream, n, source, promised), "|u1"),
            'i' when type.ItemSize == 8 && !type.BigEndian => (ReadElements<long>(stream, n, source, promised), "<i8"),
            _ when (long)n * type.ItemSize > Array.MaxLength => throw new DataFormatException($"{source}: shape {shapeText} of {descr} is too large to convert on reading (limit {Array.MaxLength} bytes); save it as <f8, <f4, |u1 or <i8."),
            _ => Convert(ReadElements<byte>(stream, n * type.ItemSize, source, promised), type, n, source),
        };

        if (length is null && stream.ReadByte() >= 0)
        {
            throw new DataFormatException($"{source}: trailing data after the array ({promised}).");
        }

        if (fortran && shape.Length > 1)
        {
            data = ToRowMajor(data, shape);
        }

        return NpyArray.FromChecked(dtype, shape, data);
    }

    /// <summary>
    /// Every plain numpy dtype: '&lt;', '&gt;', '|' or '=' byte order, then f2/f4/f8, i1/i2/i4/i8, u1/u2/u4/u8, b1 or U<i>n</i>.
    /// Object (pickled) and structured arrays are refused.
    /// </summary>
    private static ElementType Classify(string descr, string source)
    {
        if ((descr.Length >= 2 && descr[1] == 'O') || descr == "O")
        {
            throw new DataFormatException($"{source}: object arrays (dtype {descr}) are not supported: they hold pickled Python objects; save a numeric or string array instead.");
        }

        if (descr.Length >= 3 && descr[0] is '<' or '>' or '|' or '='
            && int.TryParse(descr.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
        {
            bool big = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);
            char kind = descr[1];
            bool known = kind switch
            {
                'f' => size is 2 or 4 or 8,
                'i' or 'u' => size is 1 or 2 or 4 or 8,
                'b' => size == 1,
                'U' => size is >= 1 and <= (1 << 24),
                _ => false,
            };
            if (known)
            {
                return kind == 'U' ? new ElementType('U', 4 * size, big) : new ElementType(kind, size, big);
            }
        }

        throw new DataFormatException($"{source}: dtype '{descr}' is not supported (supported: any byte order of f2, f4, f8, i1–i8, u1–u8, b1 and U<n>).");
    }

    /// <summary>
    /// Raw elements of another dtype into one this library computes with: float16 becomes float32 (exact), bool becomes
    /// float64 0/1 (bool features must not be read as 8-bit pixels), other integers become int64 (uint64 above 2⁶³ − 1
    /// is refused), any byte order.
    /// </summary>
    private static (Array Data, string DType) Convert(byte[] raw, ElementType type, int count, string source)
    {
        int size = type.ItemSize;
        if (type.BigEndian && size > 1)
        {
            for (int i = 0; i < raw.Length; i += size)
            {
                Array.Reverse(raw, i, size);
            }
        }

        ReadOnlySpan<byte> bytes = raw;
        switch (type.Code)
        {
            case 'f' when size == 8:
                return (MemoryMarshal.Cast<byte, double>(bytes).ToArray(), "<f8");
            case 'f' when size == 4:
                return (MemoryMarshal.Cast<byte, float>(bytes).ToArray(), "<f4");
            case 'f':
                {
                    float[] values = new float[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(2 * i, 2));
                    }

                    return (values, "<f4");
                }

            case 'b':
                {
                    double[] values = new double[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = bytes[i] != 0 ? 1.0 : 0.0;
                    }

                    return (values, "<f8");
                }

            default:
                {
                    long[] values = new long[count];
                    for (int i = 0; i < count; i++)
                    {
                        ReadOnlySpan<byte> item = bytes.Slice(size * i, size);
                        values[i] = (type.Code, size) switch
                        {
                            ('i', 1) => (sbyte)item[0],
                            ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(item),
                            ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(item),
                            ('i', _) => BinaryPrimitives.ReadInt64LittleEndian(item),
                            ('u', 1) => item[0],
                            ('u', 2) => BinaryPrimitives.ReadUInt16LittleEndian(item),
                            ('u', 4) => BinaryPrimitives.ReadUInt32LittleEndian(item),
                            _ => BinaryPrimitives.ReadUInt64LittleEndian(item) <= long.MaxValue
                                ? (long)BinaryPrimitives.ReadUInt64LittleEndian(item)
                                : throw new DataFormatException($"{source}: element {i} ({BinaryPrimitives.ReadUInt64LittleEndian(item)}) does not fit a signed 64-bit integer."),
                        };
                    }

                    return (values, "<i8");
                }
        }
    }

    /// <summary>The same array in C (row-major) order, from its Fortran (column-major) element order.</summary>
    private static Array ToRowMajor(Array columnMajor, int[] shape) => columnMajor switch
    {
        double[] values => ToRowMajor(values, shape),
        float[] values => ToRowMajor(values, shape),
        byte[] values => ToRowMajor(values, shape),
        long[] values => ToRowMajor(values, shape),
        string[] values => ToRowMajor(values, shape),
        _ => throw new ArgumentException($"unexpected element type {columnMajor.GetType()}.", nameof(columnMajor)),
    };

    private static T[] ToRowMajor<T>(T[] columnMajor, int[] shape)
    {
        int rank = shape.Length, count = columnMajor.Length;
        var rowMajor = new T[count];
        int[] index = new int[rank];
        for (int f = 0; f < count; f++)
        {
            // f walks the Fortran order: the first index varies fastest.
            long c = 0;
            for (int axis = 0; axis < rank; axis++)
            {
                c = (c * shape[axis]) + index[axis];
            }

            rowMajor[c] = columnMajor[f];
            for (int axis = 0; axis < rank && ++index[axis] == shape[axis]; axis++)
            {
                index[axis] = 0;
            }
        }

        return rowMajor;
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

    private static string[] ReadStrings(Stream stream, int count, int chars, bool bigEndian, string source, string promised)
    {
        var values = new string[count];
        var buffer = new byte[4 * chars];
        var utf32 = new UTF32Encoding(bigEndian, byteOrderMark: false);
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
            while (used >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(used - 4)) == 0) // zero either way round
            {
                used -= 4;
            }

            values[i] = utf32.GetString(buffer, 0, used);
        }

        return values;
    }

    /// <summary>An element type: numpy kind code, bytes per element, byte order.</summary>
    internal readonly record struct ElementType(char Code, int ItemSize, bool BigEndian = false);

}
