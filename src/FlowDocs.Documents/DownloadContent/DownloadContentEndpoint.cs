using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Blobs;
using FlowDocs.Documents.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace FlowDocs.Documents.DownloadContent;

internal static class DownloadContentEndpoint
{
    /// <summary>The current version's bytes.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> CurrentAsync(
        Guid documentId, HttpContext context, FlowDocsDbContext db, IBlobStore store, CancellationToken cancellationToken)
    {
        var number = await db.Set<Document>().Where(d => d.Id == documentId).Select(d => (int?)d.CurrentVersionNumber).FirstOrDefaultAsync(cancellationToken);
        return number is null
            ? DocumentProblem.NotFound(documentId).ToResult()
            : await VersionAsync(documentId, number.Value, context, db, store, cancellationToken);
    }

    /// <summary>
    /// A version's bytes, streamed from the blob store. ASP.NET's file result does the HTTP semantics:
    /// ETag (the SHA-256), If-None-Match → 304, If-Match → 412, Range → 206, unsatisfiable → 416, and
    /// Content-Disposition with both an ASCII and an RFC 5987 (UTF-8) file name.
    /// </summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> VersionAsync(
        Guid documentId, int number, HttpContext context, FlowDocsDbContext db, IBlobStore store, CancellationToken cancellationToken)
    {
        var version = await db.Set<DocumentVersion>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.DocumentId == documentId && v.Number == number, cancellationToken);
        if (version is null)
        {
            return (await db.Set<Document>().AnyAsync(d => d.Id == documentId, cancellationToken)
                ? DocumentProblem.VersionNotFound(documentId, number)
                : DocumentProblem.NotFound(documentId)).ToResult();
        }

        // The framework ignores a Range header it cannot parse (RFC 9110 allows that); FlowDocs tells the
        // client instead, so that a broken resume is noticed.
        var range = context.Request.Headers.Range.ToString();
        if (range.Length > 0 && !IsValidRange(range))
        {
            return DocumentRules.Problem("Range", $"'{range}' is not a valid byte range (expected e.g. 'bytes=0-1023' or 'bytes=-500').");
        }

        // The framework answers an unsatisfiable range with an empty application/octet-stream 416; FlowDocs answers
        // problem details like every other error (preconditions and If-Range are left to the framework).
        if (range.Length > 0 && !HasConditions(context.Request.Headers) && !IsSatisfiable(range, version.Size))
        {
            context.Response.Headers.ContentRange = $"bytes */{version.Size}";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status416RangeNotSatisfiable,
                title: "Range not satisfiable",
                detail: $"'{range}' lies outside the content, which is {version.Size} bytes long.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["Range"] = [$"the content is {version.Size} bytes long."] } });
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(
            new BlobContentStream(store, version.BlobKey, version.Size),
            VersionResponse.ServedContentType(version),
            version.FileName,
            version.CreatedAt,
            new EntityTagHeaderValue(ETags.Quote(version.Sha256)),
            enableRangeProcessing: true);
    }

    private static bool HasConditions(IHeaderDictionary headers) =>
        headers.IfRange.Count > 0 || headers.IfMatch.Count > 0 || headers.IfNoneMatch.Count > 0
        || headers.IfModifiedSince.Count > 0 || headers.IfUnmodifiedSince.Count > 0;

    /// <summary>RFC 9110 §14.1.1: satisfiable when some range starts inside the content or asks for a non-empty suffix.</summary>
    internal static bool IsSatisfiable(string value, long size) =>
        RangeHeaderValue.TryParse(value, out var parsed)
        && parsed.Ranges.Any(r => r.From is { } from ? from < size : r.To > 0 && size > 0);

    private static bool IsValidRange(string value) =>
        RangeHeaderValue.TryParse(value, out var parsed)
        && parsed.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase)
        && parsed.Ranges.Count > 0
        && parsed.Ranges.All(r => r.From is not null || r.To is not null);
}
