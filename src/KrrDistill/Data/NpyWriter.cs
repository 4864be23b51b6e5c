using System.Runtime.InteropServices;
using System.Text;

using KrrDistill.Output;

namespace KrrDistill.Data;

/// <summary>
/// Writes numpy <c>.npy</c> files exactly as <c>np.save</c> (numpy 1.24 and later) does for a C-order
/// array: format version 1.0, the header dict with keys in sorted order and numpy's spare room for the
/// first axis, padded with spaces and a trailing newline to a multiple of 64 bytes, then the
/// little-endian elements.
/// </summary>
internal static class NpyWriter
{
    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/>, atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Write(string path, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, stream => Write(stream, array));
    }

    /// <summary>Writes the .npy bytes of <paramref name="array"/> (header, then elements) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        stream.Write(NpyHeader.Encode(array.DType, array.Shape));
        switch (array.Data)
        {
            case double[] d:
                WriteElements<double>(stream, d);
                break;
            case float[] f:
                WriteElements<float>(stream, f);
                break;
            case byte[] b:
                stream.Write(b);
                break;
            case long[] l:
                WriteElements<long>(stream, l);
                break;
            case string[] s:
                WriteStrings(stream, s, array.ItemSize / 4);
                break;
            default:
                throw new ArgumentException($"unsupported element type {array.Data.GetType()}.", nameof(array));
        }
    }

    /// <summary>The header block numpy writes for <paramref name="array"/> (magic, version, length, padded dict).</summary>
    internal static byte[] Header(NpyArray array) => NpyHeader.Encode(array.DType, array.Shape);

    private static void WriteElements<T>(Stream stream, T[] values)
        where T : unmanaged
    {
        const int Chunk = 1 << 20;
        T[]? swapped = BitConverter.IsLittleEndian ? null : new T[Math.Min(Chunk, values.Length)];
        for (int start = 0; start < values.Length; start += Chunk)
        {
            Span<T> chunk = values.AsSpan(start, Math.Min(Chunk, values.Length - start));
            if (swapped is not null)
            {
                chunk.CopyTo(swapped);
                chunk = swapped.AsSpan(0, chunk.Length);
                LittleEndian.ReverseInPlace(chunk);
            }

            stream.Write(MemoryMarshal.AsBytes(chunk));
        }
    }

    private static void WriteStrings(Stream stream, string[] values, int chars)
    {
        var utf32 = new UTF32Encoding(bigEndian: false, byteOrderMark: false);
        var buffer = new byte[4 * chars];
        foreach (string value in values)
        {
            Array.Clear(buffer);
            int length = utf32.GetByteCount(value);
            if (length > buffer.Length)
            {
                throw new ArgumentException($"the string '{value}' has more than the {chars} code points of its dtype <U{chars}.", nameof(values));
            }

            utf32.GetBytes(value, buffer);
            stream.Write(buffer);
        }
    }
}
