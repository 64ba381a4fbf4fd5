using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Webhooks;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Imports.Runs;

/// <summary>
/// Finds runs whose job the job system lost (a worker killed, Redis flushed): queued for a while, or running without a
/// heartbeat. Re-queuing is harmless when the job still exists: the runner claims a run only once. Also keeps the
/// change subscriptions of enabled sources alive.
/// </summary>
internal sealed partial class ImportMaintenance(
    FlowDocsDbContext db, IBackgroundJobClient jobs, SubscriptionManager subscriptions, TimeProvider time, ILogger<ImportMaintenance> logger)
{
    public static readonly TimeSpan QueuedTooLong = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queuedBefore = now - QueuedTooLong;
        var staleBefore = now - ImportRunner.StaleAfter;
        var lost = await db.Set<ImportRun>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => (r.Status == ImportRunStatus.Queued && r.QueuedAt < queuedBefore) || (r.Status == ImportRunStatus.Running && r.HeartbeatAt < staleBefore))
            .Select(r => new { r.TenantId, r.Id })
            .ToListAsync(cancellationToken);
        foreach (var run in lost)
        {
            jobs.Enqueue<ImportJobs>(j => j.RunAsync(run.TenantId, run.Id, CancellationToken.None));
        }

        if (lost.Count > 0)
        {
            LogRequeued(logger, lost.Count);
        }

        await subscriptions.MaintainAllAsync(cancellationToken);
        return lost.Count;
    }

    [LoggerMessage(LogLevel.Warning, "Re-queued {Count} import runs whose job was lost")]
    private static partial void LogRequeued(ILogger logger, int count);
}
