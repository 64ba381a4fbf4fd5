using System.Text.Json.Nodes;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Model;
using FlowDocs.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Tasks.WorkflowActivities;

/// <summary>A trigger: a task created by a person starts the workflow (correlated by the task id).</summary>
internal sealed class TaskCreatedTrigger : IActivity
{
    public const string TypeName = "FlowDocs.TaskCreated";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, TaskActivityInputs.Category, "Task created",
        "Starts the workflow when someone creates a task on a document; the instance input carries taskId, documentId, assignee, candidateRoles, candidateUsers and createdBy.",
        [
            new InputDescriptor("unassignedOnly", "Boolean", "Only tasks created without an assignee (default true)."),
            new InputDescriptor("candidateRole", "String", "Only tasks offered to this role."),
        ],
        ["Done"], IsTrigger: true);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());

    /// <summary>Whether a trigger node's filters (literal inputs) accept the created task.</summary>
    internal static bool Matches(ActivityNode node, UserTaskCreated created)
    {
        var unassignedOnly = node.InputExpression("unassignedOnly")?.Text.Trim();
        if (!string.Equals(unassignedOnly, "false", StringComparison.OrdinalIgnoreCase) && created.Assignee is not null)
        {
            return false;
        }

        var role = node.InputExpression("candidateRole")?.Text.Trim();
        return string.IsNullOrEmpty(role) || created.CandidateRoles.Contains(role, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>Starts the published workflows whose <c>FlowDocs.TaskCreated</c> trigger accepts the new task.</summary>
internal sealed class TaskCreatedHandler(FlowDocsDbContext db, ITenantContext tenant, WorkflowRuntime runtime) : IEventHandler<UserTaskCreated>
{
    public async Task HandleAsync(UserTaskCreated payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (tenant.TenantId != payload.TenantId)
        {
            return;
        }

        var triggers = await db.Set<WorkflowTrigger>().AsNoTracking().Where(t => t.Name == TaskCreatedTrigger.TypeName).ToListAsync(cancellationToken);
        foreach (var trigger in triggers)
        {
            if (trigger.PayloadJson is null || !TaskCreatedTrigger.Matches(new ActivityNode(JsonNode.Parse(trigger.PayloadJson)!.AsObject()), payload))
            {
                continue;
            }

            var version = await db.Set<WorkflowDefinition>().AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == trigger.DefinitionVersionId && d.IsPublished, cancellationToken);
            if (version is null)
            {
                continue;
            }

            var input = new JsonObject
            {
                ["taskId"] = payload.TaskId.ToString(),
                ["documentId"] = payload.DocumentId.ToString(),
                ["assignee"] = payload.Assignee,
                ["candidateRoles"] = new JsonArray([.. payload.CandidateRoles.Select(r => JsonValue.Create(r))]),
                ["candidateUsers"] = new JsonArray([.. payload.CandidateUsers.Select(u => JsonValue.Create(u))]),
                ["createdBy"] = payload.CreatedBy,
                ["createdAt"] = payload.CreatedAt,
            };
            await runtime.StartAsync(version, input, payload.TaskId.ToString(), trigger.ActivityId, payload.TaskId.ToString(), cancellationToken);
        }
    }
}
