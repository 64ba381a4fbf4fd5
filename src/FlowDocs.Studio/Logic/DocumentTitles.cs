using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Logic;

/// <summary>
/// The documents behind the ids that tasks carry, so a task can be named by its document ("Review · Supplier contract,
/// version 2") instead of an id. Asked of the API once per document and kept for the page; a document in the trash or
/// out of reach (404/403) is remembered as unknown and named in words.
/// </summary>
public sealed class DocumentTitles(IStudioApi api)
{
    public const string Unknown = "a document no longer available";

    private readonly Dictionary<Guid, DocumentItem?> _documents = [];

    public async Task LoadAsync(IEnumerable<Guid> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        var missing = documentIds.Distinct().Where(id => !_documents.ContainsKey(id)).ToList();
        var found = await Task.WhenAll(missing.Select(async id =>
        {
            try
            {
                return (id, (DocumentItem?)await api.GetDocumentAsync(id, cancellationToken));
            }
            catch (StudioApiException ex) when (ex.Status is 403 or 404)
            {
                return (id, null);
            }
        }));
        foreach (var (id, document) in found)
        {
            _documents[id] = document;
        }
    }

    public DocumentItem? Of(Guid documentId) => _documents.GetValueOrDefault(documentId);

    /// <summary>The document's title, or <see cref="Unknown"/>.</summary>
    public string TitleOf(Guid documentId) => Of(documentId)?.Title ?? Unknown;
}
