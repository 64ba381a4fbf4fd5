using FlowDocs.Common.Paging;
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
        this IQueryable<UserTask> tasks, PageRequest page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await tasks.Include(t => t.Candidates).AsSplitQuery()
            .Skip(page.Skip).Take(page.PageSize + 1).ToListAsync(cancellationToken);
        return rows.Select(t => TaskResponse.From(t, now)).ToList().ToPage(page);
    }
}
