using System.Text.Json.Nodes;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Workflows.Activities;

/// <summary>
/// Runs another definition's published version as a child instance. With <c>waitForCompletion</c> (default)
/// the parent waits on a bookmark that the child's final burst resumes in the same transaction, so a crash
/// cannot finish the child without continuing the parent. A child that faults faults this activity (an incident on
/// the parent naming the child's); retrying the parent starts a new child.
/// </summary>
internal sealed class ExecuteWorkflowActivity : IActivity
{
    public const string TypeName = "Elsa.ExecuteWorkflow";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, Categories.Composition, "Execute workflow", "Starts a published workflow as a child and (by default) waits until it finishes.",
        [
            new InputDescriptor("workflowDefinitionId", "String", "The child definition's id.", Required: true),
            new InputDescriptor("input", "Object", "Input of the child instance."),
            new InputDescriptor("waitForCompletion", "Boolean", "Wait for the child to finish (default true)."),
            new InputDescriptor("correlationId", "String", "The child's correlation id; default the parent's."),
        ],
        ["Done"]);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definitionId = await context.EvaluateAsync<string>("workflowDefinitionId");
        if (string.IsNullOrWhiteSpace(definitionId))
        {
            throw new ExpressionException("Input 'workflowDefinitionId' is empty.");
        }

        var wait = await context.EvaluateAsync("waitForCompletion") is not { } waitValue || FlowDecisionActivity.Truthy(waitValue);
        var input = await context.EvaluateAsync("input") as JsonObject;
        var correlationId = await context.EvaluateAsync<string>("correlationId") ?? context.CorrelationId;
        var db = context.Services.GetRequiredService<FlowDocsDbContext>();
        var version = await db.Set<WorkflowDefinition>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished, context.CancellationToken);
        if (version is null)
        {
            return ActivityResult.Fault($"Workflow '{definitionId}' has no published version.");
        }

        var child = context.Services.GetRequiredService<WorkflowRuntime>().Create(version, input, correlationId, null);
        child.ParentInstanceId = context.InstanceId;
        var (tenantId, childId) = (child.TenantId, child.Id);
        context.AfterCommit((services, _) =>
        {
            services.GetRequiredService<IWorkflowScheduler>().EnqueueBurst(tenantId, childId);
            return Task.CompletedTask;
        });
        context.Log($"Started child instance {child.Id} of {definitionId} v{version.Version}.");
        if (!wait)
        {
            return ActivityResult.Done();
        }

        var bookmark = context.CreateBookmark(TypeName, child.Id.ToString());
        child.ParentBookmarkId = bookmark.Id;
        return ActivityResult.Suspend(bookmark);
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ResumePayload?["faulted"] is JsonValue faulted && faulted.TryGetValue<bool>(out var isFaulted) && isFaulted)
        {
            var incident = context.ResumePayload["incident"];
            return ValueTask.FromResult(ActivityResult.FaultRerunOnRetry(
                $"Child instance {context.ResumePayload["instanceId"]} faulted in activity '{incident?["activityId"]}': {incident?["message"]}"));
        }

        if (context.ResumePayload?["output"] is JsonObject output)
        {
            context.Output[context.ActivityId] = output.DeepClone();
        }

        return ValueTask.FromResult(ActivityResult.Done());
    }
}
