namespace FlowDocs.Documents.Blobs;

/// <summary>
/// Where document content lives. Writes and reads stream: no implementation holds a whole object in memory.
/// Keys are relative, '/'-separated, and made of letters, digits, '-', '_', '.' segments (no "..").
/// </summary>
public interface IBlobStore
{
    /// <summary>Streams <paramref name="content"/> to <paramref name="key"/>; the object appears whole or not at all.</summary>
    Task<BlobInfo> WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>Opens the object for reading, or returns null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="length"/> bytes starting at <paramref name="offset"/> (fewer when the object ends
    /// first), or returns null when the object does not exist. Serves HTTP Range requests without reading
    /// the bytes before the range.
    /// </summary>
    Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken cancellationToken);

    Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the object; true when it existed.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached; used by the readiness check.</summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, with when it was written; for the orphan sweep.</summary>
    IAsyncEnumerable<BlobListing> ListAsync(string prefix, CancellationToken cancellationToken);
}

public sealed record BlobInfo(string Key, long Length);

public sealed record BlobListing(string Key, DateTimeOffset LastModified);
