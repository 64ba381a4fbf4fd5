using FlowDocs.Data.Documents;
using FlowDocs.Documents.Blobs;

namespace FlowDocs.Documents.UploadSessions;

/// <summary>Reads a session's chunks back-to-back as one stream, opening each stored chunk only when reached.</summary>
internal sealed class ChunkedContentStream(IBlobStore store, IReadOnlyList<(UploadChunk Chunk, long Skip)> plan) : Stream
{
    private int _index = -1;
    private Stream? _current;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (++_index >= plan.Count)
                {
                    return 0;
                }

                var (chunk, skip) = plan[_index];
                _current = await store.OpenRangeAsync(chunk.BlobKey, skip, chunk.Length - skip, cancellationToken)
                    ?? throw new IOException($"Chunk {chunk.Offset} of the upload is missing from the store.");
            }

            var read = await _current.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

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
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
