using System.Collections.Concurrent;
using FlowDocs.Documents.Blobs;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Documents.Tests.Api;

/// <summary>
/// Wraps the server's real blob store and remembers every key anything tried to write, so a test can ask
/// the store itself which of those objects still exist (the S3 emulator cannot list a bucket for us).
/// </summary>
internal sealed class BlobInventory(IBlobStore inner) : IBlobStore
{
    private readonly ConcurrentDictionary<string, bool> _attempted = new(StringComparer.Ordinal);

    /// <summary>Replaces the registered <see cref="IBlobStore"/> with an inventory around it.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IBlobStore));
        services.Remove(original);
        services.AddSingleton(sp => new BlobInventory(
            original.ImplementationInstance as IBlobStore
            ?? (IBlobStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<BlobInventory>());
    }

    /// <summary>How many of the objects ever written still exist in the store.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var key in _attempted.Keys)
        {
            if (await inner.GetInfoAsync(key, cancellationToken) is not null)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Waits briefly for the count: a server cleans up after a broken request on its own schedule.</summary>
    public async Task AssertCountAsync(int expected, CancellationToken cancellationToken)
    {
        var count = -1;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            count = await CountAsync(cancellationToken);
            if (count == expected)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Equal(expected, count);
    }

    public Task<BlobInfo> WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        _attempted[key] = true;
        return inner.WriteAsync(key, content, contentType, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken cancellationToken) =>
        inner.OpenRangeAsync(key, offset, length, cancellationToken);

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => inner.GetInfoAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);

    public IAsyncEnumerable<BlobListing> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
}

/// <summary>Yields bytes, then fails like a client whose connection dropped.</summary>
internal sealed class BreakingStream(int failAfter) : Stream
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
