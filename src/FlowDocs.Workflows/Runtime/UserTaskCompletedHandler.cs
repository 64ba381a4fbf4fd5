using System.Text.Json.Nodes;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Workflows.Runtime;

/// <summary>
/// Resumes the workflow activity a completed user task belongs to (the event names the instance and activity),
/// with the task's outcome as the port. The event alternative to calling <see cref="WorkflowRuntime.ResumeAsync"/>
/// with the bookmark id; both resume at most once.
/// </summary>
internal sealed class UserTaskCompletedHandler(FlowDocsDbContext db, ITenantContext tenant, WorkflowRuntime runtime) : IEventHandler<UserTaskCompleted>
{
    public async Task HandleAsync(UserTaskCompleted payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!Guid.TryParse(payload.WorkflowInstanceId, out var instanceId) || payload.ActivityId is null)
        {
            return;
        }

        if (tenant.TenantId is null)
        {
            tenant.Enter(payload.TenantId);
        }
        else if (tenant.TenantId != payload.TenantId)
        {
            return;
        }

        var bookmarkId = await db.Set<WorkflowBookmark>().AsNoTracking()
            .Where(b => b.InstanceId == instanceId && b.ActivityId == payload.ActivityId)
            .OrderBy(b => b.CreatedAt).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancellationToken);
        if (bookmarkId is { } id)
        {
            await runtime.ResumeAsync(id, new JsonObject
            {
                ["outcome"] = payload.Outcome,
                ["taskId"] = payload.TaskId.ToString(),
                ["completedBy"] = payload.CompletedBy,
                ["completedAt"] = payload.CompletedAt,
            }, cancellationToken);
        }
    }
}
