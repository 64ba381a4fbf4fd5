using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Workflows.Runtime;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Imports.Runs;

/// <summary>
/// The import module's Hangfire jobs. A run job is safe to run twice (the runner claims the run first); when a workflow
/// waits for the run, the last run of its batch to finish resumes it with the totals.
/// </summary>
public sealed class ImportJobs(IServiceProvider services)
{
    public const string MaintenanceJobId = "imports:maintenance";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid tenantId, Guid runId, CancellationToken cancellationToken)
    {
        services.GetRequiredService<ITenantContext>().Enter(tenantId);
        var run = await services.GetRequiredService<ImportRunner>().RunAsync(runId, cancellationToken);
        if (run?.WorkflowBookmarkId is { } bookmark)
        {
            await ResumeWorkflowAsync(tenantId, bookmark, cancellationToken);
        }
    }

    /// <summary>Re-queues runs whose job was lost and renews change subscriptions (every few minutes).</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(60)]
    public Task MaintainAsync(CancellationToken cancellationToken) => services.GetRequiredService<ImportMaintenance>().RunAsync(cancellationToken);

    private async Task ResumeWorkflowAsync(Guid tenantId, Guid bookmarkId, CancellationToken cancellationToken)
    {
        // Every run commits its own end before looking at the others, so the last one to finish always sees them all done.
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var runs = await db.Set<ImportRun>().AsNoTracking().Where(r => r.WorkflowBookmarkId == bookmarkId).ToListAsync(cancellationToken);
        if (runs.Count == 0 || runs.Any(r => ImportRunResponse.IsActive(r.Status)))
        {
            return;
        }

        var payload = new JsonObject
        {
            ["outcome"] = runs.Any(r => r.Status == ImportRunStatus.Failed) ? "Failed" : "Done",
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)JsonValue.Create(r.Id.ToString()))]),
            ["new"] = runs.Sum(r => r.New),
            ["updated"] = runs.Sum(r => r.Updated),
            ["skipped"] = runs.Sum(r => r.Skipped),
            ["deleted"] = runs.Sum(r => r.Deleted),
            ["failed"] = runs.Sum(r => r.Failed),
        };
        await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().ResumeAsync(bookmarkId, payload, cancellationToken);
    }
}
