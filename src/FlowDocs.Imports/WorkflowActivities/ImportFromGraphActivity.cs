using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Runs;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Expressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Imports.WorkflowActivities;

/// <summary>
/// Imports from OneDrive/SharePoint and waits until the runs have finished: one source by id, or every enabled source
/// whose own schedule is due (so the shipped <c>client-import</c> workflow's cron is the clock, and each source keeps its
/// cadence). The runs are queued in the burst's transaction and run as their own jobs; the last to finish resumes the
/// workflow on <c>Done</c>, or <c>Failed</c> when a run failed as a whole.
/// </summary>
internal sealed class ImportFromGraphActivity : IActivity
{
    public const string TypeName = "FlowDocs.ImportFromGraph";
    public const string Category = "Imports";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, Category, "Import from OneDrive / SharePoint",
        "Runs the Graph delta import of a source (or of every enabled source whose schedule is due) and continues when it has finished.",
        [new InputDescriptor("sourceId", "String", "The import source; empty: every enabled source whose schedule is due.")],
        ["Done", "Failed"]);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.Services.GetRequiredService<FlowDocsDbContext>();
        var starter = context.Services.GetRequiredService<ImportRunStarter>();
        var now = context.Time.GetUtcNow();
        var wanted = await context.EvaluateAsync<string>("sourceId");
        List<ImportSource> sources;
        if (!string.IsNullOrWhiteSpace(wanted))
        {
            if (!Guid.TryParse(wanted, out var id))
            {
                throw new ExpressionException($"Input 'sourceId' must be an import source id, not '{wanted}'.");
            }

            var source = await db.Set<ImportSource>().FirstOrDefaultAsync(s => s.Id == id, context.CancellationToken)
                ?? throw new ExpressionException($"Import source {id} does not exist.");
            sources = source.Enabled ? [source] : [];
        }
        else
        {
            var enabled = await db.Set<ImportSource>().Where(s => s.Enabled).OrderBy(s => s.Name).ToListAsync(context.CancellationToken);
            sources = enabled.Where(s => IsDue(s, now)).ToList();
        }

        var runs = new List<ImportRun>();
        var bookmark = default(Bookmark);
        foreach (var source in sources)
        {
            source.LastScheduledAt = now;
            if (await starter.ActiveRunAsync(source.Id, context.CancellationToken) is { } active)
            {
                context.Log($"Source '{source.Name}' is already importing (run {active.Id}); not started again.");
                continue;
            }

            bookmark ??= context.CreateBookmark(TypeName);
            runs.Add(starter.NewRun(source, ImportRunTrigger.Workflow, $"workflow:{context.InstanceId}", bookmark.Id));
            context.Log($"Importing from '{source.Name}' (run {runs[^1].Id}).");
        }

        if (bookmark is null)
        {
            context.Log("No import source is due.");
            return ActivityResult.Done("Done");
        }

        var tenantId = context.TenantId;
        context.AfterCommit((services, _) =>
        {
            var jobs = services.GetRequiredService<IBackgroundJobClient>();
            foreach (var run in runs)
            {
                jobs.Enqueue<ImportJobs>(j => j.RunAsync(tenantId, run.Id, CancellationToken.None));
            }

            return Task.CompletedTask;
        });
        return ActivityResult.Suspend(bookmark);
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var payload = context.ResumePayload;
        var outcome = payload?["outcome"]?.GetValue<string>() == "Failed" ? "Failed" : "Done";
        context.Log($"Import finished {outcome}: {payload?["new"]} new, {payload?["updated"]} updated, {payload?["skipped"]} skipped, {payload?["deleted"]} deleted, {payload?["failed"]} failed.");
        if (payload is not null)
        {
            context.SetVariable("lastImport", payload.DeepClone());
        }

        return ValueTask.FromResult(ActivityResult.Done(outcome));
    }

    /// <summary>No schedule: due every time. A schedule: due when an occurrence passed since it was last due (or created).</summary>
    internal static bool IsDue(ImportSource source, DateTimeOffset now)
    {
        if (source.Schedule is null)
        {
            return true;
        }

        var cron = TimeInputs.ParseCron(source.Schedule, out _);
        var next = cron?.GetNextOccurrence(source.LastScheduledAt ?? source.CreatedAt, TimeZoneInfo.Utc);
        return next is { } occurrence && occurrence <= now;
    }
}
