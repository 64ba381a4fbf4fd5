using System.Net;
using FlowDocs.Common.Events;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Documents.Tests.Api.DocumentsClient;

namespace FlowDocs.Documents.Tests.Api;

public sealed class EmbeddedClientDisconnectTests() : ClientDisconnectTests(StoreProfile.Embedded);

public sealed class ProductionClientDisconnectTests() : ClientDisconnectTests(StoreProfile.Production);

/// <summary>
/// A client that goes away (its request cancelled) in the middle of an upload: before the commit nothing of it
/// remains, no document row and no stored object; after the commit the document stays, the commit is not undone.
/// </summary>
public abstract class ClientDisconnectTests(StoreProfile profile) : IAsyncLifetime
{
    private readonly CommitGate _gate = new();
    private DocumentsHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new DocumentsHost(profile, s => s.AddSingleton<IEventHandler<DocumentVersionAdded>>(_gate));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _gate.Release();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_upload_leaves_no_document_and_no_blob()
    {
        var client = _host.Client(NewMember(), followRedirects: false);
        using var disconnect = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var upload = client.PostAsync("/api/documents?fileName=cut.bin", new StreamContent(new StallingStream(256 * 1024)), disconnect.Token);

        // The server is streaming the body into the blob store when the client goes away.
        await TestWaits.EventuallyAsync(() => Task.FromResult(_host.Blobs.Attempted > 0), "the upload's blob write to start", 30);
        await disconnect.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.False(_gate.Committed.Task.IsCompleted);
        Assert.Equal(0, await DocumentRowsAsync());
        await _host.Blobs.AssertCountAsync(0, Ct);
    }

    [Fact]
    public async Task A_client_that_disconnects_after_the_commit_keeps_its_document()
    {
        var client = _host.Client(NewMember());
        var content = RandomBytes(50_000);
        using var disconnect = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var upload = client.PostAsync("/api/documents?fileName=kept.bin", Body(content, "application/octet-stream"), disconnect.Token);

        // DocumentVersionAdded is dispatched after the commit; the gate holds the request there while the client goes away.
        var committed = await _gate.Committed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await disconnect.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        _gate.Release();

        var document = await client.GetAsync($"/api/documents/{committed.DocumentId}", Ct);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(1, (await document.ReadAsync<DocumentResponse>()).CurrentVersionNumber);
        Assert.Equal(content, await client.DownloadAsync($"/api/documents/{committed.DocumentId}/versions/1/content"));
        Assert.Equal(1, await DocumentRowsAsync());
        await _host.Blobs.AssertCountAsync(1, Ct);
    }

    private async Task<int> DocumentRowsAsync()
    {
        await using var scope = _host.Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<Document>().IgnoreQueryFilters().CountAsync(Ct);
    }

    /// <summary>Holds every <see cref="DocumentVersionAdded"/> handler (run after the commit) until released or cancelled.</summary>
    private sealed class CommitGate : IEventHandler<DocumentVersionAdded>
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<DocumentVersionAdded> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public async Task HandleAsync(DocumentVersionAdded payload, CancellationToken cancellationToken)
        {
            Committed.TrySetResult(payload);
            await _released.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>A request body that sends <c>head</c> bytes, then nothing more until its request is cancelled.</summary>
    private sealed class StallingStream(int head) : Stream
    {
        private int _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _sent; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent >= head)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var n = Math.Min(buffer.Length, head - _sent);
            Random.Shared.NextBytes(buffer.Span[..n]);
            _sent += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
