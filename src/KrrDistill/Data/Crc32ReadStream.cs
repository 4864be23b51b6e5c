using System.IO.Hashing;

namespace KrrDistill.Data;

/// <summary>
/// A read-only view of a zip entry's inflated bytes that computes their CRC-32 as they are read, so that
/// <see cref="NpzReader"/> refuses an entry whose data do not match the CRC the archive records (one flipped bit
/// anywhere), as numpy does ("Bad CRC-32").
/// </summary>
internal sealed class Crc32ReadStream(Stream inner) : Stream
{
    private readonly Crc32 _crc = new();

    /// <summary>The CRC-32 of every byte read so far.</summary>
    public uint Crc => _crc.GetCurrentHashAsUInt32();

    /// <summary>Reads the rest of the entry (what the reader did not need), so that the CRC covers all of it.</summary>
    public void ReadToEnd()
    {
        byte[] buffer = new byte[81920];
        while (Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        _crc.Append(buffer[..n]);
        return n;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => inner.Length;

    /// <inheritdoc/>
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
