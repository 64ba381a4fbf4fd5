using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.GetDocument;

internal static class GetDocumentEndpoint
{
    /// <summary>The document (also when it is in the trash, so that it can be restored).</summary>
    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> HandleAsync(
        Guid documentId, HttpResponse response, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        response.Headers.ETag = ETags.Quote(document.CurrentSha256);
        return TypedResults.Ok(DocumentResponse.From(document));
    }
}
