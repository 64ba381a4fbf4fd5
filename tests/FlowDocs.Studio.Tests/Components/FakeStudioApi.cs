using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
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

    public List<ActivityDescriptorItem> Activities { get; } =
    [
        new("Elsa.Start", "Flow", "Start", "Where the flow starts.", [], ["Done"]),
        new("Elsa.End", "Flow", "End", "Ends the workflow.", [], []),
        new("Elsa.FlowDecision", "Flow", "Decision", "Leaves by True or False.", [new("condition", "Boolean", "The condition to test.", true)], ["True", "False"]),
        new("Elsa.FlowJoin", "Flow", "Join", "Waits for its inbound paths.", [new("mode", "String", "WaitAll (default) or WaitAny.")], ["Done"]),
        new("Elsa.WriteLine", "Primitives", "Write line", "Writes a line to the journal.", [new("text", "String", "The text to write.", true)], ["Done"]),
        new("Elsa.Delay", "Timers", "Delay", "Waits.", [new("timeSpan", "TimeSpan", "How long to wait.", true), new("count", "Int32", "How many times.")], ["Done"]),
    ];

    /// <summary>What the next validation answers (the validated JSON is in <see cref="Validated"/>, the saved in <see cref="Saved"/>).</summary>
    public List<ValidationProblemItem> Problems { get; } = [];

    public List<JsonObject> Saved { get; } = [];

    public ConcurrentQueue<JsonObject> Validated { get; } = new();

    public List<InstanceDetailItem> Instances { get; } = [];

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

    public List<HistoryItem> History { get; } = [];

    public Task<ApiPage<HistoryItem>> ListDocumentHistoryAsync(Guid documentId, CancellationToken cancellationToken)
    {
        Record($"history {documentId}");
        return Task.FromResult(new ApiPage<HistoryItem>(History, 1, 100, false));
    }

    public Task<UploadedVersion> RevertVersionAsync(Guid documentId, int number, CancellationToken cancellationToken)
    {
        Record($"revert {documentId} {number}");
        var document = Documents.Single(d => d.Id == documentId);
        var source = Versions.Single(v => v.DocumentId == documentId && v.Number == number);
        var added = source with { Id = Guid.NewGuid(), Number = Versions.Where(v => v.DocumentId == documentId).Max(v => v.Number) + 1, Comment = $"Reverted to version {number}" };
        Versions.Insert(0, added);
        var updated = document with { CurrentVersionNumber = added.Number };
        Documents[Documents.IndexOf(document)] = updated;
        History.Insert(0, new HistoryItem(Guid.NewGuid(), "VersionReverted", "member", DateTimeOffset.UnixEpoch, added.Number));
        return Task.FromResult(new UploadedVersion(updated, added));
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

    /// <summary>The bytes each completed upload session assembled, by file name.</summary>
    public Dictionary<string, byte[]> Assembled { get; } = [];

    /// <summary>Every chunk sent, in order (also the failed ones).</summary>
    public List<(long Offset, int Length)> ChunkPuts { get; } = [];

    /// <summary>Faults for chunk sends, used once each: before storing (the chunk is lost) or after (only the answer is).</summary>
    public List<(long Offset, bool AfterStoring, Exception Error)> ChunkFaults { get; } = [];

    private readonly Dictionary<Guid, (string FileName, string? ContentType, long Size, SortedDictionary<long, byte[]> Chunks)> _sessions = [];

    public Task<UploadSessionItem> CreateUploadSessionAsync(string fileName, string? contentType, long size, CancellationToken cancellationToken)
    {
        Record($"session {fileName} {size}");
        var id = Guid.NewGuid();
        _sessions[id] = (fileName, contentType, size, new SortedDictionary<long, byte[]>());
        return Task.FromResult(Session(id));
    }

    public async Task<UploadSessionItem> PutUploadChunkAsync(Guid sessionId, long offset, int length, long size, Stream chunk, CancellationToken cancellationToken)
    {
        Record($"chunk {offset}-{offset + length - 1}/{size}");
        ChunkPuts.Add((offset, length));
        var fault = ChunkFaults.FindIndex(f => f.Offset == offset);
        var (_, afterStoring, error) = fault >= 0 ? ChunkFaults[fault] : default;
        if (fault >= 0)
        {
            ChunkFaults.RemoveAt(fault);
        }

        if (fault >= 0 && !afterStoring)
        {
            throw error!;
        }

        using var bytes = new MemoryStream();
        await chunk.CopyToAsync(bytes, cancellationToken);
        Assert.Equal(length, bytes.Length);
        _sessions[sessionId].Chunks[offset] = bytes.ToArray();
        return fault >= 0 ? throw error! : Session(sessionId);
    }

    public Task<UploadSessionItem> GetUploadSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        Record($"session state");
        return Task.FromResult(Session(sessionId));
    }

    /// <summary>Failures the next completions throw, one each, after completing: the answer is lost, as the server's is.</summary>
    public Queue<Exception> CompleteFaults { get; } = [];

    private readonly Dictionary<Guid, UploadedVersion> _completed = [];

    public Task<UploadedVersion> CompleteUploadSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        Record($"complete session");
        // Exactly once, as the server: a repeated completion answers with the version already made.
        if (!_completed.TryGetValue(sessionId, out var uploaded))
        {
            var (fileName, contentType, size, chunks) = _sessions[sessionId];
            var bytes = chunks.Values.SelectMany(c => c).ToArray();
            Assert.Equal(size, bytes.Length);
            Assembled[fileName] = bytes;
            Uploads.Add((fileName, bytes.Length));
            var document = Document(fileName, "Draft");
            Documents.Add(document);
            uploaded = new UploadedVersion(document, new DocumentVersionItem(Guid.NewGuid(), document.Id, 1, null, "00", size, contentType ?? "", fileName, null, "Upload", "me", DateTimeOffset.UnixEpoch));
            _completed[sessionId] = uploaded;
        }

        return CompleteFaults.TryDequeue(out var fault) ? Task.FromException<UploadedVersion>(fault) : Task.FromResult(uploaded);
    }

    private UploadSessionItem Session(Guid id)
    {
        var (fileName, _, size, chunks) = _sessions[id];
        var missing = new List<ByteRangeItem>();
        long position = 0;
        foreach (var (offset, bytes) in chunks)
        {
            if (offset > position)
            {
                missing.Add(new ByteRangeItem(position, offset - 1));
            }

            position = Math.Max(position, offset + bytes.Length);
        }

        if (position < size)
        {
            missing.Add(new ByteRangeItem(position, size - 1));
        }

        var received = size - missing.Sum(r => r.End - r.Start + 1);
        return new UploadSessionItem(id, null, fileName, size, received, (double)received / size, missing, DateTimeOffset.UnixEpoch.AddDays(1));
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

    public Task<TaskItem> GetTaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        Record($"task {taskId}");
        return Task.FromResult(Tasks.FirstOrDefault(t => t.Id == taskId) ?? throw new StudioApiException(404, $"Task {taskId} does not exist."));
    }

    /// <summary>Each task's thread; a task missing here answers 403 (the caller is not one of its people).</summary>
    public Dictionary<Guid, List<TaskCommentItem>> Threads { get; } = [];

    public Task<IReadOnlyList<TaskCommentItem>> ListTaskCommentsAsync(Guid taskId, CancellationToken cancellationToken)
    {
        Record($"comments {taskId}");
        return Threads.TryGetValue(taskId, out var thread)
            ? Task.FromResult<IReadOnlyList<TaskCommentItem>>([.. thread])
            : throw new StudioApiException(403, "Only the task's reviewers, the uploader of the version it is about and the document's owner can read and add to its comments.");
    }

    public Task<TaskCommentItem> AddTaskCommentAsync(Guid taskId, string text, CancellationToken cancellationToken)
    {
        Record($"comment {taskId} {text}");
        var comment = new TaskCommentItem(Guid.NewGuid(), "me", text, DateTimeOffset.UnixEpoch);
        Threads[taskId].Add(comment);
        return Task.FromResult(comment);
    }

    public List<DecisionItem> Decisions { get; } = [];

    public Task<ApiPage<DecisionItem>> ListDecisionsAsync(Guid documentId, int? versionNumber, CancellationToken cancellationToken)
    {
        Record($"decisions {documentId} {versionNumber}");
        return Task.FromResult(new ApiPage<DecisionItem>(
            Decisions.Where(d => d.DocumentId == documentId && (versionNumber is null || d.VersionNumber == versionNumber)).ToList(), 1, 100, false));
    }

    public List<AttentionItem> Attention { get; } = [];

    public Task<ApiPage<AttentionItem>> ListAttentionAsync(int page, CancellationToken cancellationToken)
    {
        Record("attention");
        return Task.FromResult(new ApiPage<AttentionItem>([.. Attention], page, 50, false));
    }

    public static DecisionItem Decision(Guid documentId, int version, string outcome, string by, DateTimeOffset at, string? comment = null, Guid? instanceId = null, params DecisionVoteItem[] votes) =>
        new(Guid.NewGuid(), documentId, Guid.NewGuid(), version, "ab12", outcome, instanceId is null ? "Override" : "Workflow", by, at, comment, votes,
            instanceId is null ? null : "document-approval", instanceId is null ? null : 1, instanceId);

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

    public Task<IReadOnlyList<DefinitionSummary>> ListDefinitionVersionsAsync(string definitionId, CancellationToken cancellationToken)
    {
        Record($"versions of {definitionId}");
        return Task.FromResult<IReadOnlyList<DefinitionSummary>>(
            Definitions.Where(d => d.Summary.DefinitionId == definitionId).Select(d => d.Summary).OrderByDescending(s => s.Version).ToList());
    }

    public Task<ActivityCatalogueItem> GetActivityCatalogueAsync(CancellationToken cancellationToken)
    {
        Record("catalogue");
        return Task.FromResult(new ActivityCatalogueItem(Activities, ["Literal", "Variable", "JavaScript", "Liquid"]));
    }

    public Task<DefinitionDetail> CreateDefinitionAsync(JsonObject definition, CancellationToken cancellationToken)
    {
        Record($"create {definition["name"]}");
        var id = definition["definitionId"]?.GetValue<string>() ?? "new-" + Definitions.Count.ToString(CultureInfo.InvariantCulture);
        var detail = new DefinitionDetail(Summary(id, 1, latest: true, published: false, definition["name"]?.GetValue<string>() ?? id), definition);
        Definitions.Add(detail);
        return Task.FromResult(detail);
    }

    public Task<ImportedDefinition> ImportDefinitionAsync(JsonObject definition, CancellationToken cancellationToken)
    {
        Record($"import {definition["definitionId"]}");
        var id = definition["definitionId"]?.GetValue<string>();
        if (id is not null && Definitions.Any(d => d.Summary.DefinitionId == id))
        {
            return SaveDraftAsync(id, definition, cancellationToken).ContinueWith(
                t => new ImportedDefinition(t.Result, new ValidationResult(Problems.Count == 0, Problems.ToList())), TaskScheduler.Default);
        }

        return CreateDefinitionAsync(definition, cancellationToken).ContinueWith(
            t => new ImportedDefinition(t.Result, new ValidationResult(Problems.Count == 0, Problems.ToList())), TaskScheduler.Default);
    }

    public Task<DefinitionDetail> SaveDraftAsync(string definitionId, JsonObject definition, CancellationToken cancellationToken)
    {
        Record($"save {definitionId}");
        Saved.Add(definition);
        var latest = Definitions.First(d => d.Summary.DefinitionId == definitionId && d.Summary.IsLatest);
        DefinitionDetail saved;
        if (latest.Summary.IsPublished)
        {
            Definitions[Definitions.IndexOf(latest)] = latest with { Summary = latest.Summary with { IsLatest = false } };
            saved = new DefinitionDetail(latest.Summary with { Version = latest.Summary.Version + 1, IsPublished = false, VersionId = Guid.NewGuid() }, definition);
            Definitions.Add(saved);
        }
        else
        {
            saved = latest with { Definition = definition };
            Definitions[Definitions.IndexOf(latest)] = saved;
        }

        return Task.FromResult(saved);
    }

    public Task<ValidationResult> ValidateDefinitionAsync(JsonObject definition, CancellationToken cancellationToken)
    {
        Record("validate");
        Validated.Enqueue(definition);
        return Task.FromResult(new ValidationResult(Problems.Count == 0, Problems.ToList()));
    }

    public Task<DefinitionSummary> PublishDefinitionAsync(string definitionId, CancellationToken cancellationToken)
    {
        Record($"publish {definitionId}");
        var latest = Definitions.First(d => d.Summary.DefinitionId == definitionId && d.Summary.IsLatest);
        var published = latest.Summary with { IsPublished = true };
        Definitions[Definitions.IndexOf(latest)] = latest with { Summary = published };
        return Task.FromResult(published);
    }

    public Task<DefinitionSummary> RetractDefinitionAsync(string definitionId, CancellationToken cancellationToken)
    {
        Record($"retract {definitionId}");
        var published = Definitions.First(d => d.Summary.DefinitionId == definitionId && d.Summary.IsPublished);
        var retracted = published.Summary with { IsPublished = false };
        Definitions[Definitions.IndexOf(published)] = published with { Summary = retracted };
        return Task.FromResult(retracted);
    }

    public Task DeleteDraftAsync(string definitionId, CancellationToken cancellationToken)
    {
        Record($"delete draft {definitionId}");
        Definitions.RemoveAll(d => d.Summary.DefinitionId == definitionId && d.Summary.IsLatest && !d.Summary.IsPublished);
        return Task.CompletedTask;
    }

    public Task<ApiPage<InstanceSummaryItem>> ListInstancesAsync(string? definitionId, string? status, int page, CancellationToken cancellationToken)
    {
        Record($"instances {definitionId} {status}");
        var items = Instances.Select(i => i.Summary).Where(s => (definitionId is null || s.DefinitionId == definitionId) && (status is null || s.Status == status)).ToList();
        return Task.FromResult(new ApiPage<InstanceSummaryItem>(items, page, 50, false));
    }

    public Task<InstanceDetailItem> GetInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        Record($"instance {instanceId}");
        return Task.FromResult(Instances.FirstOrDefault(i => i.Summary.Id == instanceId) ?? throw new StudioApiException(404, $"Instance {instanceId} does not exist."));
    }

    public Task<InstanceSummaryItem> StartInstanceAsync(string definitionId, CancellationToken cancellationToken)
    {
        Record($"start {definitionId}");
        var instance = Instance(definitionId, "Running", "Executing");
        Instances.Add(instance);
        return Task.FromResult(instance.Summary);
    }

    public Task CancelInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        Record($"cancel {instanceId}");
        return Task.CompletedTask;
    }

    public Task RetryInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        Record($"retry {instanceId}");
        Attention.RemoveAll(a => a.Instance.Id == instanceId);
        return Task.CompletedTask;
    }

    public static DefinitionSummary Summary(string id, int version, bool latest, bool published, string? name = null) =>
        new(id, Guid.NewGuid(), version, latest, published, name ?? "Approval " + id, null, DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(version));

    public static InstanceDetailItem Instance(string definitionId, string status, string subStatus, params JournalItem[] journal) =>
        new(new InstanceSummaryItem(Guid.NewGuid(), definitionId, 1, "Approval " + definitionId, status, subStatus, null, DateTime.UnixEpoch, DateTime.UnixEpoch, null),
            new Dictionary<string, JsonNode?>(), [], [], [], journal, [], 0);

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

    public List<UserItem> Users { get; } = [];

    public List<RoleItem> Roles { get; } = [new(Guid.NewGuid(), "Admin", true), new(Guid.NewGuid(), "Member", true), new(Guid.NewGuid(), "Reviewer", false)];

    public List<ServiceClientItem> Clients { get; } = [];

    private int _secrets;

    /// <summary>Names the people lookup answers with, by id.</summary>
    public Dictionary<string, string> People { get; } = [];

    public Task<IReadOnlyList<PersonItem>> GetPeopleAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        Record("people " + string.Join(",", ids));
        return Task.FromResult<IReadOnlyList<PersonItem>>([.. ids.Where(People.ContainsKey).Select(id => new PersonItem(id, People[id], "user"))]);
    }

    public Task<ApiPage<UserItem>> ListUsersAsync(string? search, int page, CancellationToken cancellationToken)
    {
        Record(search is null ? $"users {page}" : $"users {page} search {search}");
        var users = Users.Where(u => search is null || u.Email.Contains(search, StringComparison.OrdinalIgnoreCase) || u.DisplayName.Contains(search, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(new ApiPage<UserItem>(users.ToList(), page, 100, false));
    }

    public Task<InvitedUserItem> CreateUserAsync(string email, string displayName, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        Record($"create user {email} {displayName} [{string.Join(",", roles)}]");
        var user = new UserItem(Guid.NewGuid(), email, displayName, true, false, roles, DateTimeOffset.UnixEpoch);
        Users.Add(user);
        return Task.FromResult(new InvitedUserItem(user, new Uri($"https://flowdocs.test/account/set-password?user={user.Id}&token=first")));
    }

    public Task<Uri> InviteUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        Record($"invite {userId}");
        return Task.FromResult(new Uri($"https://flowdocs.test/account/set-password?user={userId}&token=again"));
    }

    public Task<UserItem> SetUserRolesAsync(Guid userId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        Record($"roles {userId} [{string.Join(",", roles)}]");
        return Task.FromResult(ReplaceUser(userId, u => u with { Roles = roles }));
    }

    public Task<UserItem> SetUserEnabledAsync(Guid userId, bool enabled, CancellationToken cancellationToken)
    {
        Record($"{(enabled ? "enable" : "disable")} user {userId}");
        return Task.FromResult(ReplaceUser(userId, u => u with { Enabled = enabled }));
    }

    public Task<IReadOnlyList<RoleItem>> ListRolesAsync(CancellationToken cancellationToken)
    {
        Record("roles");
        return Task.FromResult<IReadOnlyList<RoleItem>>(Roles.ToList());
    }

    public Task<RoleItem> CreateRoleAsync(string name, CancellationToken cancellationToken)
    {
        Record($"create role {name}");
        var role = new RoleItem(Guid.NewGuid(), name, false);
        Roles.Add(role);
        return Task.FromResult(role);
    }

    public Task<IReadOnlyList<ServiceClientItem>> ListServiceClientsAsync(CancellationToken cancellationToken)
    {
        Record("clients");
        return Task.FromResult<IReadOnlyList<ServiceClientItem>>(Clients.ToList());
    }

    public Task<ServiceClientSecretItem> CreateServiceClientAsync(string displayName, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        Record($"create client {displayName} [{string.Join(",", roles)}]");
        var client = new ServiceClientItem(Guid.NewGuid(), "svc-" + Clients.Count.ToString(CultureInfo.InvariantCulture), displayName, roles, true, DateTimeOffset.UnixEpoch);
        Clients.Add(client);
        return Task.FromResult(new ServiceClientSecretItem(client, NextSecret()));
    }

    public Task<ServiceClientSecretItem> RotateServiceClientSecretAsync(Guid clientId, CancellationToken cancellationToken)
    {
        Record($"rotate {clientId}");
        return Task.FromResult(new ServiceClientSecretItem(Clients.Single(c => c.Id == clientId), NextSecret()));
    }

    public Task<ServiceClientItem> SetServiceClientEnabledAsync(Guid clientId, bool enabled, CancellationToken cancellationToken)
    {
        Record($"{(enabled ? "enable" : "disable")} client {clientId}");
        var index = Clients.FindIndex(c => c.Id == clientId);
        Clients[index] = Clients[index] with { Enabled = enabled };
        return Task.FromResult(Clients[index]);
    }

    private string NextSecret() => "secret-" + Interlocked.Increment(ref _secrets).ToString(CultureInfo.InvariantCulture);

    private UserItem ReplaceUser(Guid userId, Func<UserItem, UserItem> change)
    {
        var index = Users.FindIndex(u => u.Id == userId);
        Users[index] = change(Users[index]);
        return Users[index];
    }

    public static UserItem NewUser(string email, bool enabled = true, params string[] roles) =>
        new(Guid.NewGuid(), email, email.Split('@')[0], enabled, false, roles, DateTimeOffset.UnixEpoch);

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
