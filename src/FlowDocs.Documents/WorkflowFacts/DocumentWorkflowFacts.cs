using FlowDocs.Common.Documents;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.WorkflowFacts;

/// <summary>
/// What workflows read from and write to documents: trigger facts for <c>FlowDocs.DocumentVersionAdded</c> and the
/// status change of <c>FlowDocs.SetDocumentStatus</c>. Writes are left unsaved so they commit with the workflow burst.
/// </summary>
internal sealed class DocumentWorkflowFacts(FlowDocsDbContext db, TimeProvider time) : IDocumentStatusWriter, IDocumentTriggerFactsReader, IDocumentDecisionRecorder
{
    /// <summary>Who the audit trail names for changes made by a workflow.</summary>
    public const string WorkflowActor = "workflow";

    public async Task<bool> SetStatusAsync(Guid documentId, string status, CancellationToken cancellationToken) =>
        await SetStatusAsync(new DocumentStatusChange(documentId, status, null, null), cancellationToken) != DocumentStatusOutcome.NotFound;

    public async Task<DocumentStatusOutcome> SetStatusAsync(DocumentStatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var parsed = Parse(change.Status);
        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == change.DocumentId && d.TrashedAt == null, cancellationToken);
        if (document is null)
        {
            return DocumentStatusOutcome.NotFound;
        }

        if (change.VersionNumber is { } number && number != document.CurrentVersionNumber)
        {
            return DocumentStatusOutcome.NotCurrentVersion;
        }

        if (change.Workflow is { } workflow && parsed is DocumentStatus.Approved or DocumentStatus.Rejected
            && !await HasDecisionAsync(document.Id, document.CurrentVersionId, workflow.InstanceId, parsed, cancellationToken))
        {
            // A workflow that sets a verdict without an approval activity still leaves a decision on the version.
            var version = await db.Set<DocumentVersion>().AsNoTracking().FirstAsync(v => v.Id == document.CurrentVersionId, cancellationToken);
            DocumentDecisions.Add(db, document, version, parsed, DecisionKind.Workflow, WorkflowActor, time.Now(), null, null, workflow);
        }

        if (document.Status == parsed)
        {
            return DocumentStatusOutcome.Set;
        }

        var documentId = document.Id;

        var before = DocumentSnapshot.Of(document);
        document.Status = parsed;
        var now = time.Now();
        document.UpdatedAt = now;
        document.UpdatedBy = WorkflowActor;
        document.Revision = Guid.NewGuid();
        DocumentAudit.Record(db, documentId, DocumentActions.Updated, WorkflowActor, now, before: before, after: DocumentSnapshot.Of(document));
        return DocumentStatusOutcome.Set;
    }

    public async Task<bool> RecordAsync(VersionDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var outcome = Parse(decision.Outcome);
        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == decision.DocumentId, cancellationToken);
        var version = document is null
            ? null
            : await db.Set<DocumentVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.DocumentId == decision.DocumentId && v.Number == decision.VersionNumber, cancellationToken);
        if (document is null || version is null)
        {
            return false;
        }

        DocumentDecisions.Add(db, document, version, outcome, DecisionKind.Workflow, decision.DecidedBy, time.Now(), decision.Comment, decision.Votes, decision.Workflow);
        return true;
    }

    private async Task<bool> HasDecisionAsync(Guid documentId, Guid versionId, Guid instanceId, DocumentStatus outcome, CancellationToken cancellationToken) =>
        db.Set<DocumentDecision>().Local.Any(d => d.VersionId == versionId && d.WorkflowInstanceId == instanceId && d.Outcome == outcome)
        || await db.Set<DocumentDecision>().AnyAsync(d => d.DocumentId == documentId && d.VersionId == versionId && d.WorkflowInstanceId == instanceId && d.Outcome == outcome, cancellationToken);

    private static DocumentStatus Parse(string status) =>
        Enum.TryParse<DocumentStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _)
            ? parsed
            : throw new ArgumentException($"'{status}' is not a document status; use one of {string.Join(", ", Enum.GetNames<DocumentStatus>())}.", nameof(status));

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
