using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Tasks.CancelTask;

public sealed record CancelTaskRequest(string? Reason);

/// <summary>Cancels tasks a workflow no longer needs (e.g. the outstanding reviews once an approval is decided).</summary>
public sealed class UserTaskCanceller(FlowDocsDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Cancels those of <paramref name="taskIds"/> that are still open; returns how many it cancelled. Not saved:
    /// the caller's unit of work (a workflow burst) commits the cancellations with the decision that caused them.
    /// </summary>
    public async Task<int> CancelOpenAsync(IReadOnlyCollection<Guid> taskIds, string by, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var open = await db.Set<UserTask>().Include(t => t.Candidates)
            .Where(t => taskIds.Contains(t.Id) && (t.Status == UserTaskStatus.Open || t.Status == UserTaskStatus.Claimed))
            .ToListAsync(cancellationToken);
        foreach (var task in open)
        {
            Cancel(db, task, by, reason, now);
        }

        return open.Count;
    }

    internal static void Cancel(FlowDocsDbContext db, UserTask task, string by, string reason, DateTimeOffset now)
    {
        task.Status = UserTaskStatus.Cancelled;
        task.CompletedBy = by;
        task.CompletedAt = now;
        TaskRules.Touch(task, now);
        db.Add(new UserTaskComment { Id = Guid.CreateVersion7(now), TaskId = task.Id, Author = by, Text = $"Cancelled: {reason}", CreatedAt = now });
    }
}

internal static class CancelTaskEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/tasks/{id:guid}/cancel", HandleAsync)
            .WithName("CancelTask")
            .WithSummary("Cancel an open task made by hand (its creator or an Admin). A workflow's task ends with its workflow.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, CancelTaskRequest? request, FlowDocsDbContext db, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await db.FindTaskAsync(id, cancellationToken);
        if (task is null)
        {
            return ApiProblems.NotFound($"Task {id} does not exist.");
        }

        if (!string.Equals(task.CreatedBy, user.UserId, StringComparison.Ordinal) && !TaskRules.IsAdmin(user))
        {
            return ApiProblems.Forbidden($"Only the creator of task {id} or an Admin can cancel it.");
        }

        if (TaskRules.ClosedProblem(task) is { } closed)
        {
            return ApiProblems.Conflict(closed);
        }

        if (task.OriginWorkflowInstanceId is not null)
        {
            return ApiProblems.Conflict($"Task {id} belongs to workflow instance {task.OriginWorkflowInstanceId}; cancel the instance instead.");
        }

        if ((request?.Reason?.Length ?? 0) > 1000)
        {
            return ApiProblems.Invalid("reason", "reason must be at most 1000 characters.");
        }

        var now = clock.GetUtcNow();
        UserTaskCanceller.Cancel(db, task, user.UserId, string.IsNullOrWhiteSpace(request?.Reason) ? "no reason given" : request.Reason.Trim(), now);
        return await db.TrySaveAsync(cancellationToken)
            ? TypedResults.Ok(TaskResponse.From(task, now))
            : ApiProblems.Conflict(TaskStore.ChangedConcurrently);
    }
}
