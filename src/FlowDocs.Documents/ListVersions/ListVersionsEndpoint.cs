using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.ListVersions;

internal static class ListVersionsEndpoint
{
    /// <summary>Every version of the document, newest first.</summary>
    public static async Task<Results<Ok<List<VersionResponse>>, ProblemHttpResult>> ListAsync(
        Guid documentId, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Set<Document>().AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        var versions = await db.Set<DocumentVersion>().AsNoTracking()
            .Where(v => v.DocumentId == documentId)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(versions.ConvertAll(VersionResponse.From));
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
