using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowDocs.Workflows.Runtime;

/// <summary>
/// The engine's Hangfire jobs. Each gets its own DI scope from Hangfire, enters the tenant it was given and
/// is safe to run twice: a burst without pending work, a resumed bookmark or a started trigger occurrence
/// (keyed by its scheduled time) do nothing the second time.
/// </summary>
public sealed partial class WorkflowJobs(IServiceProvider services, ILogger<WorkflowJobs> logger)
{
    public const string RecoveryJobId = "flowdocs-workflows-recovery";

    [AutomaticRetry(Attempts = 3)]
    public async Task RunBurstAsync(Guid tenantId, Guid instanceId, CancellationToken cancellationToken)
    {
        services.GetRequiredService<ITenantContext>().Enter(tenantId);
        await services.GetRequiredService<WorkflowRuntime>().RunBurstAsync(instanceId, cancellationToken);
    }

    public async Task ResumeTimerAsync(Guid tenantId, Guid bookmarkId, CancellationToken cancellationToken)
    {
        services.GetRequiredService<ITenantContext>().Enter(tenantId);
        await services.GetRequiredService<WorkflowRuntime>().ResumeAsync(bookmarkId, [], cancellationToken);
    }

    /// <summary>A cron or timer trigger fired: start one instance of the definition's published version.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task StartFromTriggerAsync(Guid tenantId, string definitionId, string activityId, CancellationToken cancellationToken)
    {
        services.GetRequiredService<ITenantContext>().Enter(tenantId);
        var db = services.GetRequiredService<FlowDocsDbContext>();
        var version = await db.Set<WorkflowDefinition>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished, cancellationToken);
        if (version is null)
        {
            LogTriggerWithoutVersion(logger, definitionId);
            return;
        }

        await services.GetRequiredService<WorkflowRuntime>().StartAsync(version, [], null, activityId, cancellationToken);
    }

    /// <summary>The recurring recovery sweep (and the one at start-up).</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(60)]
    public Task SweepAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<RecoverySweep>().RunAsync(cancellationToken);

    /// <summary>Publishes an event in a tenant (after a burst's <c>Elsa.PublishEvent</c> committed).</summary>
    public static async Task PublishEventInTenantAsync(
        IServiceProvider services, Guid tenantId, string eventName, string? correlationId, JsonObject? payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenantId);
        await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().PublishEventAsync(eventName, correlationId, payload, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Trigger of workflow {DefinitionId} fired but no version is published; skipped")]
    private static partial void LogTriggerWithoutVersion(ILogger logger, string definitionId);
}

/// <summary>
/// Finds work the job system lost (a worker killed mid-burst, Redis flushed): instances pending for longer than
/// a burst takes, and timers past due. Re-enqueuing them is harmless when their job still exists.
/// </summary>
public sealed partial class RecoverySweep(
    FlowDocsDbContext db, IWorkflowScheduler scheduler, TimeProvider time, IOptions<WorkflowRuntimeOptions> options, ILogger<RecoverySweep> logger)
{
    /// <summary>Queues instances pending, and timers overdue, for longer than RecoveryAfter (work whose job is merely queued is left alone).</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken) => RunAsync(options.Value.RecoveryAfter, cancellationToken);

    /// <summary>Queues instances pending, and timers overdue, for longer than <paramref name="pendingFor"/>. Returns how many it queued.</summary>
    public async Task<int> RunAsync(TimeSpan pendingFor, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - pendingFor;
        var pending = await db.Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.SubStatus == WorkflowSubStatus.Pending && i.UpdatedAt <= cutoff)
            .OrderBy(i => i.UpdatedAt).Take(1000)
            .Select(i => new { i.TenantId, i.Id }).ToListAsync(cancellationToken);
        foreach (var instance in pending)
        {
            scheduler.EnqueueBurst(instance.TenantId, instance.Id);
        }

        var overdue = await db.Set<WorkflowBookmark>().IgnoreQueryFilters().AsNoTracking()
            .Where(b => b.DueAt != null && b.DueAt <= cutoff)
            .OrderBy(b => b.DueAt).Take(1000)
            .Select(b => new { b.TenantId, b.Id }).ToListAsync(cancellationToken);
        foreach (var timer in overdue)
        {
            scheduler.ScheduleTimer(timer.TenantId, timer.Id, time.GetUtcNow());
        }

        if (pending.Count + overdue.Count > 0)
        {
            LogRecovered(logger, pending.Count, overdue.Count);
        }

        return pending.Count + overdue.Count;
    }

    [LoggerMessage(LogLevel.Warning, "Recovery sweep re-enqueued {Instances} pending instances and {Timers} overdue timers")]
    private static partial void LogRecovered(ILogger logger, int instances, int timers);
}
