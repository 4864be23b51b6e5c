using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;

namespace KrrDistill.Data;

/// <summary>
/// Reads IDX files (the format of MNIST and Fashion-MNIST): the magic bytes 00 00 type ndim, then
/// ndim big-endian int32 dimensions, then the elements. Only unsigned bytes (type 0x08) are accepted.
/// A file is read raw or gzip-compressed, told apart by its first bytes (1f 8b), not by its name.
/// </summary>
/// <remarks>
/// The data are read with one read call into one array, so a raw 47 MB MNIST training file loads in a
/// few milliseconds. Truncated files, wrong magic bytes, other element types, absurd dimensions and
/// trailing bytes are refused with a <see cref="DataFormatException"/> whose one-line message names
/// the file and what is wrong.
/// </remarks>
internal static class IdxReader
{
    /// <summary>Largest number of dimensions accepted.</summary>
    internal const int MaxRank = 8;

    /// <summary>Element type code of unsigned bytes.</summary>
    internal const byte UnsignedByteType = 0x08;

    // Deflate expands at most about 1032:1; a header promising more than this many bytes per
    // compressed byte cannot be honest, and is refused before a large array is allocated.
    private const long MaxGzipExpansion = 1100;

    /// <summary>Reads the IDX file at <paramref name="path"/>, raw or gzip-compressed.</summary>
    /// <exception cref="DataFormatException">The file is missing, malformed, truncated, has trailing bytes or is not unsigned-byte.</exception>
    public static IdxArray Read(string path)
    {
        using FileStream file = DataFile.OpenRead(path, bufferSize: 1);
        long fileLength = file.Length;
        if (DataFile.IsGzip(file))
        {
            using var buffered = new BufferedStream(file, 1 << 16);
            using var gzip = new GZipStream(buffered, CompressionMode.Decompress);
            try
            {
                return ReadFrom(gzip, path, compressedLength: fileLength, rawLength: null);
            }
            catch (InvalidDataException e)
            {
                // The runtime's own text can mislead (a bad CRC-32 reads "unsupported compression method"), so say what
                // is known: the gzip member does not decompress and verify.
                throw new DataFormatException($"{path}: corrupt gzip data: the compressed stream, its CRC-32 or its length does not check out (a damaged or truncated file?).", e);
            }
        }

        return ReadFrom(file, path, compressedLength: null, rawLength: fileLength);
    }

    /// <summary>Formats dimensions as "60000×28×28".</summary>
    internal static string FormatShape(IReadOnlyList<int> shape) => string.Join("×", shape);

    private static IdxArray ReadFrom(Stream stream, string path, long? compressedLength, long? rawLength)
    {
        string where = compressedLength is null ? "file holds" : "decompressed data hold";
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw new DataFormatException($"{path}: truncated: an IDX header needs at least 4 bytes, {where} {got}.");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new DataFormatException($"{path}: not an IDX file: magic bytes are {magic[0]:x2} {magic[1]:x2} {magic[2]:x2} {magic[3]:x2}, expected 00 00 08 <ndim> (or gzip 1f 8b).");
        }

        if (magic[2] != UnsignedByteType)
        {
            throw new DataFormatException($"{path}: IDX element type 0x{magic[2]:x2} ({TypeName(magic[2])}) is not supported; only unsigned byte (0x08) is.");
        }

        int rank = magic[3];
        if (rank is < 1 or > MaxRank)
        {
            throw new DataFormatException($"{path}: IDX header gives {rank} dimensions; expected 1 to {MaxRank}.");
        }

        int headerLength = 4 + (4 * rank);
        Span<byte> dims = stackalloc byte[4 * MaxRank];
        dims = dims[..(4 * rank)];
        got = stream.ReadAtLeast(dims, dims.Length, throwOnEndOfStream: false);
        if (got < dims.Length)
        {
            throw new DataFormatException($"{path}: truncated: the IDX header of {rank} dimensions needs {headerLength} bytes, {where} {4 + got}.");
        }

        var shape = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++)
        {
            uint dim = BinaryPrimitives.ReadUInt32BigEndian(dims[(4 * i)..]);
            if (dim > int.MaxValue)
            {
                throw new DataFormatException($"{path}: IDX dimension {i} is {dim}, which is absurd (corrupt header?).");
            }

            shape[i] = (int)dim;

            // Saturate above the array limit so the product cannot overflow; a later zero still gives zero.
            size = Math.Min(size, (long)Array.MaxLength + 1) * dim;
        }

        if (size > Array.MaxLength)
        {
            BigInteger exact = shape.Aggregate(BigInteger.One, (p, d) => p * d);
            throw new DataFormatException($"{path}: header says {FormatShape(shape)} = {exact} bytes, more than can be loaded (limit {Array.MaxLength}; corrupt header?).");
        }

        string promised = $"header says {FormatShape(shape)} = {size} bytes";

        if (rawLength is long length)
        {
            long available = length - headerLength;
            if (available < size)
            {
                throw new DataFormatException($"{path}: truncated: {promised}, file holds {available}.");
            }

            if (available > size)
            {
                throw new DataFormatException($"{path}: {available - size} bytes of trailing data: {promised}, file holds {available}.");
            }
        }
        else if (compressedLength is long compressed && size > (compressed * MaxGzipExpansion) + (1 << 16))
        {
            throw new DataFormatException($"{path}: truncated: {promised}, more than a {compressed}-byte gzip file can hold.");
        }

        byte[] data = GC.AllocateUninitializedArray<byte>((int)size);
        Diagnostics.LargeBuffers.Advise(data);
        got = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got < data.Length)
        {
            throw new DataFormatException($"{path}: truncated: {promised}, {where} {got}.");
        }

        if (compressedLength is not null)
        {
            long extra = Drain(stream);
            if (extra > 0)
            {
                throw new DataFormatException($"{path}: {extra} bytes of trailing data: {promised}, {where} {size + extra}.");
            }
        }

        return new IdxArray(shape, data);
    }

    private static long Drain(Stream stream)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    private static string TypeName(byte type) => type switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "unknown type",
    };
}
