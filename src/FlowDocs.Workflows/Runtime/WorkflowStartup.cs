using FlowDocs.Data.RecurringJobs;
using FlowDocs.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Workflows.Runtime;

/// <summary>
/// At start-up: loads the shipped definitions, makes the recurring jobs match the published triggers (exactly one per trigger, however often
/// the server restarts) and runs the recovery sweep once (its recurring job is kept registered by the recurring-job guard).
/// </summary>
internal sealed class WorkflowStartup(IServiceScopeFactory scopes) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var loading = scopes.CreateAsyncScope())
        {
            await loading.ServiceProvider.GetRequiredService<DefinitionLoader>().LoadAsync(stoppingToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TriggerIndexer>().SynchronizeAllAsync(stoppingToken);
        await scope.ServiceProvider.GetRequiredService<RecoverySweep>().RunAsync(stoppingToken);
    }
}

/// <summary>
/// After the job storage lost its data: cron triggers registered again from the published definitions, and pending
/// instances and overdue timers queued again (their jobs went with the storage). Every pending instance, however recent:
/// the storage is new, so no job of any of them is queued; waiting RecoveryAfter for the next sweep would leave work
/// committed just before the restart idle for up to a minute and a half.
/// </summary>
internal sealed class WorkflowJobStorageRecovery(TriggerIndexer triggers, RecoverySweep sweep) : IJobStorageRecovery
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await triggers.SynchronizeAllAsync(cancellationToken);
        await sweep.RunAsync(TimeSpan.Zero, cancellationToken);
    }
}
