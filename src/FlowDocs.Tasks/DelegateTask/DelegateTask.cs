using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Tasks.DelegateTask;

public sealed record DelegateTaskRequest(string? Assignee, string? Comment);

internal static class DelegateTaskEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/tasks/{id:guid}/delegate", HandleAsync)
            .WithName("DelegateTask")
            .WithSummary("Hand a task to another user (its holder, or an Admin for any open task).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, DelegateTaskRequest request, FlowDocsDbContext db, ICurrentUser user, IUserDirectory directory, TimeProvider clock,
        CancellationToken cancellationToken)
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

        if (!TaskRules.IsAssignee(task, user) && !TaskRules.IsAdmin(user))
        {
            return ApiProblems.Forbidden($"Only the holder of task {id} or an Admin can delegate it.");
        }

        var errors = new ValidationErrors()
            .Check(!string.IsNullOrWhiteSpace(request.Assignee), "assignee", "assignee is required.")
            .Check((request.Comment?.Length ?? 0) <= 4000, "comment", "comment must be at most 4000 characters.");
        if (errors.IsEmpty && !await directory.IsActiveUserAsync(request.Assignee!, cancellationToken))
        {
            errors.Add("assignee", $"'{request.Assignee}' is not an active user of this tenant.");
        }
        else if (errors.IsEmpty && string.Equals(task.ExcludedUser, request.Assignee, StringComparison.Ordinal))
        {
            errors.Add("assignee", $"'{request.Assignee}' uploaded version {task.DocumentVersionNumber}, which this task reviews; someone else must decide on it (four eyes).");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        var previous = task.Assignee ?? "nobody";
        TaskRules.Assign(task, request.Assignee!, now);
        TaskRules.Touch(task, now);
        db.Add(new UserTaskComment
        {
            Id = Guid.CreateVersion7(now),
            TaskId = task.Id,
            Author = user.UserId,
            Text = $"Delegated from {previous} to {request.Assignee}." + (string.IsNullOrWhiteSpace(request.Comment) ? string.Empty : $" {request.Comment.Trim()}"),
            CreatedAt = now,
        });
        return await db.TrySaveAsync(cancellationToken)
            ? TypedResults.Ok(TaskResponse.From(task, now))
            : ApiProblems.Conflict(TaskStore.ChangedConcurrently);
    }
}
