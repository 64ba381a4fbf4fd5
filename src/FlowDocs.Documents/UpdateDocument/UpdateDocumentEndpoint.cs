using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.UpdateDocument;

/// <summary>
/// Properties to change; an absent (null) property stays as it is. <c>tags</c> replaces the tag list;
/// <c>metadata</c> is merged: a key with a null value is removed. An empty description clears it.
/// <c>status</c> into or out of InReview, Approved or Rejected is an Admin override and needs <c>reason</c>.
/// <c>owner</c> is a user of the tenant (an empty string clears it).
/// </summary>
public sealed record UpdateDocumentRequest(
    string? Title,
    string? Description,
    List<string>? Tags,
    Dictionary<string, string?>? Metadata,
    string? Status,
    string? Reason = null,
    string? Owner = null);

internal static class UpdateDocumentEndpoint
{
    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> HandleAsync(
        Guid documentId, UpdateDocumentRequest body, FlowDocsDbContext db, ICurrentUser user, IUserDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var rules = new DocumentRules();
        var title = body.Title is null ? null : rules.Title(body.Title, required: true);
        var description = body.Description is null ? null : rules.Description(body.Description) ?? string.Empty;
        var tags = body.Tags is null ? null : rules.Tags(body.Tags);
        var status = rules.Status(body.Status);
        var removed = body.Metadata?.Where(p => p.Value is null).Select(p => p.Key).ToList() ?? [];
        var set = body.Metadata is null ? null : rules.Metadata(body.Metadata.Where(p => p.Value is not null).ToDictionary());
        if (!rules.IsValid)
        {
            return rules.ToResult();
        }

        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        if (document.TrashedAt is not null)
        {
            return DocumentProblem.InTrash(documentId).ToResult();
        }

        var overriding = status is { } wanted && wanted != document.Status && (ProcessStatuses.Contains(wanted) || ProcessStatuses.Contains(document.Status));
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();
        if (overriding && !user.IsInRole(FlowDocsRoles.Admin))
        {
            return ApiProblems.Forbidden(ProcessStatuses.Refusal(ProcessStatuses.Contains(status!.Value) ? status.Value : document.Status));
        }

        if (overriding && reason is null)
        {
            return ApiProblems.Invalid("reason", "reason is required to override the status the approval workflow sets; it is kept in the audit trail.");
        }

        if (reason?.Length > DocumentDecision.CommentMaxLength)
        {
            return ApiProblems.Invalid("reason", $"reason must be at most {DocumentDecision.CommentMaxLength} characters.");
        }

        var owner = body.Owner?.Trim();
        if (owner is { Length: > 0 } && !await directory.IsActiveUserAsync(owner, cancellationToken))
        {
            return ApiProblems.Invalid("owner", $"'{owner}' is not an active user of this tenant.");
        }

        var before = DocumentSnapshot.Of(document);

        document.Title = title ?? document.Title;
        document.SortTitle = DocumentRules.SortKey(document.Title);
        document.Description = description is null ? document.Description : description.Length == 0 ? null : description;
        document.Status = status ?? document.Status;
        document.Owner = owner is null ? document.Owner : owner.Length == 0 ? null : owner;
        if (set is not null)
        {
            var metadata = new Dictionary<string, string>(document.Metadata);
            removed.ForEach(key => metadata.Remove(key));
            foreach (var (key, value) in set)
            {
                metadata[key] = value;
            }

            if (metadata.Count > Document.MaxMetadataEntries)
            {
                return DocumentRules.Problem("metadata", $"a document has at most {Document.MaxMetadataEntries} metadata entries.");
            }

            document.Metadata = metadata;
        }

        if (tags is not null)
        {
            var existing = await db.Set<DocumentTag>().Where(t => t.DocumentId == documentId).ToListAsync(cancellationToken);
            db.Set<DocumentTag>().RemoveRange(existing.Where(t => !tags.Contains(t.Tag)));
            db.Set<DocumentTag>().AddRange(tags.Where(t => existing.All(e => e.Tag != t)).Select(t => new DocumentTag { DocumentId = documentId, Tag = t }));
            document.Tags = tags;
        }

        var after = DocumentSnapshot.Of(document);
        if (after.SameAs(before))
        {
            return TypedResults.Ok(DocumentResponse.From(document));
        }

        var now = time.Now();
        document.UpdatedAt = now;
        document.UpdatedBy = user.UserId;
        document.Revision = Guid.NewGuid();
        if (overriding)
        {
            // Recorded as a decision on the current version, so the document's status is again that of its version.
            var version = await db.Set<DocumentVersion>().AsNoTracking().FirstAsync(v => v.Id == document.CurrentVersionId, cancellationToken);
            DocumentDecisions.Add(db, document, version, document.Status, DecisionKind.Override, user.UserId, now, reason, null, null);
            DocumentAudit.Record(
                db, documentId, DocumentActions.StatusOverridden, user.UserId, now, document.CurrentVersionNumber,
                before: new { before.Status }, after: new { after.Status, Reason = reason });
        }

        if (!after.SameAs(before with { Status = after.Status }) || !overriding)
        {
            DocumentAudit.Record(db, documentId, DocumentActions.Updated, user.UserId, now, before: before, after: after);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DocumentProblem.Conflict("The document was changed by someone else at the same time; read it again and retry.").ToResult();
        }

        return TypedResults.Ok(DocumentResponse.From(document));
    }
}
