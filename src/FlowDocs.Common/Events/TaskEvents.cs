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
    DateTimeOffset CompletedAt);
