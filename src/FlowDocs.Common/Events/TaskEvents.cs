namespace FlowDocs.Common.Events;

/// <summary>A user task was completed with an outcome; a workflow waiting on it resumes on that port.</summary>
public sealed record UserTaskCompleted(
    Guid TenantId,
    Guid TaskId,
    Guid DocumentId,
    string Outcome,
    string CompletedBy,
    string? WorkflowInstanceId,
    string? ActivityId,
    DateTimeOffset CompletedAt) : ITenantEvent;

/// <summary>
/// A person created a task on a document (workflow-made tasks do not raise it, so a workflow cannot trigger itself);
/// the <c>FlowDocs.TaskCreated</c> trigger starts task-assignment workflows on it.
/// </summary>
public sealed record UserTaskCreated(
    Guid TenantId,
    Guid TaskId,
    Guid DocumentId,
    string? Assignee,
    IReadOnlyList<string> CandidateRoles,
    IReadOnlyList<string> CandidateUsers,
    string CreatedBy,
    DateTimeOffset CreatedAt) : ITenantEvent;
