using FlowDocs.Documents.Blobs;

namespace FlowDocs.Testing;

/// <summary>Yields <c>failAfter</c> bytes, then fails like a client whose connection dropped mid-upload.</summary>
public sealed class BreakingStream(int failAfter) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= failAfter)
        {
            throw new IOException("The client went away.");
        }

        var n = Math.Min(count, failAfter - _position);
        Random.Shared.NextBytes(buffer.AsSpan(offset, n));
        _position += n;
        return n;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A blob store that hands every call to the real one; tests override what they observe or hold back.</summary>
public abstract class DelegatingBlobStore : IBlobStore
{
    protected DelegatingBlobStore(IBlobStore? inner = null) => Inner = inner!;

    /// <summary>The server's real store (set later when the decorator is created before the server's services).</summary>
    public IBlobStore Inner { get; set; }

    public virtual Task<BlobInfo> WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        Inner.WriteAsync(key, content, contentType, cancellationToken);

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => Inner.OpenReadAsync(key, cancellationToken);

    public Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken cancellationToken) =>
        Inner.OpenRangeAsync(key, offset, length, cancellationToken);

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => Inner.GetInfoAsync(key, cancellationToken);

    public virtual Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) => Inner.DeleteAsync(key, cancellationToken);

    public Task CheckAsync(CancellationToken cancellationToken) => Inner.CheckAsync(cancellationToken);

    public IAsyncEnumerable<BlobListing> ListAsync(string prefix, CancellationToken cancellationToken) => Inner.ListAsync(prefix, cancellationToken);
}
