using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Trash;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.Checkout;

/// <summary>
/// Check-out: a lock with an expiry. While it holds, other people's new versions (uploads, sessions,
/// reverts) answer 423; it ends with check-in, expiry, or an admin's forced release.
/// </summary>
internal static class CheckoutEndpoints
{
    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> CheckOutAsync(
        Guid documentId, [FromQuery] int? minutes, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, DocumentsOptions options, CancellationToken cancellationToken)
    {
        var duration = minutes is null ? options.DefaultCheckout : TimeSpan.FromMinutes(minutes.Value);
        if (duration <= TimeSpan.Zero || duration > options.MaxCheckout)
        {
            return DocumentRules.Problem("minutes", $"minutes must be between 1 and {(int)options.MaxCheckout.TotalMinutes}.");
        }

        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        var now = time.Now();
        if (VersionAppender.CheckWritable(document, documentId, null, user.UserId, now) is { } refused)
        {
            return refused.ToResult();
        }

        document!.CheckedOutBy = user.UserId;
        document.CheckedOutUntil = now + duration;
        return await TrashEndpoints.SaveAsync(db, document, DocumentActions.CheckedOut, user, now, cancellationToken, new { until = document.CheckedOutUntil });
    }

    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> CheckInAsync(
        Guid documentId, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        var now = time.Now();
        if (document.CheckedOutBy is null || document.CheckedOutUntil <= now)
        {
            return DocumentProblem.Conflict($"Document '{documentId}' is not checked out.").ToResult();
        }

        if (document.CheckedOutBy != user.UserId)
        {
            return DocumentProblem.Locked(document.CheckedOutBy, document.CheckedOutUntil!.Value).ToResult();
        }

        document.CheckedOutBy = null;
        document.CheckedOutUntil = null;
        return await TrashEndpoints.SaveAsync(db, document, DocumentActions.CheckedIn, user, now, cancellationToken);
    }

    /// <summary>An admin ends someone else's check-out (they left, or forgot).</summary>
    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> ReleaseAsync(
        Guid documentId, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        if (document.CheckedOutBy is null)
        {
            return DocumentProblem.Conflict($"Document '{documentId}' is not checked out.").ToResult();
        }

        var holder = document.CheckedOutBy;
        document.CheckedOutBy = null;
        document.CheckedOutUntil = null;
        return await TrashEndpoints.SaveAsync(db, document, DocumentActions.CheckoutReleased, user, time.Now(), cancellationToken, new { releasedFrom = holder });
    }
}
