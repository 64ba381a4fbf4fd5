namespace FlowDocs.Common.Documents;

/// <summary>What other modules may know about a document: enough to attach work to its exact version.</summary>
public sealed record DocumentSummary(Guid Id, string Title, Guid CurrentVersionId, int CurrentVersionNumber);

/// <summary>Looks documents up in the caller's tenant (implemented by the documents module).</summary>
public interface IDocumentCatalog
{
    /// <summary>The document, or null when it does not exist in the current tenant (or is in the trash).</summary>
    Task<DocumentSummary?> FindAsync(Guid documentId, CancellationToken cancellationToken);

    /// <summary>The id of version <paramref name="versionNumber"/> of the document, or null.</summary>
    Task<Guid?> FindVersionAsync(Guid documentId, int versionNumber, CancellationToken cancellationToken);
}
