using System.Text.Json.Nodes;

namespace FlowDocs.Studio.Api;

// The Studio's view of the API's JSON. Its own records, not the modules' types: the UI depends on the HTTP contract
// only, as any other client does, and survives internal refactoring of the modules.

public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, bool HasMore, string? NextCursor = null);

public sealed record DocumentItem(
    Guid Id,
    string Title,
    string? Description,
    string Status,
    IReadOnlyList<string> Tags,
    int CurrentVersionNumber,
    string CurrentFileName,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    string? CheckedOutBy);

public sealed record DocumentVersionItem(
    Guid Id,
    Guid DocumentId,
    int Number,
    string? Label,
    string Sha256,
    long Size,
    string ContentType,
    string FileName,
    string? Comment,
    string Origin,
    string CreatedBy,
    DateTimeOffset CreatedAt);

public sealed record UploadedVersion(DocumentItem Document, DocumentVersionItem Version);

/// <summary>One audit event of a document: who did what, when, and about which version.</summary>
public sealed record HistoryItem(Guid Id, string Action, string Actor, DateTimeOffset At, int? VersionNumber);

public sealed record TaskCandidates(IReadOnlyList<string> Roles, IReadOnlyList<string> Users);

public sealed record TaskItem(
    Guid Id,
    Guid DocumentId,
    int DocumentVersionNumber,
    string Title,
    string? Description,
    string? Assignee,
    TaskCandidates Candidates,
    string Status,
    string Priority,
    DateTimeOffset? DueAt,
    bool IsOverdue,
    IReadOnlyList<string> Outcomes,
    string? Outcome,
    string? CompletionComment,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? CompletedBy,
    DateTimeOffset? CompletedAt,
    TaskOriginItem? Origin = null,
    IReadOnlyList<TaskCommentItem>? Comments = null);

/// <summary>Who made a task: a person (<c>person</c>) or a workflow activity (<c>workflow</c>, with its instance).</summary>
public sealed record TaskOriginItem(string Kind, string? WorkflowInstanceId, string? ActivityId);

/// <summary>One comment of a task's thread.</summary>
public sealed record TaskCommentItem(Guid Id, string Author, string Text, DateTimeOffset CreatedAt);

/// <summary>One reviewer's vote in a decision.</summary>
public sealed record DecisionVoteItem(string By, string Outcome, string? Comment, DateTimeOffset At);

/// <summary>A decision about one version of a document (a workflow's, or an Admin's override), with the votes that made it.</summary>
public sealed record DecisionItem(
    Guid Id,
    Guid DocumentId,
    Guid VersionId,
    int VersionNumber,
    string VersionSha256,
    string Outcome,
    string Kind,
    string DecidedBy,
    DateTimeOffset DecidedAt,
    string? Comment,
    IReadOnlyList<DecisionVoteItem> Votes,
    string? WorkflowDefinitionId,
    int? WorkflowDefinitionVersion,
    Guid? WorkflowInstanceId);

/// <summary>A faulted workflow instance that needs someone, with the failing step, the reason and the document it is about.</summary>
public sealed record AttentionItem(
    InstanceSummaryItem Instance, string? ActivityId, string? ActivityType, string Reason, DateTime FaultedAt, string RetryUrl,
    Guid? DocumentId = null, string? DocumentTitle = null);

public sealed record DefinitionSummary(
    string DefinitionId, Guid VersionId, int Version, bool IsLatest, bool IsPublished, string Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt,
    string? UpdatedBy = null, string? UpdatedByName = null)
{
    /// <summary>"2026-11-29 16:40:00Z by Ann", or only the time when the API does not know who (versions from before it recorded it).</summary>
    public string Changed =>
        UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ((UpdatedByName ?? UpdatedBy) is { Length: > 0 } who ? " by " + who : "");
}

public sealed record DefinitionDetail(DefinitionSummary Summary, JsonObject Definition);

/// <summary>An input an activity reads, as the engine's catalogue describes it.</summary>
public sealed record InputDescriptorItem(string Name, string TypeName, string Description, bool Required = false);

/// <summary>An activity type the designer can place: palette group, label, inputs and outcome ports.</summary>
public sealed record ActivityDescriptorItem(
    string Type, string Category, string DisplayName, string Description, IReadOnlyList<InputDescriptorItem> Inputs, IReadOnlyList<string> Outcomes, bool IsTrigger = false);

