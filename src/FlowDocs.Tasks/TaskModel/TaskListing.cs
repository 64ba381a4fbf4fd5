using FlowDocs.Common.Paging;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Tasks.TaskModel;

/// <summary>How a task list is ordered; the task id breaks ties so pages never overlap.</summary>
public enum TaskSort
{
    /// <summary>Earliest due date first, tasks without one last; then highest priority.</summary>
    Due,

    /// <summary>Highest priority first; then earliest due date.</summary>
    Priority,

    /// <summary>Newest first.</summary>
    Created,
}

internal static class TaskListing
{
    public static IQueryable<UserTask> Sorted(this IQueryable<UserTask> tasks, TaskSort sort) => sort switch
    {
        TaskSort.Priority => tasks.OrderByDescending(t => t.Priority).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.Id),
        TaskSort.Created => tasks.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        _ => tasks.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenByDescending(t => t.Priority).ThenBy(t => t.Id),
    };

    public static async Task<PagedList<TaskResponse>> ToPageAsync(
        this IQueryable<UserTask> tasks, FlowDocsDbContext db, PageRequest page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await tasks.Skip(page.Skip).Take(page.PageSize + 1).ToListAsync(cancellationToken);
        await LoadCandidatesAsync(db, rows, cancellationToken);
        return rows.Select(t => TaskResponse.From(t, now)).ToList().ToPage(page);
    }

    /// <summary>
    /// One query for the candidates of a whole page (the context fixes them up onto the tracked tasks), so the
    /// list query itself stays a plain indexed range without joins or set operations to include through.
    /// </summary>
    public static async Task LoadCandidatesAsync(FlowDocsDbContext db, IReadOnlyCollection<UserTask> tasks, CancellationToken cancellationToken)
    {
        var ids = tasks.Select(t => t.Id).ToList();
        if (ids.Count > 0)
        {
            await db.Set<UserTaskCandidate>().Where(c => ids.Contains(c.TaskId)).LoadAsync(cancellationToken);
        }
    }
}
