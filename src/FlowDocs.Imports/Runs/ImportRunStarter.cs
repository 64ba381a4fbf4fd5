using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Imports.Runs;

/// <summary>Queues import runs: at most one active run per source; the run itself happens in a Hangfire job.</summary>
internal sealed class ImportRunStarter(FlowDocsDbContext db, ITenantContext tenant, IBackgroundJobClient jobs, TimeProvider time)
{
    /// <summary>Queues a run of <paramref name="sourceId"/> now (404 unknown source, 409 disabled or already running).</summary>
    public async Task<(ImportRun? Run, ProblemHttpResult? Problem)> StartAsync(Guid sourceId, ImportRunTrigger trigger, string requestedBy, CancellationToken cancellationToken)
    {
        var source = await db.Set<ImportSource>().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return (null, ApiProblems.NotFound($"Import source {sourceId} does not exist."));
        }

        if (!source.Enabled)
        {
            return (null, ApiProblems.Conflict($"Import source '{source.Name}' is disabled; enable it first."));
        }

        if (await ActiveRunAsync(sourceId, cancellationToken) is { } active)
        {
            return (null, ApiProblems.Conflict($"Import source '{source.Name}' already has a {active.Status.ToString().ToLowerInvariant()} run ({active.Id})."));
        }

        var run = NewRun(source, trigger, requestedBy, bookmarkId: null);

        // Touching the source's concurrency token makes two simultaneous "run now" requests collide: one run, one 409.
        source.Revision = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, ApiProblems.Conflict($"Import source '{source.Name}' was changed or started by someone else at the same moment; try again."));
        }

        Enqueue(run);
        return (run, null);
    }

    /// <summary>Adds a queued run to the scoped context without saving (a workflow burst commits it); call <see cref="Enqueue"/> after the commit.</summary>
    public ImportRun NewRun(ImportSource source, ImportRunTrigger trigger, string requestedBy, Guid? bookmarkId)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = time.GetUtcNow();
        var run = new ImportRun
        {
            Id = Guid.CreateVersion7(now),
            SourceId = source.Id,
            Status = ImportRunStatus.Queued,
            Trigger = trigger,
            RequestedBy = requestedBy,
            QueuedAt = now,
            WorkflowBookmarkId = bookmarkId,
        };
        db.Set<ImportRun>().Add(run);
        return run;
    }

    public Task<ImportRun?> ActiveRunAsync(Guid sourceId, CancellationToken cancellationToken) =>
        db.Set<ImportRun>().AsNoTracking()
            .Where(r => r.SourceId == sourceId && (r.Status == ImportRunStatus.Queued || r.Status == ImportRunStatus.Running))
            .OrderByDescending(r => r.QueuedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public void Enqueue(ImportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Runs are queued within a tenant.");
        jobs.Enqueue<ImportJobs>(j => j.RunAsync(tenantId, run.Id, CancellationToken.None));
    }
}
