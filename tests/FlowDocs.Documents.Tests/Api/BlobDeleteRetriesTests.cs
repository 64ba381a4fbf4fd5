using System.Net;
using FlowDocs.Documents.OrphanBlobs;
using FlowDocs.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Documents.Tests.Api.DocumentsClient;

namespace FlowDocs.Documents.Tests.Api;

public sealed class EmbeddedBlobDeleteRetriesTests() : BlobDeleteRetriesTests(StoreProfile.Embedded);

public sealed class ProductionBlobDeleteRetriesTests() : BlobDeleteRetriesTests(StoreProfile.Production);

/// <summary>
/// An object an upload must not keep, which the store could not delete at the time (it was down), is deleted once the
/// store answers again — seconds later, not at the hourly sweep — and an object a version refers to is never deleted.
/// </summary>
public abstract class BlobDeleteRetriesTests(StoreProfile profile) : IAsyncLifetime
{
    private readonly DocumentsHost _host = new(profile);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private BlobDeleteRetries Retries => _host.Server.Services.GetRequiredService<BlobDeleteRetries>();

    /// <summary>Moves the clock past the retry interval until <paramref name="done"/> holds (the loop waits on that clock).</summary>
    private async Task AdvanceUntilAsync(Func<bool> done, string what)
    {
        await TestWaits.EventuallyAsync(
            () =>
            {
                _host.Time.Advance(BlobDeleteRetries.Interval + TimeSpan.FromSeconds(1));
                return Task.FromResult(done());
            },
            what);
    }

    [Fact]
    public async Task An_object_left_while_the_store_was_down_is_deleted_once_it_answers_and_version_content_stays()
    {
        var client = _host.Client(NewMember());
        var bytes = RandomBytes(5000);
        var kept = await client.CreateAsync(bytes, "kept.bin");
        var keptKey = Assert.Single(_host.Blobs.Keys);

        // The same bytes again: the new document shares the stored object, and the second copy must go.
        _host.Blobs.DeletesFail = true;
        var copy = await client.CreateAsync(bytes, "copy.bin");
        Assert.NotEqual(kept.Document.Id, copy.Document.Id);
        var leftKey = Assert.Single(_host.Blobs.Keys, k => k != keptKey);
        Assert.Equal(1, _host.Blobs.FailedDeletes);
        Assert.Equal(1, Retries.Count);

        // The version's key offered for deletion too (as after a commit whose answer was lost): it is referenced.
        Retries.Add(keptKey);
        await AdvanceUntilAsync(() => _host.Blobs.FailedDeletes > 1, "a retry while the store is still down");
        Assert.Equal(2, await _host.Blobs.CountAsync(Ct));
        Assert.Equal(2, Retries.Count);

        _host.Blobs.DeletesFail = false;
        await AdvanceUntilAsync(() => Retries.Count == 0, "the retry after the store is back");

        Assert.Null(await _host.Blobs.Inner.GetInfoAsync(leftKey, Ct));
        Assert.NotNull(await _host.Blobs.Inner.GetInfoAsync(keptKey, Ct));
        var download = await client.GetAsync($"/api/documents/{kept.Document.Id}/versions/1/content", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(5000, (await download.Content.ReadAsByteArrayAsync(Ct)).Length);
    }

    [Fact]
    public async Task A_key_is_not_checked_before_its_interval_has_passed()
    {
        var key = $"{Guid.NewGuid():N}/blobs/{Guid.NewGuid():N}";
        await _host.Blobs.WriteAsync(key, new MemoryStream(RandomBytes(10)), "application/octet-stream", Ct);
        Retries.Add(key);

        Assert.Equal(0, await Retries.RetryNowAsync(Ct));
        Assert.NotNull(await _host.Blobs.Inner.GetInfoAsync(key, Ct));

        await AdvanceUntilAsync(() => Retries.Count == 0, "the check once the interval passed");
        Assert.Null(await _host.Blobs.Inner.GetInfoAsync(key, Ct));
    }
}
