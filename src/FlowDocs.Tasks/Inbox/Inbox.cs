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
using Microsoft.EntityFrameworkCore;

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

/// <summary>What an inbox request asks for.</summary>
internal sealed record InboxFilter(InboxView View, UserTaskStatus? Status, UserTaskPriority? Priority, Guid? DocumentId, TaskSort Sort);

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
        var filter = new InboxFilter(view ?? InboxView.Assigned, status, priority, documentId, sort ?? TaskSort.Due);
        var rows = await ReadPageAsync(db, filter, user, now, request, cancellationToken);
        await TaskListing.LoadCandidatesAsync(db, rows, cancellationToken);
        return TypedResults.Ok(rows.Select(t => TaskResponse.From(t, now)).ToList().ToPage(request));
    }

    /// <summary>
    /// One page of the inbox plus one row (to learn whether more follow). Offers sorted by due date or priority
    /// are read key by key — the caller's own key and one per role — each an index range already in page order
    /// (<c>LIMIT skip + size + 1</c>), then merged; everything else is one indexed query.
    /// </summary>
    internal static async Task<List<UserTask>> ReadPageAsync(
        FlowDocsDbContext db, InboxFilter filter, ICurrentUser user, DateTimeOffset now, PageRequest page, CancellationToken cancellationToken)
    {
        if (filter.View is InboxView.Candidate or InboxView.Overdue && filter.Sort != TaskSort.Created && filter.DocumentId is null)
        {
            return await OffersPageAsync(db, filter, user, now, page, cancellationToken);
        }

        var tasks = Filtered(Query(db, filter.View, user, now), filter);
        return await tasks.Sorted(filter.Sort).Skip(page.Skip).Take(page.PageSize + 1).ToListAsync(cancellationToken);
    }

    private static IQueryable<UserTask> Filtered(IQueryable<UserTask> tasks, InboxFilter filter)
    {
        if (filter.Status is { } wantedStatus)
        {
            tasks = tasks.Where(t => t.Status == wantedStatus);
        }

        if (filter.Priority is { } wantedPriority)
        {
            tasks = tasks.Where(t => t.Priority == wantedPriority);
        }

        if (filter.DocumentId is { } wantedDocument)
        {
            tasks = tasks.Where(t => t.DocumentId == wantedDocument);
        }

        return tasks;
    }

    private static async Task<List<UserTask>> OffersPageAsync(
        FlowDocsDbContext db, InboxFilter filter, ICurrentUser user, DateTimeOffset now, PageRequest page, CancellationToken cancellationToken)
    {
        var limit = page.Skip + page.PageSize + 1;
        var live = LiveOffer();
        var overdue = filter.View == InboxView.Overdue;
        var ranked = new List<(Guid Id, DateTimeOffset Due, UserTaskPriority Priority)>();
        // An offer is an open, unclaimed task: a status filter other than Open leaves no offers.
        if (filter.Status is null or UserTaskStatus.Open)
        {
            foreach (var key in TaskRules.CandidateKeys(user))
            {
                var offers = db.Set<UserTaskCandidate>().Where(c => c.IsOffered == live && c.Key == key);
                if (overdue)
                {
                    offers = offers.Where(c => c.DueSort < now);
                }

                if (filter.Priority is { } wantedPriority)
                {
                    offers = offers.Where(c => c.Priority == wantedPriority);
                }

                offers = filter.Sort == TaskSort.Priority
                    ? offers.OrderByDescending(c => c.Priority).ThenBy(c => c.DueSort).ThenBy(c => c.TaskId)
                    : offers.OrderBy(c => c.DueSort).ThenByDescending(c => c.Priority).ThenBy(c => c.TaskId);
                var rows = await offers.Take(limit).Select(c => new { c.TaskId, c.DueSort, c.Priority }).ToListAsync(cancellationToken);
                ranked.AddRange(rows.Select(r => (r.TaskId, r.DueSort, r.Priority)));
            }
        }

        List<UserTask> held = [];
        if (overdue)
        {
            held = await Filtered(Query(db, InboxView.Assigned, user, now).Where(t => t.DueAt != null && t.DueAt < now), filter)
                .Sorted(filter.Sort).Take(limit).ToListAsync(cancellationToken);
            ranked.AddRange(held.Select(t => (t.Id, t.DueAt ?? UserTaskCandidate.NoDueDate, t.Priority)));
        }

        // A task offered to me and to my role appears under both keys: the first (best ranked) copy counts.
        var ids = ranked.Order(Comparer<(Guid Id, DateTimeOffset Due, UserTaskPriority Priority)>.Create((a, b) => Compare(filter.Sort, a, b)))
            .Select(r => r.Id).Distinct().Skip(page.Skip).Take(page.PageSize + 1).ToList();
        var found = held.Where(t => ids.Contains(t.Id)).ToList();
        var missing = ids.Except(found.Select(t => t.Id)).ToList();
        if (missing.Count > 0)
        {
            // The offer flag follows every task write, but a page shows only what the task itself says is offered.
            found.AddRange(await db.Set<UserTask>()
                .Where(t => missing.Contains(t.Id) && t.Status == UserTaskStatus.Open && t.Assignee == null)
                .ToListAsync(cancellationToken));
        }

        var byId = found.ToDictionary(t => t.Id);
        return ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    /// <summary>
    /// <c>true</c>, as a query parameter (<c>IsOffered = @live</c>): EF writes a constant as the bare column, which
    /// MariaDB does not treat as an equality, so it could not use the candidate key that follows in the index.
    /// </summary>
    private static bool LiveOffer() => true;

    /// <summary>The order of <see cref="TaskListing.Sorted"/> (ids as the databases compare their text), in memory.</summary>
    private static int Compare(TaskSort sort, (Guid Id, DateTimeOffset Due, UserTaskPriority Priority) a, (Guid Id, DateTimeOffset Due, UserTaskPriority Priority) b)
    {
        var byDue = a.Due.CompareTo(b.Due);
        var byPriority = b.Priority.CompareTo(a.Priority);
        var first = sort == TaskSort.Priority ? byPriority : byDue;
        var second = sort == TaskSort.Priority ? byDue : byPriority;
        return first != 0 ? first
            : second != 0 ? second
            : string.Compare(a.Id.ToString(), b.Id.ToString(), StringComparison.OrdinalIgnoreCase);
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
        var live = LiveOffer();
        // Read from the few live offers for my keys (candidates index) and join the tasks by key, rather than
        // probing the offers once per open task; DISTINCT because a task can be offered to me and to my role.
        var offeredToMe = (
            from c in db.Set<UserTaskCandidate>()
            where c.IsOffered == live && keys.Contains(c.Key)
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
