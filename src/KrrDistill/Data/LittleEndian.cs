using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace KrrDistill.Data;

/// <summary>Byte-order conversion for the rare big-endian host; every file format here is little-endian.</summary>
internal static class LittleEndian
{
    /// <summary>Reverses the byte order of every element of <paramref name="values"/> in place (1-byte elements are left alone).</summary>
    public static void ReverseInPlace<T>(Span<T> values)
        where T : unmanaged
    {
        switch (Marshal.SizeOf<T>())
        {
            case 8:
                Span<long> longs = MemoryMarshal.Cast<T, long>(values);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
            case 4:
                Span<int> ints = MemoryMarshal.Cast<T, int>(values);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 2:
                Span<short> shorts = MemoryMarshal.Cast<T, short>(values);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
        }
    }
}
