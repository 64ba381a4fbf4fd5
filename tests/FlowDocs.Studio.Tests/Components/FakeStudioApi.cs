using System.Collections.Concurrent;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>
/// Stands in for the API in component tests: answers from the lists below and records every call, so a test asserts
/// what the page asked for. <see cref="Failure"/> makes the next call fail as the API would.
/// </summary>
public sealed class FakeStudioApi : IStudioApi
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public List<DocumentItem> Documents { get; } = [];

    public List<DocumentVersionItem> Versions { get; } = [];

    public List<TaskItem> Tasks { get; } = [];

    public List<DefinitionDetail> Definitions { get; } = [];

    public List<ImportSourceItem> Sources { get; } = [];

    public List<ImportRunItem> Runs { get; } = [];

    public StudioApiException? Failure { get; set; }

    /// <summary>Bytes each upload read from its stream.</summary>
    public List<(string FileName, long Bytes)> Uploads { get; } = [];

    private void Record(string call)
    {
        Calls.Enqueue(call);
        if (Failure is { } failure)
        {
            Failure = null;
            throw failure;
        }
    }

    public Task<ApiPage<DocumentItem>> ListDocumentsAsync(DocumentQuery query, CancellationToken cancellationToken)
    {
        Record(query.ToPath());
        var items = Documents.Where(d => (query.Status is null || d.Status == query.Status)
            && (query.Search is null || d.Title.Contains(query.Search, StringComparison.OrdinalIgnoreCase))).ToList();
        return Task.FromResult(new ApiPage<DocumentItem>(items, 1, 25, false));
    }

    public Task<DocumentItem> GetDocumentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        Record($"document {documentId}");
        return Task.FromResult(Documents.FirstOrDefault(d => d.Id == documentId) ?? throw new StudioApiException(404, "The document was not found."));
    }

    public Task<IReadOnlyList<DocumentVersionItem>> ListVersionsAsync(Guid documentId, CancellationToken cancellationToken)
    {
        Record($"versions {documentId}");
        return Task.FromResult<IReadOnlyList<DocumentVersionItem>>(Versions.Where(v => v.DocumentId == documentId).ToList());
    }

    public Task<ApiPage<TaskItem>> ListDocumentTasksAsync(Guid documentId, CancellationToken cancellationToken)
    {
        Record($"tasks of {documentId}");
        return Task.FromResult(new ApiPage<TaskItem>(Tasks.Where(t => t.DocumentId == documentId).ToList(), 1, 200, false));
    }

    public async Task<UploadedVersion> UploadDocumentAsync(string fileName, string? contentType, long size, Stream content, CancellationToken cancellationToken)
    {
        Record($"upload {fileName}");
        var read = 0L;
        var buffer = new byte[3];
        int n;
        while ((n = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            read += n;
        }

        Uploads.Add((fileName, read));
        var document = Document(fileName, "Draft");
        Documents.Add(document);
        return new UploadedVersion(document, new DocumentVersionItem(Guid.NewGuid(), document.Id, 1, null, "00", read, contentType ?? "", fileName, null, "Upload", "me", DateTimeOffset.UnixEpoch));
    }

    public Task<ApiPage<TaskItem>> ListInboxAsync(InboxQuery query, CancellationToken cancellationToken)
    {
        Record(query.ToPath());
        var items = Tasks.Where(t => query.Tab switch
        {
            InboxTab.Mine => t.Assignee == "me",
            InboxTab.MyRoles => t.Assignee is null,
            _ => t.IsOverdue,
        }).Where(t => t.Status is "Open" or "Claimed").ToList();
        return Task.FromResult(new ApiPage<TaskItem>(items, 1, 50, false));
    }

    public Task<TaskItem> ClaimTaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        Record($"claim {taskId}");
        return Task.FromResult(Replace(taskId, t => t with { Status = "Claimed", Assignee = "me" }));
    }

    public Task<TaskItem> CompleteTaskAsync(Guid taskId, string outcome, string? comment, CancellationToken cancellationToken)
    {
        Record($"complete {taskId} {outcome} {comment}");
        return Task.FromResult(Replace(taskId, t => t with { Status = "Completed", Outcome = outcome, CompletionComment = comment }));
    }

    public Task<ApiPage<DefinitionSummary>> ListDefinitionsAsync(string? search, int page, CancellationToken cancellationToken)
    {
        Record($"definitions {search}");
        var latest = Definitions.Select(d => d.Summary).Where(s => s.IsLatest && (search is null || s.Name.Contains(search, StringComparison.OrdinalIgnoreCase))).ToList();
        return Task.FromResult(new ApiPage<DefinitionSummary>(latest, page, 50, false));
    }

    public Task<DefinitionDetail?> GetDefinitionAsync(string definitionId, string version, CancellationToken cancellationToken)
    {
        Record($"definition {definitionId} {version}");
        var versions = Definitions.Where(d => d.Summary.DefinitionId == definitionId).ToList();
        return Task.FromResult(version switch
        {
            "latest" => versions.FirstOrDefault(d => d.Summary.IsLatest),
            "published" => versions.FirstOrDefault(d => d.Summary.IsPublished),
            _ => versions.FirstOrDefault(d => d.Summary.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) == version),
        });
    }

    public Task<ApiPage<ImportSourceItem>> ListImportSourcesAsync(int page, CancellationToken cancellationToken)
    {
        Record("sources");
        return Task.FromResult(new ApiPage<ImportSourceItem>(Sources, 1, 50, false));
    }

    public Task<ImportSourceItem> GetImportSourceAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        Record($"source {sourceId}");
        return Task.FromResult(Sources.FirstOrDefault(s => s.Id == sourceId) ?? throw new StudioApiException(404, "The import source was not found."));
    }

    public Task<ImportRunItem> StartImportRunAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        Record($"run {sourceId}");
        var run = Run(sourceId, "Queued");
        Runs.Insert(0, run);
        return Task.FromResult(run);
    }

    public Task<ApiPage<ImportRunItem>> ListImportRunsAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        Record($"runs {sourceId}");
        return Task.FromResult(new ApiPage<ImportRunItem>(Runs.Where(r => r.SourceId == sourceId).ToList(), 1, 50, false));
    }

    private TaskItem Replace(Guid taskId, Func<TaskItem, TaskItem> change)
    {
        var index = Tasks.FindIndex(t => t.Id == taskId);
        Tasks[index] = change(Tasks[index]);
        return Tasks[index];
    }

    public static DocumentItem Document(string title, string status) =>
        new(Guid.NewGuid(), title, null, status, [], 1, title + ".pdf", "me", DateTimeOffset.UnixEpoch, "me", DateTimeOffset.UnixEpoch, null);

    public static TaskItem NewTask(string title, string? assignee, string status = "Open", bool overdue = false, params string[] outcomes) =>
        new(Guid.NewGuid(), Guid.NewGuid(), 1, title, null, assignee, new TaskCandidates(["Reviewer"], []), status, "Normal", null, overdue, outcomes, null, null,
            "someone", DateTimeOffset.UnixEpoch, null, null);

    public static ImportRunItem Run(Guid sourceId, string status) =>
        new(Guid.NewGuid(), sourceId, status, "Manual", "me", DateTimeOffset.UnixEpoch, null, null, null, 0, 0, 0, 0, 0, 0, 0, null);
}
