using FlowDocs.Common.Documents;
using FlowDocs.Common.Events;
using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Tasks.CompleteTask;

/// <summary>
/// <c>ConfirmNewerVersion</c>: the document got a newer version after the task was created; completing
/// anyway means the decision is about the version the task names, knowingly.
/// </summary>
public sealed record CompleteTaskRequest(string? Outcome, string? Comment, bool ConfirmNewerVersion = false);

internal static class CompleteTaskEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/tasks/{id:guid}/complete", HandleAsync)
            .WithName("CompleteTask")
            .WithSummary("Complete a task with one of its outcomes. Exactly one of racing completions wins; the others get 409.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, CompleteTaskRequest request, FlowDocsDbContext db, ICurrentUser user, IDocumentCatalog documents,
        IEventPublisher events, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await db.FindTaskAsync(id, cancellationToken);
        if (task is null)
        {
            return ApiProblems.NotFound($"Task {id} does not exist.");
        }

        if (TaskRules.ClosedProblem(task) is { } closed)
        {
            return ApiProblems.Conflict(closed);
        }

        // The holder completes; an unclaimed task may be completed directly by anyone it is offered to.
        var mayComplete = TaskRules.IsAssignee(task, user) || (task.Assignee is null && TaskRules.IsCandidate(task, user));
        if (!mayComplete)
        {
            return ApiProblems.Forbidden(task.Assignee is null
                ? $"Task {id} is not offered to you or to any of your roles."
                : $"Task {id} is held by {task.Assignee}; only they can complete it.");
        }

        if (TaskRules.FourEyesProblem(task, user) is { } fourEyes)
        {
            return ApiProblems.Forbidden(fourEyes);
        }

        var outcome = task.Outcomes.FirstOrDefault(o => string.Equals(o, request.Outcome?.Trim(), StringComparison.OrdinalIgnoreCase));
        var errors = new ValidationErrors()
            .Check(outcome is not null, "outcome", $"outcome must be one of: {string.Join(", ", task.Outcomes)}.")
            .Check((request.Comment?.Length ?? 0) <= 4000, "comment", "comment must be at most 4000 characters.");
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        if (!request.ConfirmNewerVersion
            && await documents.FindAsync(task.DocumentId, cancellationToken) is { } document
            && document.CurrentVersionId != task.DocumentVersionId)
        {
            return ApiProblems.Conflict(
                $"Task {id} is about version {task.DocumentVersionNumber}, but the document is now at version {document.CurrentVersionNumber}. " +
                "Review the new version, or complete with confirmNewerVersion=true to decide on the version the task names.");
        }

        var now = clock.GetUtcNow();
        task.Status = UserTaskStatus.Completed;
        task.Assignee ??= user.UserId;
        task.Outcome = outcome;
        task.CompletionComment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        task.CompletedBy = user.UserId;
        task.CompletedAt = now;
        TaskRules.Touch(task, now);
        // Stored with the completion: the workflow waiting on the task resumes even if that fails now (the sweep retries).
        events.Stage(new UserTaskCompleted(task.TenantId, task.Id, task.DocumentId, outcome!, user.UserId, task.OriginWorkflowInstanceId, task.OriginActivityId, now));
        if (!await db.TrySaveAsync(cancellationToken))
        {
            return ApiProblems.Conflict(TaskStore.ChangedConcurrently);
        }

        await events.DispatchAsync(cancellationToken);
        return TypedResults.Ok(TaskResponse.From(task, now));
    }
}
