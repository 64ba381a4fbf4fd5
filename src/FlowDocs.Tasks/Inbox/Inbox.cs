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
            return ApiProblems.Invalid(page is < 1 ? "page" : "pageSize", pageProblem);
        }

        var now = clock.GetUtcNow();
        var tasks = Query(db, view ?? InboxView.Assigned, user, now);
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

        return TypedResults.Ok(await tasks.Sorted(sort ?? TaskSort.Due).ToPageAsync(db, request, now, cancellationToken));
    }

    /// <summary>
    /// The view's tasks. Offers are found through the candidates' (tenant, offered, key) index, so a view reads
    /// only live offers; "overdue" is the union of two indexed queries rather than one OR that no index serves.
    /// </summary>
    internal static IQueryable<UserTask> Query(FlowDocsDbContext db, InboxView view, ICurrentUser user, DateTimeOffset now)
    {
        var tasks = db.Set<UserTask>();
        var me = user.UserId;
        var keys = TaskRules.CandidateKeys(user);
        // Read from the few live offers for my keys (candidates index) and join the tasks by key, rather than
        // probing the offers once per open task; DISTINCT because a task can be offered to me and to my role.
        var offeredToMe = (
            from c in db.Set<UserTaskCandidate>()
            where c.IsOffered && keys.Contains(c.Key)
            join t in tasks on c.TaskId equals t.Id
            where t.Status == UserTaskStatus.Open && t.Assignee == null
            select t).Distinct();
        var heldByMe = tasks.Where(t => t.Assignee == me && (t.Status == UserTaskStatus.Open || t.Status == UserTaskStatus.Claimed));
        return view switch
        {
            InboxView.Candidate => offeredToMe,
            InboxView.Created => tasks.Where(t => t.CreatedBy == me),
            InboxView.Overdue => heldByMe.Where(t => t.DueAt != null && t.DueAt < now)
                .Union(offeredToMe.Where(t => t.DueAt != null && t.DueAt < now)),
            _ => heldByMe,
        };
    }
}
