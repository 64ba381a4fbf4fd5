using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using FlowDocs.Documents.Blobs;
using FlowDocs.Documents.OrphanBlobs;
using FlowDocs.Documents.UploadSessions;
using FlowDocs.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Documents.Tests.Api.DocumentsClient;

namespace FlowDocs.Documents.Tests.Api;

public sealed class EmbeddedOrphanBlobSweepTests() : OrphanBlobSweepTests(StoreProfile.Embedded);

public sealed class ProductionOrphanBlobSweepTests() : OrphanBlobSweepTests(StoreProfile.Production);

/// <summary>
/// Objects no version and no upload session refers to — left by a process killed between the upload and its commit —
/// are deleted once older than the grace; the content of every version and the chunks of open sessions stay.
/// </summary>
public abstract class OrphanBlobSweepTests(StoreProfile profile) : IAsyncLifetime
{
    private DocumentsHost _host = null!;

    public ValueTask InitializeAsync()
    {
        // No grace: everything already written counts as old enough.
        _host = new DocumentsHost(profile, (DocumentsOptions.OrphanBlobGraceMinutesKey, "0"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private IBlobStore Store => _host.Server.Services.GetRequiredService<IBlobStore>();

    private async Task<bool> ExistsAsync(string key) => await Store.GetInfoAsync(key, Ct) is not null;

    [Fact]
    public async Task Unreferenced_objects_are_deleted_and_version_content_and_open_session_chunks_stay()
    {
        var member = NewMember();
        var client = _host.Client(member);
        var kept = RandomBytes(70_000);
        var created = await client.CreateAsync(kept, "kept.bin");
        var chunk = RandomBytes(1000);
        var session = await client.PostAsJsonAsync("/api/uploads", new { fileName = "big.bin", size = 2000, sha256 = Convert.ToHexStringLower(SHA256.HashData(RandomBytes(2000))) }, Ct);
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        var sessionId = (await session.ReadAsync<UploadSessionResponse>()).Id;
        var part = new ByteArrayContent(chunk);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        part.Headers.TryAddWithoutValidation("Content-Range", "bytes 0-999/2000");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/uploads/{sessionId}", part, Ct)).StatusCode);

        // What a process killed after writing the bytes, before committing the version, leaves behind.
        var orphan = $"{member.TenantId:N}/blobs/{Guid.NewGuid():N}";
        var orphanChunk = $"{member.TenantId:N}/uploads/{Guid.NewGuid():N}/{Guid.NewGuid():N}";
        var foreign = $"not-ours/{Guid.NewGuid():N}";
        foreach (var key in new[] { orphan, orphanChunk, foreign })
        {
            await Store.WriteAsync(key, new MemoryStream(RandomBytes(100)), "application/octet-stream", Ct);
        }

        var before = new List<string>();
        await foreach (var listing in Store.ListAsync("", Ct))
        {
            before.Add(listing.Key);
        }

        Assert.Contains(orphan, before);
        Assert.Contains(orphanChunk, before);

        _host.Time.Advance(TimeSpan.FromMinutes(5)); // the server's clock runs behind the store's (it moves 5 ms per reading)
        var deleted = await _host.Server.Services.GetRequiredService<OrphanBlobSweep>().RunAsync(Ct);

        Assert.Equal(2, deleted);
        Assert.False(await ExistsAsync(orphan));
        Assert.False(await ExistsAsync(orphanChunk));
        Assert.True(await ExistsAsync(foreign)); // not a key FlowDocs writes: never ours to delete
        var download = await client.GetAsync($"/api/documents/{created.Document.Id}/versions/1/content", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(kept, await download.Content.ReadAsByteArrayAsync(Ct));
        var progress = await (await client.GetAsync($"/api/uploads/{sessionId}", Ct)).ReadAsync<UploadSessionResponse>();
        Assert.Equal(1000, progress.ReceivedBytes);
        Assert.Equal(0, await _host.Server.Services.GetRequiredService<OrphanBlobSweep>().RunAsync(Ct)); // a second run finds nothing
        await Store.DeleteAsync(foreign, Ct);
    }
}
