using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Tasks.TaskModel;

internal static class TaskStore
{
    /// <summary>The task with its candidates in the current tenant, or null (another tenant's task is not found).</summary>
    public static Task<UserTask?> FindTaskAsync(this FlowDocsDbContext db, Guid id, CancellationToken cancellationToken, bool withComments = false)
    {
        IQueryable<UserTask> tasks = db.Set<UserTask>().Include(t => t.Candidates);
        if (withComments)
        {
            tasks = tasks.Include(t => t.Comments);
        }

        return tasks.AsSplitQuery().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    /// <summary>
    /// Commits a change of one task; false when another request changed the same task first (the concurrency
    /// stamp no longer matches), so the caller answers 409 instead of overwriting the other change.
    /// </summary>
    public static async Task<bool> TrySaveAsync(this FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    public const string ChangedConcurrently = "The task was changed by someone else at the same time; reload it and try again.";
}
