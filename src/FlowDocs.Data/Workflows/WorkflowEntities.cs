namespace FlowDocs.Data.Workflows;

/// <summary>
/// One version of a workflow definition. <see cref="Json"/> holds the whole definition in the Elsa 3 export
/// shape (variables, inputs, root flowchart, designer positions) so that unknown properties survive a round trip.
/// </summary>
public sealed class WorkflowDefinition : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Stable across versions.</summary>
    public string DefinitionId { get; set; } = "";

    public int Version { get; set; }

    public bool IsLatest { get; set; }

    public bool IsPublished { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string Json { get; set; } = "";

    /// <summary>SHA-256 of the file a start-up load created this version from; null for edits through the API.</summary>
    public string? SourceHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Who last saved, published or retracted this version (user or client id); "system" for a start-up load.</summary>
    public string? UpdatedBy { get; set; }

    /// <summary>Their display name at the time, for people reading the list.</summary>
    public string? UpdatedByName { get; set; }

    public Guid ConcurrencyStamp { get; set; }
}

public enum WorkflowStatus
{
    Running,
    Finished,
}

public enum WorkflowSubStatus
{
    /// <summary>Has work queued: a burst job must run.</summary>
    Pending,

    /// <summary>A burst is running (only ever seen inside the burst's own transaction).</summary>
    Executing,

    /// <summary>Every path waits on a bookmark.</summary>
    Suspended,
    Finished,
    Cancelled,
    Faulted,

    /// <summary>Ended because a newer version of its document arrived (an approval set to withdraw then).</summary>
    Superseded,
}

/// <summary>A running or finished execution of one definition version; the database is its source of truth.</summary>
public sealed class WorkflowInstance : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string DefinitionId { get; set; } = "";

    public int DefinitionVersion { get; set; }

    /// <summary>The <see cref="WorkflowDefinition.Id"/> of the version this instance runs; it never changes.</summary>
    public Guid DefinitionVersionId { get; set; }

    public string Name { get; set; } = "";

    public WorkflowStatus Status { get; set; }

    public WorkflowSubStatus SubStatus { get; set; }

    public string? CorrelationId { get; set; }

    public const int StartKeyMaxLength = 250;

    /// <summary>
    /// The trigger occurrence that started this instance (definition, trigger activity, occurrence such as the document
    /// version or the event id), unique per tenant: a retried event, a second worker or a replayed webhook finds this
    /// instance instead of starting another. Null for manual starts.
    /// </summary>
    public string? StartKey { get; set; }

    /// <summary>Variables, queued work, join arrivals, incidents (JSON, owned by the runtime).</summary>
    public string StateJson { get; set; } = "{}";

    /// <summary>Set when a parent workflow's <c>Elsa.ExecuteWorkflow</c> waits for this instance.</summary>
    public Guid? ParentBookmarkId { get; set; }

    public Guid? ParentInstanceId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public int BurstCount { get; set; }

    /// <summary>Optimistic concurrency: two writers of one instance cannot both commit.</summary>
    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>Where an instance waits (an event, a timer, a user task, a child workflow). Deleted when resumed.</summary>
public sealed class WorkflowBookmark : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid InstanceId { get; set; }

    public string ActivityId { get; set; } = "";

    /// <summary>What the bookmark waits for, usually the activity type (<c>Elsa.Event</c>, <c>Elsa.Delay</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>Narrows <see cref="Name"/>, e.g. the event name.</summary>
    public string? Key { get; set; }

    public string? CorrelationId { get; set; }

    public string? PayloadJson { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>For timers: when the bookmark resumes by itself.</summary>
    public DateTime? DueAt { get; set; }
}

/// <summary>One line of an instance's journal: what ran, when, with which outcome and how long.</summary>
public sealed class WorkflowJournalEntry : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid InstanceId { get; set; }

    /// <summary>Unique per instance: a replayed burst cannot write the same line twice.</summary>
    public int Sequence { get; set; }

    public string ActivityId { get; set; } = "";

    public string ActivityType { get; set; } = "";

    public string EventName { get; set; } = "";

    public string? Outcome { get; set; }

    public string? Message { get; set; }

    public DateTime Timestamp { get; set; }

    public double DurationMs { get; set; }
}

/// <summary>
/// What starts new instances of a published definition version (cron, event, document version added);
/// rewritten on publish and removed on retract.
/// </summary>
public sealed class WorkflowTrigger : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string DefinitionId { get; set; } = "";

    public Guid DefinitionVersionId { get; set; }

    public string ActivityId { get; set; } = "";

    /// <summary>The trigger activity type, e.g. <c>Elsa.Cron</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Cron expression, event name, ...; null when the trigger has none.</summary>
    public string? Key { get; set; }

    public string? PayloadJson { get; set; }
}
