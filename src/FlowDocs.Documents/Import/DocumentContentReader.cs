using FlowDocs.Common.Documents;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Blobs;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.Import;

/// <summary>Streams a version's bytes from the blob store for other modules (export to Graph).</summary>
internal sealed class DocumentContentReader(FlowDocsDbContext db, IBlobStore store) : IDocumentContentReader
{
    public async Task<DocumentContent?> OpenAsync(Guid documentId, int? versionNumber, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().AsNoTracking().Where(d => d.Id == documentId && d.TrashedAt == null)
            .Select(d => new { d.CurrentVersionNumber }).FirstOrDefaultAsync(cancellationToken);
        if (document is null)
        {
            return null;
        }

        var number = versionNumber ?? document.CurrentVersionNumber;
        var version = await db.Set<DocumentVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.DocumentId == documentId && v.Number == number, cancellationToken);
        if (version is null || await store.OpenReadAsync(version.BlobKey, cancellationToken) is not { } stream)
        {
            return null;
        }

        return new DocumentContent(stream, version.FileName, version.Size, version.DeclaredContentType ?? version.SniffedContentType, version.Number);
    }
}
