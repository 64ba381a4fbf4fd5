using FlowDocs.Common.Documents;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.WorkflowFacts;

/// <summary>
/// What workflows read from and write to documents: trigger facts for <c>FlowDocs.DocumentVersionAdded</c> and the
/// status change of <c>FlowDocs.SetDocumentStatus</c>. Writes are left unsaved so they commit with the workflow burst.
/// </summary>
internal sealed class DocumentWorkflowFacts(FlowDocsDbContext db, TimeProvider time) : IDocumentStatusWriter, IDocumentTriggerFactsReader
{
    /// <summary>Who the audit trail names for changes made by a workflow.</summary>
    public const string WorkflowActor = "workflow";

    public async Task<bool> SetStatusAsync(Guid documentId, string status, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<DocumentStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            throw new ArgumentException($"'{status}' is not a document status; use one of {string.Join(", ", Enum.GetNames<DocumentStatus>())}.", nameof(status));
        }

        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId && d.TrashedAt == null, cancellationToken);
        if (document is null)
        {
            return false;
        }

        if (document.Status == parsed)
        {
            return true;
        }

        var before = DocumentSnapshot.Of(document);
        document.Status = parsed;
        var now = time.Now();
        document.UpdatedAt = now;
        document.UpdatedBy = WorkflowActor;
        document.Revision = Guid.NewGuid();
        DocumentAudit.Record(db, documentId, DocumentActions.Updated, WorkflowActor, now, before: before, after: DocumentSnapshot.Of(document));
        return true;
    }

    public async Task<DocumentTriggerFacts?> FindAsync(Guid documentId, Guid versionId, CancellationToken cancellationToken)
    {
        var row = await db.Set<DocumentVersion>().AsNoTracking()
            .Where(v => v.Id == versionId && v.DocumentId == documentId)
            .Join(db.Set<Document>().Where(d => d.TrashedAt == null), v => v.DocumentId, d => d.Id, (v, d) => new { d.Status, v.DeclaredContentType, v.SniffedContentType, d.Tags })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new DocumentTriggerFacts(row.Status.ToString(), row.DeclaredContentType ?? row.SniffedContentType, row.Tags);
    }
}
