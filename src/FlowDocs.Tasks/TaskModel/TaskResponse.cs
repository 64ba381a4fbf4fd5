using FlowDocs.Data.Tasks;

namespace FlowDocs.Tasks.TaskModel;

/// <summary>A task as the API shows it. <c>IsOverdue</c> is computed at read time from the due date.</summary>
public sealed record TaskResponse(
    Guid Id,
    Guid DocumentId,
    Guid DocumentVersionId,
    int DocumentVersionNumber,
    string Title,
    string? Description,
    string? Assignee,
    TaskCandidates Candidates,
    UserTaskStatus Status,
    UserTaskPriority Priority,
    DateTimeOffset? DueAt,
    bool IsOverdue,
    IReadOnlyList<string> Outcomes,
    string? Outcome,
    string? CompletionComment,
    TaskOrigin Origin,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? CompletedBy,
    DateTimeOffset? CompletedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TaskCommentResponse>? Comments,
    string? ExcludedUser = null)
{
    public static TaskResponse From(UserTask task, DateTimeOffset now, bool withComments = false)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskResponse(
            task.Id,
            task.DocumentId,
            task.DocumentVersionId,
            task.DocumentVersionNumber,
            task.Title,
            task.Description,
            task.Assignee,
            new TaskCandidates(
                task.Candidates.Where(c => c.Kind == CandidateKind.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToArray(),
                task.Candidates.Where(c => c.Kind == CandidateKind.User).Select(c => c.Value).Order(StringComparer.Ordinal).ToArray()),
            task.Status,
            task.Priority,
            task.DueAt,
            TaskRules.IsOverdue(task, now),
            task.Outcomes,
            task.Outcome,
            task.CompletionComment,
            task.OriginWorkflowInstanceId is null
                ? new TaskOrigin("person", null, null)
                : new TaskOrigin("workflow", task.OriginWorkflowInstanceId, task.OriginActivityId),
            task.CreatedBy,
            task.CreatedAt,
            task.CompletedBy,
            task.CompletedAt,
            task.UpdatedAt,
            withComments
                ? task.Comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => new TaskCommentResponse(c.Id, c.Author, c.Text, c.CreatedAt)).ToArray()
                : null,
            task.ExcludedUser);
    }
}

public sealed record TaskCandidates(IReadOnlyList<string> Roles, IReadOnlyList<string> Users);

/// <summary>Who made the task: a person (kind <c>person</c>) or a workflow activity (kind <c>workflow</c>).</summary>
public sealed record TaskOrigin(string Kind, string? WorkflowInstanceId, string? ActivityId);

public sealed record TaskCommentResponse(Guid Id, string Author, string Text, DateTimeOffset CreatedAt);
