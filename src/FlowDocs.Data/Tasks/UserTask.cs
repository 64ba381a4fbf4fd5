namespace FlowDocs.Data.Tasks;

public enum UserTaskStatus
{
    Open,
    Claimed,
    Completed,
    Cancelled,
}

public enum UserTaskPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>
/// Work for a person about one exact document version: assigned to a user, or offered to candidates (roles
/// and/or users) until one claims it. Created by a person or by a workflow activity (then the origin names
/// the instance and activity to resume on completion).
/// </summary>
public sealed class UserTask : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DocumentId { get; set; }

    public Guid DocumentVersionId { get; set; }

    public int DocumentVersionNumber { get; set; }

    public string Title { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary>The user who holds the task (assigned, or the candidate who claimed it).</summary>
    public string? Assignee { get; set; }

    /// <summary>When the current assignee got the task (created for them, claimed, delegated or assigned by rule).</summary>
    public DateTimeOffset? AssignedAt { get; set; }

    public UserTaskStatus Status { get; set; }

    public UserTaskPriority Priority { get; set; } = UserTaskPriority.Normal;

    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The outcomes a completer may choose, e.g. Approve / Reject / Request changes.</summary>
    public List<string> Outcomes { get; set; } = [];

    public string? Outcome { get; set; }

    public string? CompletionComment { get; set; }

    public string? OriginWorkflowInstanceId { get; set; }

    public string? OriginActivityId { get; set; }

    /// <summary>One execution of the origin activity: the tasks an approval round created share it.</summary>
    public Guid? OriginActivityRunId { get; set; }

    /// <summary>
    /// Who may not complete the task: the uploader of the version under review (four eyes), unless the
    /// approval allows self-approval.
    /// </summary>
    public string? ExcludedUser { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string? CompletedBy { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes on every write: two racing completions cannot both commit.</summary>
    public Guid ConcurrencyStamp { get; set; }

    public List<UserTaskCandidate> Candidates { get; set; } = [];

    public List<UserTaskComment> Comments { get; set; } = [];
}

public enum CandidateKind
{
    Role,
    User,
}

/// <summary>One role or user a task is offered to; a row each so inbox queries use an index.</summary>
public sealed class UserTaskCandidate : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid TaskId { get; set; }

    public CandidateKind Kind { get; set; }

    public string Value { get; set; } = string.Empty;

    /// <summary><c>role:Reviewer</c> or <c>user:alice</c>: one indexed column answers "offered to me or my roles".</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>True while the task is open and unclaimed: inbox queries then touch only live offers, not history.</summary>
    public bool IsOffered { get; set; }

    /// <summary>
    /// The task's due date, or <see cref="NoDueDate"/>: a copy kept by every task write, so that the inbox reads
    /// a key's offers already in due order from an index instead of sorting every live offer.
    /// </summary>
    public DateTimeOffset DueSort { get; set; } = NoDueDate;

    /// <summary>The task's priority, copied like <see cref="DueSort"/> for the "by priority" order.</summary>
    public UserTaskPriority Priority { get; set; }

    /// <summary>Sorts after every real due date; a whole day before the end of DATETIME so no provider rounds past it.</summary>
    public static DateTimeOffset NoDueDate { get; } = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static string KeyOf(CandidateKind kind, string value) => $"{(kind == CandidateKind.Role ? "role" : "user")}:{value}";
}

public sealed class UserTaskComment : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid TaskId { get; set; }

    public string Author { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}
