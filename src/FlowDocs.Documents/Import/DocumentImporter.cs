using FlowDocs.Common.Documents;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;

namespace FlowDocs.Documents.Import;

/// <summary>
/// Imported items become versions the way uploads do (<see cref="VersionAppender"/>): streamed into the blob store while
/// hashed, deduplicated, audited, and announced with <c>DocumentVersionAdded</c> so approval workflows start on them.
/// </summary>
internal sealed class DocumentImporter(ContentIngest ingest, VersionAppender appender) : IDocumentImporter
{
    public async Task<ImportedVersion> ImportAsync(
        ImportedItemContent item, Stream content, Func<Guid, CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(content);
        if (FileNames.Validate(FileNames.Neutralise(item.FileName), out var fileName) is { } nameProblem)
        {
            return Refused(item, nameProblem);
        }

        var rules = new DocumentRules();
        var title = rules.Title(Path.GetFileNameWithoutExtension(fileName) is { Length: > 0 } stem ? stem : fileName, required: true) ?? fileName;
        var draft = item.DocumentId is null
            ? new DocumentDraft(
                title, null, rules.Status(item.Status) ?? DocumentStatus.Draft, rules.Tags(item.Tags),
                rules.Metadata(item.Metadata?.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal)))
            : null;
        if (!rules.IsValid)
        {
            return Refused(item, "the import source's document settings are not valid.");
        }

        if (draft is not null && ProcessStatuses.Contains(draft.Status))
        {
            return Refused(item, $"the import source's document status is not valid: {ProcessStatuses.Refusal(draft.Status)}");
        }

        IngestedContent ingested;
        try
        {
            ingested = await ingest.IngestAsync(content, item.ContentType, cancellationToken);
        }
        catch (ContentTooLargeException ex)
        {
            return Refused(item, $"the item is larger than the limit of {ex.MaxBytes} bytes (FlowDocs:Documents:MaxUploadBytes).");
        }

        var version = new VersionDraft(fileName, item.ContentType, null, null, VersionOrigin.Import, ExternalId: item.ExternalId, ExternalETag: item.ExternalETag);
        var result = await appender.CommitAsAsync(item.Actor, item.DocumentId, draft, ingested, version, beforeCommit, cancellationToken);
        return result.Added is { } added
            ? new ImportedVersion(added.Document.Id, added.Version.Id, added.Version.Number, Created: item.DocumentId is null)
            : Refused(item, result.Problem!.Detail);
    }

    private static ImportedVersion Refused(ImportedItemContent item, string problem) =>
        new(item.DocumentId ?? Guid.Empty, Guid.Empty, 0, Created: false, problem);
}