public sealed record ActivityCatalogueItem(IReadOnlyList<ActivityDescriptorItem> Activities, IReadOnlyList<string> ExpressionTypes);

/// <summary>One problem of a definition; <see cref="ActivityId"/> is null for problems of the whole definition.</summary>
public sealed record ValidationProblemItem(string? ActivityId, string Code, string Message);

public sealed record ValidationResult(bool IsValid, IReadOnlyList<ValidationProblemItem> Problems);

/// <summary>An imported definition (a new one, or a new draft version of the file's definition) and its problems.</summary>
public sealed record ImportedDefinition(DefinitionDetail Definition, ValidationResult Validation);

public sealed record InstanceSummaryItem(
    Guid Id, string DefinitionId, int DefinitionVersion, string Name, string Status, string SubStatus,
    string? CorrelationId, DateTime CreatedAt, DateTime UpdatedAt, DateTime? FinishedAt);

public sealed record BookmarkItem(Guid Id, string ActivityId, string Name, string? Key, DateTime CreatedAt, DateTime? DueAt, JsonNode? Payload);

public sealed record JournalItem(int Sequence, string ActivityId, string ActivityType, string EventName, string? Outcome, string? Message, DateTime Timestamp, double DurationMs);

public sealed record IncidentItem(string ActivityId, string ActivityType, string Message, string? ExceptionType, DateTime Timestamp);

public sealed record InstanceDetailItem(
    InstanceSummaryItem Summary,
    IReadOnlyDictionary<string, JsonNode?> Variables,
    JsonObject Input,
    JsonObject Output,
    IReadOnlyList<BookmarkItem> Bookmarks,
    IReadOnlyList<JournalItem> Journal,
    IReadOnlyList<IncidentItem> Incidents,
    int PendingWork);

public sealed record ImportSourceItem(
    Guid Id,
    string Name,
    string DriveId,
    string FolderId,
    string? Schedule,
    bool Enabled,
    string UpdatedBy,
    DateTimeOffset UpdatedAt);

public sealed record ImportRunItem(
    Guid Id,
    Guid SourceId,
    string Status,
    string Trigger,
    string RequestedBy,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? HeartbeatAt,
    int Pages,
    int ItemsSeen,
    int New,
    int Updated,
    int Skipped,
    int Deleted,
    int Failed,
    string? Message)
{
    public bool IsActive => Status is "Queued" or "Running";
}

/// <summary>An inclusive byte range, as in Content-Range.</summary>
public sealed record ByteRangeItem(long Start, long End);

/// <summary>A resumable upload: what the server has received and which ranges it still misses.</summary>
public sealed record UploadSessionItem(
    Guid Id, Guid? DocumentId, string FileName, long Size, long ReceivedBytes, double Progress, IReadOnlyList<ByteRangeItem> MissingRanges, DateTimeOffset ExpiresAt);

/// <summary>Whom an id in a record names: a user or a service client ("user" / "client") of the tenant.</summary>
public sealed record PersonItem(string Id, string DisplayName, string Kind);

public sealed record PeopleItem(IReadOnlyList<PersonItem> Items);

/// <summary>A user of the administrator's tenant.</summary>
public sealed record UserItem(Guid Id, string Email, string DisplayName, bool Enabled, bool LockedOut, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);

/// <summary>A created user and the one-time link with which they choose their password (the API does not send mail).</summary>
public sealed record InvitedUserItem(UserItem User, Uri SetPasswordLink);

public sealed record RoleItem(Guid Id, string Name, bool BuiltIn);

/// <summary>An integration's client-credentials client.</summary>
public sealed record ServiceClientItem(Guid Id, string ClientId, string DisplayName, IReadOnlyList<string> Roles, bool Enabled, DateTimeOffset CreatedAt);

/// <summary>The secret is in this answer only: the API keeps a hash and cannot show it again.</summary>
public sealed record ServiceClientSecretItem(ServiceClientItem Client, string ClientSecret);

/// <summary>An API answer that was not a success, with the problem details' text when there was one.</summary>
public sealed class StudioApiException(int status, string message, IReadOnlyList<ValidationProblemItem>? problems = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The definition's problems when the API refused it as invalid (422 from publish).</summary>
    public IReadOnlyList<ValidationProblemItem> Problems { get; } = problems ?? [];
}
