using FlowDocs.Documents.Blobs;

namespace FlowDocs.Documents.Content;

/// <summary>
/// A seekable view of a stored object of known length that opens the store only on the first read, from
/// the position reached by then. ASP.NET's file results seek to a Range's start before copying; with this
/// stream that becomes one ranged read from the store (a ranged GET on S3) instead of reading and
/// discarding every byte before the range.
/// </summary>
internal sealed class BlobContentStream(IBlobStore store, string key, long length) : Stream
{
    private Stream? _open;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            _open?.Dispose();
            _open = null;
            _position = target;
        }

        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length)
        {
            return 0;
        }

        _open ??= await store.OpenRangeAsync(key, _position, length - _position, cancellationToken)
            ?? throw new FileNotFoundException($"Blob '{key}' is missing from the store.");
        var read = await _open.ReadAsync(buffer, cancellationToken);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _open?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
