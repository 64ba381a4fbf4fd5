namespace FlowDocs.Common.Documents;

/// <summary>
/// What other modules may know about a document: enough to attach work to its exact version. <c>Owner</c> is the
/// person answerable for it (its owner field, else its creator); it may be a service client's id or an inactive
/// user, so check it before giving them work.
/// </summary>
public sealed record DocumentSummary(Guid Id, string Title, Guid CurrentVersionId, int CurrentVersionNumber, string? Owner = null);

/// <summary>One version of a document: its id, number, content hash and who added it.</summary>
public sealed record DocumentVersionSummary(Guid Id, int Number, string Sha256, string CreatedBy);

/// <summary>Looks documents up in the caller's tenant (implemented by the documents module).</summary>
public interface IDocumentCatalog
{
    /// <summary>The document, or null when it does not exist in the current tenant (or is in the trash).</summary>
    Task<DocumentSummary?> FindAsync(Guid documentId, CancellationToken cancellationToken);

    /// <summary>The id of version <paramref name="versionNumber"/> of the document, or null.</summary>
    Task<Guid?> FindVersionAsync(Guid documentId, int versionNumber, CancellationToken cancellationToken);

    /// <summary>Version <paramref name="versionNumber"/> of the document (the current one when null), or null.</summary>
    Task<DocumentVersionSummary?> FindVersionSummaryAsync(Guid documentId, int? versionNumber, CancellationToken cancellationToken);
}
