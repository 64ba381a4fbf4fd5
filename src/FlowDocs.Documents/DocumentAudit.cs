using System.Text.Json;
using FlowDocs.Data;
using FlowDocs.Data.Documents;

namespace FlowDocs.Documents;

/// <summary>Audit actions, as stored and as answered by the history endpoint.</summary>
public static class DocumentActions
{
    public const string Created = "document.created";
    public const string VersionAdded = "version.added";
    public const string Reverted = "version.reverted";
    public const string Updated = "document.updated";
    public const string Trashed = "document.trashed";
    public const string Restored = "document.restored";
    public const string Purged = "document.purged";
    public const string CheckedOut = "document.checked-out";
    public const string CheckedIn = "document.checked-in";
    public const string CheckoutReleased = "document.checkout-released";
    public const string StatusOverridden = "document.status-overridden";
    public const string VersionDecided = "version.decided";
}

/// <summary>
/// Which statuses belong to the approval process: only a running workflow (<c>FlowDocs.SetDocumentStatus</c>) or an
/// Admin override with a reason sets them, or moves a document out of them.
/// </summary>
internal static class ProcessStatuses
{
    public static bool Contains(DocumentStatus status) => status is DocumentStatus.InReview or DocumentStatus.Approved or DocumentStatus.Rejected;

    public static string Refusal(DocumentStatus status) =>
        $"status '{status}' is set by the document's approval workflow; an Admin can override it with a reason.";
}

internal static class DocumentAudit
{
    /// <summary>Adds an audit event to the same unit of work as the change it describes.</summary>
    public static void Record(FlowDocsDbContext db, Guid documentId, string action, string actor, DateTimeOffset at, int? versionNumber = null, object? before = null, object? after = null) =>
        db.Set<DocumentAuditEvent>().Add(new DocumentAuditEvent
        {
            Id = Guid.CreateVersion7(at),
            DocumentId = documentId,
            Action = action,
            Actor = actor,
            At = at,
            VersionNumber = versionNumber,
            Before = before is null ? null : JsonSerializer.Serialize(before, JsonSerializerOptions.Web),
            After = after is null ? null : JsonSerializer.Serialize(after, JsonSerializerOptions.Web),
        });
}
