using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.RevertVersion;

internal static class RevertVersionEndpoint
{
    /// <summary>
    /// Makes version <paramref name="number"/>'s bytes current again by appending a new version (origin
    /// revert): history is never rewritten, and the stored object is shared, not copied.
    /// </summary>
    public static async Task<Results<Created<VersionAddedResponse>, ProblemHttpResult>> HandleAsync(
        Guid documentId, int number, [FromQuery] string? comment, HttpRequest request, FlowDocsDbContext db, VersionAppender appender, CancellationToken cancellationToken)
    {
        var rules = new DocumentRules();
        var text = rules.Text("comment", comment, DocumentVersion.CommentMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToResult();
        }

        var source = await db.Set<DocumentVersion>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.DocumentId == documentId && v.Number == number, cancellationToken);
        if (source is null)
        {
            return (await db.Set<Document>().AnyAsync(d => d.Id == documentId, cancellationToken)
                ? DocumentProblem.VersionNotFound(documentId, number)
                : DocumentProblem.NotFound(documentId)).ToResult();
        }

        var ifMatch = request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null;
        var result = await appender.AppendAsync(
            documentId,
            ifMatch,
            new IngestedContent(source.Sha256, source.Size, source.BlobKey, source.SniffedContentType, IsNewObject: false),
            new VersionDraft(source.FileName, source.DeclaredContentType, null, text ?? $"Reverted to version {number}.", VersionOrigin.Revert, number),
            cancellationToken);
        return result.Added is { } added
            ? TypedResults.Created($"/api/documents/{documentId}/versions/{added.Version.Number}", added)
            : result.Problem!.ToResult();
    }
}
