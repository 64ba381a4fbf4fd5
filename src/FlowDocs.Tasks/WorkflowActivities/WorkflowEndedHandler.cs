using FlowDocs.Common.Events;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.CancelTask;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Tasks.WorkflowActivities;

/// <summary>An ended workflow's open tasks are cancelled, so nobody works on what no workflow waits for.</summary>
internal sealed class WorkflowEndedHandler(FlowDocsDbContext db, UserTaskCanceller canceller) : IEventHandler<WorkflowInstanceEnded>
{
    public async Task HandleAsync(WorkflowInstanceEnded payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var instanceId = payload.InstanceId.ToString();
        var open = await db.Set<UserTask>().IgnoreQueryFilters()
            .Where(t => t.TenantId == payload.TenantId && t.OriginWorkflowInstanceId == instanceId
                && (t.Status == UserTaskStatus.Open || t.Status == UserTaskStatus.Claimed))
            .Select(t => t.Id).ToListAsync(cancellationToken);
        if (open.Count > 0 && await canceller.CancelOpenAsync(open, TaskActivityInputs.WorkflowActor, payload.Reason ?? (payload.SubStatus == "Cancelled" ? "its workflow was cancelled" : "its workflow finished without it"), cancellationToken) > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
