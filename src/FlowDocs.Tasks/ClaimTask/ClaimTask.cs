using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Tasks.ClaimTask;

internal static class ClaimTaskEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/tasks/{id:guid}/claim", ClaimAsync)
            .WithName("ClaimTask")
            .WithSummary("Take an unclaimed task offered to you or your roles; it leaves the others' inboxes.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        routes.MapPost("/tasks/{id:guid}/unclaim", UnclaimAsync)
            .WithName("UnclaimTask")
            .WithSummary("Give a claimed task back to its candidates (the holder or an Admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> ClaimAsync(
        Guid id, FlowDocsDbContext db, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
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

        // Before anything else: an uploader must not hold the review of their own version, not even an Admin
        // taking the administrators' fallback task (they could never complete it).
        if (TaskRules.FourEyesProblem(task, user) is { } fourEyes)
        {
            return ApiProblems.Forbidden(fourEyes);
        }

        if (TaskRules.IsAssignee(task, user))
        {
            return TypedResults.Ok(TaskResponse.From(task, clock.GetUtcNow()));
        }

        if (task.Assignee is not null)
        {
            return ApiProblems.Conflict($"Task {id} is already held by {task.Assignee}.");
        }

        if (!TaskRules.IsCandidate(task, user) && !TaskRules.IsAdmin(user))
        {
            return ApiProblems.Forbidden($"Task {id} is not offered to you or to any of your roles.");
        }

        var now = clock.GetUtcNow();
        TaskRules.Assign(task, user.UserId, now);
        TaskRules.Touch(task, now);
        return await db.TrySaveAsync(cancellationToken)
            ? TypedResults.Ok(TaskResponse.From(task, now))
            : ApiProblems.Conflict(TaskStore.ChangedConcurrently);
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> UnclaimAsync(
        Guid id, FlowDocsDbContext db, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
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
            return ApiProblems.Forbidden($"Only the holder of task {id} or an Admin can give it back.");
        }

        if (task.Assignee is null)
        {
            return ApiProblems.Conflict($"Task {id} is not claimed.");
        }

        if (task.Candidates.Count == 0)
        {
            return ApiProblems.Conflict($"Task {id} has no candidates to give it back to; delegate it to someone instead.");
        }

        var now = clock.GetUtcNow();
        task.Assignee = null;
        task.Status = UserTaskStatus.Open;
        TaskRules.Touch(task, now);
        return await db.TrySaveAsync(cancellationToken)
            ? TypedResults.Ok(TaskResponse.From(task, now))
            : ApiProblems.Conflict(TaskStore.ChangedConcurrently);
    }
}
