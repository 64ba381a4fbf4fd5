using FlowDocs.Studio.Logic;

namespace FlowDocs.Studio.Api;

/// <summary>Everything the Studio asks of the modules, one method per API call it makes.</summary>
public interface IStudioApi
{
    Task<ApiPage<DocumentItem>> ListDocumentsAsync(DocumentQuery query, CancellationToken cancellationToken);

    Task<DocumentItem> GetDocumentAsync(Guid documentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DocumentVersionItem>> ListVersionsAsync(Guid documentId, CancellationToken cancellationToken);

    Task<ApiPage<TaskItem>> ListDocumentTasksAsync(Guid documentId, CancellationToken cancellationToken);

    /// <summary>Creates a document whose version 1 is <paramref name="content"/>, streamed.</summary>
    Task<UploadedVersion> UploadDocumentAsync(string fileName, string? contentType, long size, Stream content, CancellationToken cancellationToken);

    Task<ApiPage<TaskItem>> ListInboxAsync(InboxQuery query, CancellationToken cancellationToken);

    Task<TaskItem> ClaimTaskAsync(Guid taskId, CancellationToken cancellationToken);

    Task<TaskItem> CompleteTaskAsync(Guid taskId, string outcome, string? comment, CancellationToken cancellationToken);

    Task<ApiPage<DefinitionSummary>> ListDefinitionsAsync(string? search, int page, CancellationToken cancellationToken);

    /// <summary>The definition in one version: <c>latest</c>, <c>published</c> or a number; null when there is none.</summary>
    Task<DefinitionDetail?> GetDefinitionAsync(string definitionId, string version, CancellationToken cancellationToken);

    Task<ApiPage<ImportSourceItem>> ListImportSourcesAsync(int page, CancellationToken cancellationToken);

    Task<ImportSourceItem> GetImportSourceAsync(Guid sourceId, CancellationToken cancellationToken);

    Task<ImportRunItem> StartImportRunAsync(Guid sourceId, CancellationToken cancellationToken);

    Task<ApiPage<ImportRunItem>> ListImportRunsAsync(Guid sourceId, CancellationToken cancellationToken);
}
