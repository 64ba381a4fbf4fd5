using FlowDocs.Common.Paging;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.ListVersions;

internal static class ListVersionsEndpoint
{
    /// <summary>The document's versions, newest first, in the list envelope every list answers (<see cref="PagedList{T}"/>).</summary>
    public static async Task<Results<Ok<PagedList<VersionResponse>>, ProblemHttpResult>> ListAsync(
        Guid documentId, [FromQuery] int? page, [FromQuery] int? pageSize, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var request) is { } error)
        {
            return DocumentRules.Problem(error.Split(' ')[0], error);
        }

        if (!await db.Set<Document>().AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        var versions = await db.Set<DocumentVersion>().AsNoTracking()
            .Where(v => v.DocumentId == documentId)
            .OrderByDescending(v => v.Number)
            .Skip(request.Skip).Take(request.PageSize + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(versions.ConvertAll(VersionResponse.From).ToPage(request));
    }

    public static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetAsync(
        Guid documentId, int number, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        var version = await db.Set<DocumentVersion>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.DocumentId == documentId && v.Number == number, cancellationToken);
        if (version is null)
        {
            return (await db.Set<Document>().AnyAsync(d => d.Id == documentId, cancellationToken)
                ? DocumentProblem.VersionNotFound(documentId, number)
                : DocumentProblem.NotFound(documentId)).ToResult();
        }

        return TypedResults.Ok(VersionResponse.From(version));
    }
}
