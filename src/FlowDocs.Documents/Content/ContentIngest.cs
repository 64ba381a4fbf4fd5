using FlowDocs.Common.Security;
using FlowDocs.Documents.Blobs;
using FlowDocs.Documents.OrphanBlobs;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Documents.Content;

/// <summary>
/// Bytes that are in the blob store, with what was learnt while they streamed through. IsNewObject: this
/// upload wrote BlobKey and must delete it unless a committed version ends up referring to it.
/// </summary>
internal sealed record IngestedContent(string Sha256, long Size, string BlobKey, string SniffedContentType, bool IsNewObject);

/// <summary>
/// Streams content into the blob store under a fresh key while hashing it. Whether the bytes duplicate an
/// existing object is only known at the end (the hash), so <see cref="VersionAppender"/> decides afterwards
/// whether to keep the new object or to point at the existing one and delete this one.
/// </summary>
internal sealed class ContentIngest(IBlobStore store, ITenantContext tenant, DocumentsOptions options, BlobDeleteRetries retries, ILogger<ContentIngest> logger)
{
    public long MaxBytes => options.MaxUploadBytes;

    private Guid TenantId => tenant.TenantId ?? throw new InvalidOperationException("Content is stored within a tenant; none is set for this scope.");

    public async Task<IngestedContent> IngestAsync(Stream content, string? contentType, CancellationToken cancellationToken)
    {
        var key = $"{TenantId:N}/blobs/{Guid.NewGuid():N}";
        await using var hashing = new HashingStream(content, options.MaxUploadBytes);
        try
        {
            await store.WriteAsync(key, hashing, contentType ?? ContentSniffer.OctetStream, cancellationToken);
        }
        catch
        {
            // Both stores leave nothing behind on a failed write; this covers a failure after the object landed.
            await DeleteQuietlyAsync(key);
            throw;
        }

        return new IngestedContent(hashing.FinishHash(), hashing.BytesRead, key, ContentSniffer.Sniff(hashing.Head), IsNewObject: true);
    }

    /// <summary>
    /// Stores one chunk of a resumable upload under its own key. Returns the bytes read; more than
    /// <paramref name="length"/> stops with <see cref="ContentTooLargeException"/> and stores nothing.
    /// </summary>
    public async Task<(string Key, long Read)> WriteChunkAsync(Guid sessionId, Stream content, long length, CancellationToken cancellationToken)
    {
        var key = $"{TenantId:N}/uploads/{sessionId:N}/{Guid.NewGuid():N}";
        await using var counting = new HashingStream(content, length);
        try
        {
            await store.WriteAsync(key, counting, ContentSniffer.OctetStream, cancellationToken);
        }
        catch
        {
            await DeleteQuietlyAsync(key);
            throw;
        }

        return (key, counting.BytesRead);
    }

    /// <summary>
    /// Deletes an object nothing refers to; never throws, because it runs on failure paths. When the store cannot
    /// delete it now (it is down), <see cref="BlobDeleteRetries"/> tries again until it can.
    /// </summary>
    public async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None);
        }
#pragma warning disable CA1031 // Cleanup must not hide the original failure; the leftover is retried.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning("Could not delete unreferenced blob {Key} now ({Reason}); it is retried", key, ex.Message);
            retries.Add(key);
        }
    }

    /// <summary>
    /// For an object whose commit failed without a clear answer (the database went away during it): the commit may
    /// have landed, so the object is deleted later, and only if nothing refers to it then.
    /// </summary>
    public void DeleteUnlessCommitted(string key) => retries.Add(key);
}
