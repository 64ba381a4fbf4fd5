using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Documents.OrphanBlobs;

/// <summary>
/// Hourly Hangfire job: deletes stored objects that no version and no upload session refers to, once they are older than
/// <see cref="DocumentsOptions.OrphanBlobGrace"/>. An upload writes its bytes before the version commits; a process
/// killed in between, a database outage at the commit or a failed clean-up leaves such objects, which would otherwise
/// cost storage for good. The grace keeps objects of uploads still committing. Safe to run twice or on two workers.
/// </summary>
public sealed partial class OrphanBlobSweep(
    IServiceScopeFactory scopes, IBlobStore store, DocumentsOptions options, TimeProvider time, ILogger<OrphanBlobSweep> logger)
{
    public const string JobId = "documents:orphan-blobs";
    private const int Batch = 500;

    /// <summary>Returns how many objects were deleted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.OrphanBlobGrace;
        var deleted = 0;
        var batch = new List<string>(Batch);
        await foreach (var listing in store.ListAsync("", cancellationToken))
        {
            if (listing.LastModified <= cutoff && IsContentKey(listing.Key))
            {
                batch.Add(listing.Key);
                if (batch.Count == Batch)
                {
                    deleted += await DeleteUnreferencedAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }
        }

        if (batch.Count > 0)
        {
            deleted += await DeleteUnreferencedAsync(batch, cancellationToken);
        }

        if (deleted > 0)
        {
            LogDeleted(logger, deleted, options.OrphanBlobGrace);
        }

        return deleted;
    }

    /// <summary>Version content (<c>{tenant}/blobs/…</c>) and upload chunks (<c>{tenant}/uploads/…</c>); nothing else is ours to judge.</summary>
    private static bool IsContentKey(string key)
    {
        var parts = key.Split('/');
        return parts.Length >= 3 && Guid.TryParseExact(parts[0], "N", out _) && parts[1] is "blobs" or "uploads";
    }

    /// <summary>Deletes those of <paramref name="keys"/> that no version and no upload session refers to; returns how many.</summary>
    internal async Task<int> DeleteUnreferencedAsync(List<string> keys, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var referenced = (await db.Set<DocumentBlob>().IgnoreQueryFilters().Where(b => keys.Contains(b.BlobKey)).Select(b => b.BlobKey).ToListAsync(cancellationToken))
            .Concat(await db.Set<UploadChunk>().IgnoreQueryFilters().Where(c => keys.Contains(c.BlobKey)).Select(c => c.BlobKey).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var key in keys.Where(k => !referenced.Contains(k)))
        {
            if (await store.DeleteAsync(key, cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    [LoggerMessage(LogLevel.Warning, "Deleted {Count} stored objects that no version or upload referred to for longer than {Grace}")]
    private static partial void LogDeleted(ILogger logger, int count, TimeSpan grace);
}
