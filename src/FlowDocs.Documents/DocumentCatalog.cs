using FlowDocs.Common.Documents;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents;

/// <summary>Other modules' view of documents, in the caller's tenant (the query filter sees to that).</summary>
internal sealed class DocumentCatalog(FlowDocsDbContext db) : IDocumentCatalog
{
    public Task<DocumentSummary?> FindAsync(Guid documentId, CancellationToken cancellationToken) =>
        db.Set<Document>().AsNoTracking()
            .Where(d => d.Id == documentId && d.TrashedAt == null)
            .Select(d => new DocumentSummary(d.Id, d.Title, d.CurrentVersionId, d.CurrentVersionNumber, d.Owner ?? d.CreatedBy))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Guid?> FindVersionAsync(Guid documentId, int versionNumber, CancellationToken cancellationToken) =>
        db.Set<DocumentVersion>().AsNoTracking()
            .Where(v => v.DocumentId == documentId && v.Number == versionNumber)
            .Select(v => (Guid?)v.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<DocumentVersionSummary?> FindVersionSummaryAsync(Guid documentId, int? versionNumber, CancellationToken cancellationToken)
    {
        var number = versionNumber ?? await db.Set<Document>().Where(d => d.Id == documentId).Select(d => (int?)d.CurrentVersionNumber).FirstOrDefaultAsync(cancellationToken);
        return await db.Set<DocumentVersion>().AsNoTracking()
            .Where(v => v.DocumentId == documentId && v.Number == number)
            .Select(v => new DocumentVersionSummary(v.Id, v.Number, v.Sha256, v.CreatedBy))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
