using System.Security.Cryptography;

namespace FlowDocs.Documents.Content;

/// <summary>
/// Reads through the request body once: hashes (SHA-256), counts, keeps the first bytes for sniffing, and
/// stops with <see cref="ContentTooLargeException"/> as soon as the size limit is passed, so the blob store
/// never receives more than the limit and nothing is buffered beyond the store's own part buffer.
/// </summary>
internal sealed class HashingStream(Stream inner, long maxBytes) : Stream
{
    public const int SniffLength = 512;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _head = new byte[SniffLength];
    private int _headLength;

    public long BytesRead { get; private set; }

    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    /// <summary>Lower-case hex SHA-256 of everything read; call once, after the last read.</summary>
    public string FinishHash() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Observe(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Observe(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Observe(ReadOnlySpan<byte> read)
    {
        BytesRead += read.Length;
        if (BytesRead > maxBytes)
        {
            throw new ContentTooLargeException(maxBytes);
        }

        if (_headLength < SniffLength)
        {
            var take = Math.Min(SniffLength - _headLength, read.Length);
            read[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }

        _hash.AppendData(read);
        return read.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>The content passed the configured size limit (answered as 413).</summary>
public sealed class ContentTooLargeException(long maxBytes)
    : IOException($"The content is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
