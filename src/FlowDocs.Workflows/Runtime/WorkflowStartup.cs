using FlowDocs.Workflows.Definitions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Workflows.Runtime;

/// <summary>
/// At start-up: loads the shipped definitions, makes the recurring jobs match the published triggers (exactly one per trigger, however often
/// the server restarts), registers the recovery sweep and runs it once.
/// </summary>
internal sealed class WorkflowStartup(IServiceScopeFactory scopes, IRecurringJobManager recurring) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var loading = scopes.CreateAsyncScope())
        {
            await loading.ServiceProvider.GetRequiredService<DefinitionLoader>().LoadAsync(stoppingToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TriggerIndexer>().SynchronizeAllAsync(stoppingToken);
        recurring.AddOrUpdate<WorkflowJobs>(WorkflowJobs.RecoveryJobId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely());
        await scope.ServiceProvider.GetRequiredService<RecoverySweep>().RunAsync(stoppingToken);
    }
}
