using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Model;
using FlowDocs.Workflows.Runtime;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Workflows.Definitions;

/// <summary>
/// Keeps <see cref="WorkflowTrigger"/> rows and the Hangfire recurring jobs of cron/timer triggers in line with
/// the published versions. Recurring job ids are derived from tenant, definition and activity, so adding
/// them again (every start-up, every publish) updates the one job instead of adding another.
/// </summary>
public sealed class TriggerIndexer(FlowDocsDbContext db, ActivityRegistry registry, IRecurringJobManager recurring, JobStorage storage)
{
    public const string RecurringPrefix = "flowdocs-wf-trigger:";

    public static string RecurringJobId(Guid tenantId, string definitionId, string activityId) =>
        $"{RecurringPrefix}{tenantId:N}:{definitionId}:{activityId}";

    /// <summary>Stages the trigger rows of a version being published (replacing the definition's old ones); call before saving.</summary>
    public async Task<IReadOnlyList<WorkflowTrigger>> StageAsync(WorkflowDefinition version, WorkflowModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(model);
        await RemoveAsync(version.DefinitionId, cancellationToken);
        var triggers = new List<WorkflowTrigger>();
        foreach (var node in model.Root.Activities.Where(a => model.Root.Inbound(a.Id).Count == 0))
        {
            if (registry.Find(node.Type) is not { Descriptor.IsTrigger: true })
            {
                continue;
            }

            var key = node.Type switch
            {
                CronActivity.TypeName => node.InputExpression("cronExpression")?.Text,
                TimerActivity.TypeName => TimeInputs.TryParseTimeSpan(node.InputExpression("interval")?.Text, out var span) ? TimerActivity.ToCron(span) : null,
                EventActivity.TypeName => node.InputExpression("eventName")?.Text,
                _ => null,
            };
            var trigger = new WorkflowTrigger
            {
                Id = Guid.NewGuid(),
                TenantId = version.TenantId,
                DefinitionId = version.DefinitionId,
                DefinitionVersionId = version.Id,
                ActivityId = node.Id,
                Name = node.Type,
                Key = key,
                PayloadJson = node.Json.ToJsonString(),
            };
            db.Set<WorkflowTrigger>().Add(trigger);
            triggers.Add(trigger);
        }

        return triggers;
    }

    /// <summary>Stages removal of a definition's trigger rows and removes its recurring jobs.</summary>
    public async Task RemoveAsync(string definitionId, CancellationToken cancellationToken)
    {
        var old = await db.Set<WorkflowTrigger>().Where(t => t.DefinitionId == definitionId).ToListAsync(cancellationToken);
        foreach (var trigger in old)
        {
            recurring.RemoveIfExists(RecurringJobId(trigger.TenantId, trigger.DefinitionId, trigger.ActivityId));
        }

        db.Set<WorkflowTrigger>().RemoveRange(old);
    }

    /// <summary>After commit: the recurring jobs of these trigger rows.</summary>
    public void Schedule(IEnumerable<WorkflowTrigger> triggers)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        foreach (var trigger in triggers.Where(t => t.Name is CronActivity.TypeName or TimerActivity.TypeName && t.Key is not null))
        {
            var (tenantId, definitionId, activityId) = (trigger.TenantId, trigger.DefinitionId, trigger.ActivityId);
            recurring.AddOrUpdate<WorkflowJobs>(
                RecurringJobId(tenantId, definitionId, activityId),
                j => j.StartFromTriggerAsync(tenantId, definitionId, activityId, CancellationToken.None),
                trigger.Key!,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
    }

    /// <summary>
    /// Start-up: one recurring job per cron/timer trigger of every tenant, and none for triggers that no longer
    /// exist (a definition retracted while the job storage was unreachable).
    /// </summary>
    public async Task SynchronizeAllAsync(CancellationToken cancellationToken)
    {
        var triggers = await db.Set<WorkflowTrigger>().IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.Name == CronActivity.TypeName || t.Name == TimerActivity.TypeName).ToListAsync(cancellationToken);
        Schedule(triggers);
        var wanted = triggers.Select(t => RecurringJobId(t.TenantId, t.DefinitionId, t.ActivityId)).ToHashSet(StringComparer.Ordinal);
        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(RecurringPrefix, StringComparison.Ordinal) && !wanted.Contains(j.Id)))
        {
            recurring.RemoveIfExists(job.Id);
        }
    }
}
