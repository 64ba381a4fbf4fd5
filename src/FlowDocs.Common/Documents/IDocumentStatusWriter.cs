namespace FlowDocs.Common.Documents;

/// <summary>
/// Sets a document's status (e.g. <c>Approved</c>) for the workflow activity <c>FlowDocs.SetDocumentStatus</c>.
/// Implemented by the documents module. Called inside a workflow burst: changes made through the scoped
/// <c>FlowDocsDbContext</c> without saving commit together with the workflow instance.
/// </summary>
public interface IDocumentStatusWriter
{
    /// <summary>False when the document does not exist in the current tenant.</summary>
    Task<bool> SetStatusAsync(Guid documentId, string status, CancellationToken cancellationToken);
}

/// <summary>What a <c>FlowDocs.DocumentVersionAdded</c> trigger filters on.</summary>
public sealed record DocumentTriggerFacts(string? Status, string? ContentType, IReadOnlyCollection<string> Tags);

/// <summary>Reads the facts workflow triggers filter on (implemented by the documents module).</summary>
public interface IDocumentTriggerFactsReader
{
    /// <summary>The facts of one version in the current tenant, or null when it does not exist.</summary>
    Task<DocumentTriggerFacts?> FindAsync(Guid documentId, Guid versionId, CancellationToken cancellationToken);
}
