using FlowDocs.Common.Http;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Tasks.Inbox;

/// <summary>The inbox views. Each answers one plain question, so nobody has to know candidate vs assignee queries.</summary>
public enum InboxView
{
    /// <summary>Tasks I hold (assigned to me, or claimed by me) that are still open.</summary>
    Assigned,

    /// <summary>Unclaimed tasks offered to me or to one of my roles: what I could pick up.</summary>
    Candidate,

    /// <summary>Tasks I created, in any status.</summary>
    Created,

    /// <summary>Open tasks past their due date that I hold or could pick up.</summary>
    Overdue,
}

internal static class InboxEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/tasks", HandleAsync)
            .WithName("Inbox")
            .WithSummary("My task inbox: view=Assigned|Candidate|Created|Overdue; filter by status, priority, document; sort Due|Priority|Created; paged.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Ok<PagedList<TaskResponse>>, ProblemHttpResult>> HandleAsync(
        InboxView? view, UserTaskStatus? status, UserTaskPriority? priority, Guid? documentId, TaskSort? sort, int? page, int? pageSize,
        FlowDocsDbContext db, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var request) is { } pageProblem)
        {
            return ApiProblems.Invalid("page", pageProblem);
        }

        var now = clock.GetUtcNow();
        var tasks = Query(db.Set<UserTask>(), view ?? InboxView.Assigned, user, now);
        if (status is { } wantedStatus)
        {
            tasks = tasks.Where(t => t.Status == wantedStatus);
        }

        if (priority is { } wantedPriority)
        {
            tasks = tasks.Where(t => t.Priority == wantedPriority);
        }

        if (documentId is { } wantedDocument)
        {
            tasks = tasks.Where(t => t.DocumentId == wantedDocument);
        }

        return TypedResults.Ok(await tasks.Sorted(sort ?? TaskSort.Due).ToPageAsync(request, now, cancellationToken));
    }

    internal static IQueryable<UserTask> Query(IQueryable<UserTask> tasks, InboxView view, ICurrentUser user, DateTimeOffset now)
    {
        var me = user.UserId;
        var roles = user.Roles.ToList();
        return view switch
        {
            InboxView.Candidate => tasks.Where(t => t.Status == UserTaskStatus.Open && t.Assignee == null
                && t.Candidates.Any(c => (c.Kind == CandidateKind.User && c.Value == me) || (c.Kind == CandidateKind.Role && roles.Contains(c.Value)))),
            InboxView.Created => tasks.Where(t => t.CreatedBy == me),
            InboxView.Overdue => tasks.Where(t => (t.Status == UserTaskStatus.Open || t.Status == UserTaskStatus.Claimed) && t.DueAt != null && t.DueAt < now
                && (t.Assignee == me || (t.Assignee == null && t.Candidates.Any(c =>
                    (c.Kind == CandidateKind.User && c.Value == me) || (c.Kind == CandidateKind.Role && roles.Contains(c.Value)))))),
            _ => tasks.Where(t => t.Assignee == me && (t.Status == UserTaskStatus.Open || t.Status == UserTaskStatus.Claimed)),
        };
    }
}
