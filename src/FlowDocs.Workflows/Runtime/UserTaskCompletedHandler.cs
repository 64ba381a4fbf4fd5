using System.Text.Json.Nodes;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;

namespace FlowDocs.Workflows.Runtime;

/// <summary>
/// Resumes the workflow activity a completed user task belongs to (the event names the instance and activity),
/// with the task's outcome as the port. The event alternative to calling <see cref="WorkflowRuntime.ResumeAsync"/>
/// with the bookmark id; both resume at most once.
/// </summary>
internal sealed class UserTaskCompletedHandler(ITenantContext tenant, WorkflowRuntime runtime) : IEventHandler<UserTaskCompleted>
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

        await runtime.ResumeActivityAsync(instanceId, payload.ActivityId, new JsonObject
        {
            ["outcome"] = payload.Outcome,
            ["taskId"] = payload.TaskId.ToString(),
            ["completedBy"] = payload.CompletedBy,
            ["completedAt"] = payload.CompletedAt,
        }, cancellationToken);
    }
}
