using FlowDocs.Common.Events;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.CancelTask;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Tasks.WorkflowActivities;

/// <summary>A cancelled workflow's open tasks are cancelled too, so nobody works on what no workflow waits for.</summary>
internal sealed class WorkflowCancelledHandler(FlowDocsDbContext db, UserTaskCanceller canceller) : IEventHandler<WorkflowInstanceCancelled>
{
    public async Task HandleAsync(WorkflowInstanceCancelled payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var instanceId = payload.InstanceId.ToString();
        var open = await db.Set<UserTask>().IgnoreQueryFilters()
            .Where(t => t.TenantId == payload.TenantId && t.OriginWorkflowInstanceId == instanceId
                && (t.Status == UserTaskStatus.Open || t.Status == UserTaskStatus.Claimed))
            .Select(t => t.Id).ToListAsync(cancellationToken);
        if (open.Count > 0 && await canceller.CancelOpenAsync(open, TaskActivityInputs.WorkflowActor, "its workflow was cancelled", cancellationToken) > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
