using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.AddVersion;

public sealed record AddVersionQuery(
    [property: FromQuery] string? FileName,
    [property: FromQuery] string? Label,
    [property: FromQuery] string? Comment);

internal static class AddVersionEndpoint
{
    /// <summary>
    /// Adds the request body as the document's next version. With If-Match (the current version's ETag) the
    /// upload is refused with 412 when someone else added a version first.
    /// </summary>
    public static async Task<Results<Created<VersionAddedResponse>, ProblemHttpResult>> HandleAsync(
        Guid documentId, HttpRequest request, [AsParameters] AddVersionQuery query, ContentIngest ingest, VersionAppender appender,
        FlowDocsDbContext db, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var rules = new DocumentRules();
        if (UploadBody.Prepare(request, query.FileName, ingest.MaxBytes, rules, out var fileName, out var contentType) is { } refused)
        {
            return refused.ToResult();
        }

        var version = new VersionDraft(
            fileName, contentType, rules.Text("label", query.Label, DocumentVersion.LabelMaxLength),
            rules.Text("comment", query.Comment, DocumentVersion.CommentMaxLength), VersionOrigin.Upload);
        if (!rules.IsValid)
        {
            return rules.ToResult();
        }

        // Refuse before streaming gigabytes when the answer is already known; the commit checks again.
        var ifMatch = request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null;
        var document = await db.Set<Document>().AsNoTrackingWithIdentityResolution().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (VersionAppender.CheckWritable(document, documentId, ifMatch, user.UserId, time.Now()) is { } early)
        {
            return early.ToResult();
        }

        return await UploadFlow.RunAsync(
            request, ingest, contentType,
            content => appender.AppendAsync(documentId, ifMatch, content, version, cancellationToken),
            added => TypedResults.Created($"/api/documents/{documentId}/versions/{added.Version.Number}", added),
            cancellationToken);
    }
}
