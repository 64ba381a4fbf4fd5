using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.Trash;

internal static class TrashEndpoints
{
    /// <summary>Moves the document to the trash: it leaves lists and the catalog, its versions stay.</summary>
    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> TrashAsync(
        Guid documentId, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        if (document.TrashedAt is not null)
        {
            return DocumentProblem.InTrash(documentId).ToResult();
        }

        var now = time.Now();
        document.TrashedAt = now;
        document.TrashedBy = user.UserId;
        return await SaveAsync(db, document, DocumentActions.Trashed, user, now, cancellationToken);
    }

    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> RestoreAsync(
        Guid documentId, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        if (document.TrashedAt is null)
        {
            return DocumentProblem.Conflict($"Document '{documentId}' is not in the trash.").ToResult();
        }

        document.TrashedAt = null;
        document.TrashedBy = null;
        return await SaveAsync(db, document, DocumentActions.Restored, user, time.Now(), cancellationToken);
    }

    /// <summary>
    /// Deletes a trashed document and its versions for good (admins only). Stored objects that no other
    /// version in the tenant shares are deleted after the commit. The audit events stay: who purged what is
    /// exactly what an audit must keep.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> PurgeAsync(
        Guid documentId, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, ContentIngest content, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        if (document.TrashedAt is null)
        {
            return DocumentProblem.Conflict($"Document '{documentId}' is not in the trash; move it to the trash before purging it.").ToResult();
        }

        var hashes = await db.Set<DocumentVersion>().Where(v => v.DocumentId == documentId).Select(v => v.Sha256).Distinct().ToListAsync(cancellationToken);
        var shared = await db.Set<DocumentVersion>()
            .Where(v => v.DocumentId != documentId && hashes.Contains(v.Sha256))
            .Select(v => v.Sha256).Distinct().ToListAsync(cancellationToken);
        var orphaned = await db.Set<DocumentBlob>().Where(b => hashes.Contains(b.Sha256) && !shared.Contains(b.Sha256)).ToListAsync(cancellationToken);

        db.Set<DocumentBlob>().RemoveRange(orphaned);
        db.Set<DocumentVersion>().RemoveRange(await db.Set<DocumentVersion>().Where(v => v.DocumentId == documentId).ToListAsync(cancellationToken));
        db.Set<DocumentTag>().RemoveRange(await db.Set<DocumentTag>().Where(t => t.DocumentId == documentId).ToListAsync(cancellationToken));
        db.Set<Document>().Remove(document);
        DocumentAudit.Record(db, documentId, DocumentActions.Purged, user.UserId, time.Now(), before: DocumentSnapshot.Of(document));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DocumentProblem.Conflict("The document was changed while it was being purged; try again.").ToResult();
        }

        foreach (var blob in orphaned)
        {
            await content.DeleteQuietlyAsync(blob.BlobKey);
        }

        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> SaveAsync(
        FlowDocsDbContext db, Document document, string action, ICurrentUser user, DateTimeOffset now, CancellationToken cancellationToken, object? after = null)
    {
        document.UpdatedAt = now;
        document.UpdatedBy = user.UserId;
        document.Revision = Guid.NewGuid();
        DocumentAudit.Record(db, document.Id, action, user.UserId, now, after: after);
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
