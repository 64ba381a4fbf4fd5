namespace FlowDocs.Common.Documents;

/// <summary>
/// An item from a client's system to store as a document version (origin <c>Import</c>).
/// </summary>
/// <param name="DocumentId">The document to add a version to; null creates a new document.</param>
/// <param name="FileName">The item's name at the source.</param>
/// <param name="ContentType">The content type the source declared, if any.</param>
/// <param name="ExternalId">The item id at the source (recorded on the version).</param>
/// <param name="ExternalETag">The item's eTag at the source (recorded on the version).</param>
/// <param name="Actor">Who the audit trail names, e.g. <c>import:{source}</c>.</param>
/// <param name="Status">For new documents: the status they start in (Draft when null).</param>
/// <param name="Tags">For new documents: their tags.</param>
/// <param name="Metadata">For new documents: their metadata (e.g. where the item came from).</param>
public sealed record ImportedItemContent(
    Guid? DocumentId,
    string FileName,
    string? ContentType,
    string ExternalId,
    string? ExternalETag,
    string Actor,
    string? Status = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>What an import did with an item: the version it became, or why it could not be stored.</summary>
public sealed record ImportedVersion(Guid DocumentId, Guid VersionId, int VersionNumber, bool Created, string? Problem = null)
{
    public bool Succeeded => Problem is null;
}

/// <summary>
/// Stores imported content as document versions in the current tenant (implemented by the documents module): it
/// streams, deduplicates, audits and raises <c>DocumentVersionAdded</c> exactly like an upload.
/// </summary>
public interface IDocumentImporter
{
    /// <summary>
    /// Streams <paramref name="content"/> into a new version. <paramref name="beforeCommit"/> runs inside the
    /// version's transaction with the document id, so the caller's bookkeeping (which item became which document)
    /// commits together with the version: a crash never leaves one without the other.
    /// </summary>
    Task<ImportedVersion> ImportAsync(ImportedItemContent item, Stream content, Func<Guid, CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken);
}

/// <summary>A version's bytes, opened for reading, with what describes them.</summary>
public sealed record DocumentContent(Stream Content, string FileName, long Size, string ContentType, int VersionNumber) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>Opens document versions of the current tenant for reading (implemented by the documents module); exports use it.</summary>
public interface IDocumentContentReader
{
    /// <summary>The version's content (the current version when <paramref name="versionNumber"/> is null), or null when it does not exist.</summary>
    Task<DocumentContent?> OpenAsync(Guid documentId, int? versionNumber, CancellationToken cancellationToken);
}
