using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowDocs.Workflows.Runtime;

public enum ResumeOutcome
{
    /// <summary>The bookmark was consumed; a burst is queued.</summary>
    Resumed,

    /// <summary>No such bookmark (already resumed, cancelled, or never existed): nothing happened.</summary>
    NotFound,

    /// <summary>The instance is not running (faulted, finished): the bookmark stays.</summary>
    NotRunning,
}

public sealed class WorkflowRuntimeOptions
{
    /// <summary>A burst commits and re-queues itself after this many activity executions, so one job stays short.</summary>
    public int MaxActivitiesPerBurst { get; set; } = 1000;

    /// <summary>
    /// A start runs its first burst in the caller's scope, up to this many activities (and no more than
    /// <see cref="MaxActivitiesPerBurst"/>; 0: never, every start is a job).
    /// Most instances finish or reach their first bookmark within a few activities: running them inline saves the
    /// Hangfire job and the second transaction a queued start costs, and keeps the request short when they do not.
    /// </summary>
    public int MaxActivitiesInline { get; set; } = 100;

    /// <summary>
    /// How long an inline burst may hold its caller (an HTTP request) before the rest of the work goes to a job:
    /// checked between activities, and an activity that needs a script while every script slot is taken
    /// (<see cref="ExpressionEvaluator.IsBusy"/>) or that waits on another system (<see cref="Activities.IActivity.WaitsOnOtherSystems"/>,
    /// an HTTP request) goes to a job at once rather than wait in the request.
    /// </summary>
    public TimeSpan InlineBudget { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most activities an inline burst runs: <see cref="MaxActivitiesInline"/>, never more than a job's burst.</summary>
    public int InlineLimit => Math.Min(MaxActivitiesInline, MaxActivitiesPerBurst);

    /// <summary>
    /// The recovery sweep re-enqueues pending instances untouched for longer than this (and timers this overdue).
    /// Keep it above the longest burst: younger pending work may still have its job queued or running.
    /// </summary>
    public TimeSpan RecoveryAfter { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The engine's entry points, scoped to the caller's tenant: start, resume, cancel, retry, publish events,
/// and run one burst (called by the Hangfire job). The database is the source of truth; Hangfire only
/// carries "run a burst of instance X" and timer wake-ups, both safe to run twice.
/// </summary>
public sealed partial class WorkflowRuntime(
    FlowDocsDbContext db,
    ITenantContext tenant,
    ActivityRegistry activities,
    DefinitionCache definitions,
    ExpressionEvaluator expressions,
    IWorkflowScheduler scheduler,
    HandOffRetries handOffs,
    IInstanceLock locks,
    WorkflowMetrics metrics,
    TimeProvider time,
    IServiceProvider services,
    IOptions<WorkflowRuntimeOptions> options,
    ILogger<WorkflowRuntime> logger)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The scope's event outbox (absent only in hosts without one).</summary>
    private IEventPublisher? Events => services.GetService<IEventPublisher>();

    private Guid TenantId => tenant.TenantId ?? throw new InvalidOperationException("The workflow runtime needs a tenant scope.");

    /// <summary>
    /// Creates an instance of <paramref name="version"/> (a published version) and runs its first burst inline
    /// (up to <see cref="WorkflowRuntimeOptions.MaxActivitiesInline"/> activities), committing the new instance with
    /// that burst's state, journal, bookmarks and staged work in one transaction; a job is enqueued only when work
    /// is left. With inline starts off, the instance is saved pending and its first burst queued.
    /// <paramref name="triggerActivityId"/> starts at that trigger activity instead of the flowchart's start.
    /// </summary>
    public Task<WorkflowInstance> StartAsync(
        WorkflowDefinition version, JsonObject? input, string? correlationId, string? triggerActivityId, CancellationToken cancellationToken) =>
        StartAsync(version, input, correlationId, triggerActivityId, occurrence: null, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(WorkflowDefinition, JsonObject?, string?, string?, CancellationToken)"/>, exactly once per
    /// trigger occurrence: <paramref name="occurrence"/> (the document version, the task, the event id) makes a start key,
    /// unique in the database per definition and trigger activity. A second start of the same occurrence — an event
    /// retried after its handler failed, a second worker, a replayed webhook — returns the instance the first created.
    /// </summary>
    public async Task<WorkflowInstance> StartAsync(
        WorkflowDefinition version, JsonObject? input, string? correlationId, string? triggerActivityId, string? occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var startKey = occurrence is null ? null : StartKeys.For(version.DefinitionId, triggerActivityId, occurrence);
        if (startKey is not null && await FindStartedAsync(startKey, cancellationToken) is { } existing)
        {
            LogAlreadyStarted(logger, existing.Id, startKey);
            return existing;
        }

        var instance = Create(version, input, correlationId, triggerActivityId);
        instance.StartKey = startKey;
        try
        {
            if (options.Value.MaxActivitiesInline == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
                HandOffBurst(instance.TenantId, instance.Id);
                return instance;
            }

            // No lock: until this transaction commits no other process can see the instance, so nothing can race the
            // burst. A crash before the commit leaves nothing behind (the start failed as a whole), one after it leaves
            // the instance pending or waiting, exactly as a burst run by a job would.
            var afterCommit = new List<Func<IServiceProvider, CancellationToken, Task>>();
            await ExecuteBurstAsync(instance, definitions.Get(version), [], options.Value.InlineLimit, afterCommit, Stopwatch.StartNew(), options.Value.InlineBudget, cancellationToken);
            await RunAfterCommitAsync(afterCommit, instance.Id, cancellationToken);
            return instance;
        }
        catch (DbUpdateException) when (startKey is not null)
        {
            // A racing start of the same occurrence committed first (the unique start key refused this one): everything
            // this start staged — its burst's tasks, bookmarks, events — is discarded with it.
            db.ChangeTracker.Clear();
            if (await FindStartedAsync(startKey, cancellationToken) is { } winner)
            {
                LogAlreadyStarted(logger, winner.Id, startKey);
                return winner;
            }

            throw;
        }
    }

    private Task<WorkflowInstance?> FindStartedAsync(string startKey, CancellationToken cancellationToken) =>
        db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.StartKey == startKey, cancellationToken);

    /// <summary>
    /// Hands committed work to the job system. The database already says what is pending, so a failure here (Redis
    /// down or timing out) must not fail the caller — whose change is saved — nor make it try again: this process
    /// tries the hand-off again every few seconds until the job storage takes it (<see cref="HandOffRetries"/>), and the
    /// recovery sweep queues pending instances and overdue timers it finds should the process stop first.
    /// </summary>
    private void HandOff(Guid instanceId, Action<IWorkflowScheduler> enqueue)
    {
        try
        {
            enqueue(scheduler);
        }
#pragma warning disable CA1031 // Whatever the job storage throws, the hand-off is retried and the recovery sweep re-queues from the database.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogHandOffFailed(logger, ex, instanceId);
            handOffs.Add(instanceId, enqueue);
        }
    }

    // The lambdas capture ids only: a hand-off kept for a retry outlives this scope.
    private void HandOffBurst(Guid tenantId, Guid instanceId) => HandOff(instanceId, s => s.EnqueueBurst(tenantId, instanceId));

    private void HandOffTimer(Guid tenantId, Guid instanceId, Guid bookmarkId, DateTimeOffset dueAt) =>
        HandOff(instanceId, s => s.ScheduleTimer(tenantId, bookmarkId, dueAt));

    /// <summary>Adds a new instance to the context without saving (so a caller can commit it with its own changes).</summary>
    internal WorkflowInstance Create(WorkflowDefinition version, JsonObject? input, string? correlationId, string? triggerActivityId)
    {
        var model = definitions.Get(version);
        var state = new InstanceState { Input = input ?? [] };
        foreach (var variable in model.Variables)
        {
            state.Variables[variable.Name] = ExpressionEvaluator.Convert(variable.Value?.DeepClone(), variable.TypeName);
        }

        var start = triggerActivityId ?? model.Root.FindStart()?.Id
            ?? throw new InvalidOperationException($"Definition {version.DefinitionId} v{version.Version} has no start activity.");
        state.Queue.Add(new WorkItem(start, Triggered: triggerActivityId is not null, Payload: triggerActivityId is null ? null : input));
        var now = Now;
        var instance = new WorkflowInstance
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = version.TenantId,
            DefinitionId = version.DefinitionId,
            DefinitionVersion = version.Version,
            DefinitionVersionId = version.Id,
            Name = version.Name,
            Status = WorkflowStatus.Running,
            SubStatus = WorkflowSubStatus.Pending,
            CorrelationId = correlationId,
            StateJson = state.Serialize(),
            CreatedAt = now,
            UpdatedAt = now,
            ConcurrencyStamp = Guid.NewGuid(),
        };
        db.Set<WorkflowInstance>().Add(instance);
        metrics.Started();
        return instance;
    }

    /// <summary>
    /// Resumes the activity waiting on <paramref name="bookmarkId"/> with <paramref name="payload"/> (its
    /// <c>outcome</c> property selects the port by default). Exactly once: of two racing calls one gets
    /// <see cref="ResumeOutcome.Resumed"/>, the other <see cref="ResumeOutcome.NotFound"/>. Changes the caller
    /// made to the scoped <c>FlowDocsDbContext</c> (e.g. completing a task) commit in the same transaction; when the
    /// answer is not <see cref="ResumeOutcome.Resumed"/> nothing was saved and the caller decides what to do with them.
    /// </summary>
    public Task<ResumeOutcome> ResumeAsync(Guid bookmarkId, JsonObject? payload, CancellationToken cancellationToken) =>
        ResumeBookmarkAsync(bookmarkId, payload, runInline: true, cancellationToken);

    /// <summary>
    /// <paramref name="runInline"/> false queues the resumed burst even when inline bursts are on: an event that
    /// resumes many instances at once must not run all of their bursts in its publisher's call.
    /// </summary>
    private async Task<ResumeOutcome> ResumeBookmarkAsync(Guid bookmarkId, JsonObject? payload, bool runInline, CancellationToken cancellationToken)
    {
        var bookmark = await db.Set<WorkflowBookmark>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookmarkId, cancellationToken);
        if (bookmark is null)
        {
            return ResumeOutcome.NotFound;
        }

        using (await locks.AcquireAsync(bookmark.InstanceId, cancellationToken))
        {
            var outcome = await StageResumeAsync(bookmarkId, payload, cancellationToken);
            if (outcome != ResumeOutcome.Resumed)
            {
                return outcome;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another resume (or a burst) committed first: the bookmark is gone or the instance moved on.
                DetachWorkflowEntries();
                return ResumeOutcome.NotFound;
            }
        }

        if (runInline)
        {
            await ContinueAfterResumeAsync(bookmark.TenantId, bookmark.InstanceId, cancellationToken);
        }
        else
        {
            HandOffBurst(bookmark.TenantId, bookmark.InstanceId);
        }

        return ResumeOutcome.Resumed;
    }

    /// <summary>
    /// Resumes whatever bookmark <paramref name="activityId"/> of <paramref name="instanceId"/> waits on, looked up
    /// under the instance lock: a burst that is replacing the activity's bookmarks (a user task's overdue timer
    /// re-arming its completion bookmark) finishes first, so the resume finds the new bookmark instead of none.
    /// </summary>
    public async Task<ResumeOutcome> ResumeActivityAsync(Guid instanceId, string activityId, JsonObject? payload, CancellationToken cancellationToken)
    {
        Guid tenantId;
        using (await locks.AcquireAsync(instanceId, cancellationToken))
        {
            var bookmark = await db.Set<WorkflowBookmark>().AsNoTracking()
                .Where(b => b.InstanceId == instanceId && b.ActivityId == activityId)
                .OrderBy(b => b.DueAt != null).ThenBy(b => b.CreatedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (bookmark is null)
            {
                return ResumeOutcome.NotFound;
            }

            tenantId = bookmark.TenantId;
            var outcome = await StageResumeAsync(bookmark.Id, payload, cancellationToken);
            if (outcome != ResumeOutcome.Resumed)
            {
                return outcome;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                DetachWorkflowEntries();
                return ResumeOutcome.NotFound;
            }
        }

        await ContinueAfterResumeAsync(tenantId, instanceId, cancellationToken);
        return ResumeOutcome.Resumed;
    }

    /// <summary>
    /// After a committed resume: with inline bursts on (<see cref="WorkflowRuntimeOptions.MaxActivitiesInline"/> &gt; 0)
    /// the resumed instance's burst runs here, as a start's does, so a reviewer's decision has moved the workflow on
    /// by the time the caller is answered; otherwise, or when that burst fails, a job runs it. The resume itself is
    /// committed either way.
    /// </summary>
    private async Task ContinueAfterResumeAsync(Guid tenantId, Guid instanceId, CancellationToken cancellationToken)
    {
        if (options.Value.MaxActivitiesInline == 0)
        {
            HandOffBurst(tenantId, instanceId);
            return;
        }

        try
        {
            await RunBurstAsync(instanceId, inline: true, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            HandOffBurst(tenantId, instanceId);
            throw;
        }
#pragma warning disable CA1031 // The resume is committed; its burst is handed to a job instead of failing the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogInlineBurstFailed(logger, ex, instanceId);
            HandOffBurst(tenantId, instanceId);
        }
    }

    /// <summary>Stages a resume in the context without saving; the caller saves (and enqueues the burst).</summary>
    private async Task<ResumeOutcome> StageResumeAsync(Guid bookmarkId, JsonObject? payload, CancellationToken cancellationToken)
    {
        var bookmark = await db.Set<WorkflowBookmark>().FirstOrDefaultAsync(b => b.Id == bookmarkId, cancellationToken);
        if (bookmark is null)
        {
            return ResumeOutcome.NotFound;
        }

        var instance = await db.Set<WorkflowInstance>().FirstOrDefaultAsync(i => i.Id == bookmark.InstanceId, cancellationToken);
        if (instance is null || instance.Status != WorkflowStatus.Running)
        {
            return instance is null ? ResumeOutcome.NotFound : ResumeOutcome.NotRunning;
        }

        // The first bookmark resumed continues the activity; its other bookmarks (e.g. a timeout) go.
        var siblings = await db.Set<WorkflowBookmark>()
            .Where(b => b.InstanceId == bookmark.InstanceId && b.ActivityId == bookmark.ActivityId)
            .ToListAsync(cancellationToken);
        db.Set<WorkflowBookmark>().RemoveRange(siblings);
        var state = InstanceState.Deserialize(instance.StateJson);
        state.Queue.Add(new WorkItem(bookmark.ActivityId, BookmarkId: bookmark.Id, Payload: payload ?? []));
        instance.StateJson = state.Serialize();
        instance.SubStatus = WorkflowSubStatus.Pending;
        instance.UpdatedAt = Now;
        instance.ConcurrencyStamp = Guid.NewGuid();
        return ResumeOutcome.Resumed;
    }

    /// <summary>Ends an instance and drops its bookmarks; false when it had already ended.</summary>
    public Task<bool> CancelAsync(Guid instanceId, CancellationToken cancellationToken) =>
        EndAsync(instanceId, WorkflowSubStatus.Cancelled, null, cancellationToken);

    /// <summary>
    /// Ends a running instance from outside as <paramref name="subStatus"/> (Cancelled or Superseded) and drops its
    /// bookmarks; <paramref name="reason"/> goes to the instance and to the tasks it leaves. False when it had already ended.
    /// </summary>
    public async Task<bool> EndAsync(Guid instanceId, WorkflowSubStatus subStatus, string? reason, CancellationToken cancellationToken)
    {
        Guid tenantOf;
        var events = Events;
        using (await locks.AcquireAsync(instanceId, cancellationToken))
        {
            var instance = await db.Set<WorkflowInstance>().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
            if (instance is null || instance.Status == WorkflowStatus.Finished)
            {
                return false;
            }

            tenantOf = instance.TenantId;
            var state = InstanceState.Deserialize(instance.StateJson);
            state.Queue.Clear();
            state.EndReason = reason;
            instance.StateJson = state.Serialize();
            instance.Status = WorkflowStatus.Finished;
            instance.SubStatus = subStatus;
            instance.FinishedAt = instance.UpdatedAt = Now;
            instance.ConcurrencyStamp = Guid.NewGuid();

            // Loaded and removed (not ExecuteDelete): Oracle's provider writes a DELETE ... AS alias that MariaDB rejects.
            db.Set<WorkflowBookmark>().RemoveRange(await db.Set<WorkflowBookmark>().Where(b => b.InstanceId == instanceId).ToListAsync(cancellationToken));
            events?.Stage(new WorkflowInstanceEnded(tenantOf, instanceId, subStatus.ToString(), Now, reason));
            await db.SaveChangesAsync(cancellationToken);
            metrics.Cancelled();
        }

        // Outside the lock: handlers (the tasks module cancelling the instance's open tasks) run their own saves.
        if (events is not null)
        {
            await events.DispatchAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>Puts a faulted instance's faulted activity back on the queue; false when it is not faulted.</summary>
    public async Task<bool> RetryAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(instanceId, cancellationToken))
        {
            var instance = await db.Set<WorkflowInstance>().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
            if (instance is null || instance.SubStatus != WorkflowSubStatus.Faulted)
            {
                return false;
            }

            var state = InstanceState.Deserialize(instance.StateJson);
            if (state.FaultedItem is not null)
            {
                state.Queue.Insert(0, state.FaultedItem);
                state.FaultedItem = null;
            }

            instance.StateJson = state.Serialize();
            instance.Status = WorkflowStatus.Running;
            instance.SubStatus = WorkflowSubStatus.Pending;
            instance.FinishedAt = null;
            instance.UpdatedAt = Now;
            instance.ConcurrencyStamp = Guid.NewGuid();
            await db.SaveChangesAsync(cancellationToken);
        }

        HandOffBurst(TenantId, instanceId);
        return true;
    }

    /// <summary>
    /// Delivers a named event: resumes every <c>Elsa.Event</c> bookmark waiting for it (only those with the same
    /// correlation id when one is given) and starts every published definition it triggers.
    /// </summary>
    public async Task<(int Resumed, int Started)> PublishEventAsync(
        string eventName, string? correlationId, JsonObject? payload, CancellationToken cancellationToken)
    {
        var query = db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.Name == EventActivity.TypeName && b.Key == eventName);
        if (correlationId is not null)
        {
            query = query.Where(b => b.CorrelationId == correlationId);
        }

        var resumed = 0;
        foreach (var id in await query.Select(b => b.Id).ToListAsync(cancellationToken))
        {
            if (await ResumeBookmarkAsync(id, payload is null ? new JsonObject() : (JsonObject)payload.DeepClone(), runInline: false, cancellationToken) == ResumeOutcome.Resumed)
            {
                resumed++;
            }
        }

        var started = 0;
        var triggers = await db.Set<WorkflowTrigger>().AsNoTracking()
            .Where(t => t.Name == EventActivity.TypeName && t.Key == eventName).ToListAsync(cancellationToken);
        foreach (var trigger in triggers)
        {
            var version = await db.Set<WorkflowDefinition>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == trigger.DefinitionVersionId, cancellationToken);
            if (version is { IsPublished: true })
            {
                await StartAsync(version, payload is null ? null : (JsonObject)payload.DeepClone(), correlationId, trigger.ActivityId, cancellationToken);
                started++;
            }
        }

        return (resumed, started);
    }

    /// <summary>
    /// Runs one burst of an instance: queued activities until the queue is empty (or the burst limit), then
    /// commits state, journal, bookmarks and the work other modules staged in one transaction. A second run
    /// finds no pending work and does nothing; a lost race discards the burst and runs it again.
    /// </summary>
    public Task<BurstResult> RunBurstAsync(Guid instanceId, CancellationToken cancellationToken) =>
        RunBurstAsync(instanceId, inline: false, cancellationToken);

    /// <summary><paramref name="inline"/>: the caller is a request, held for at most the inline activity count and time budget.</summary>
    private async Task<BurstResult> RunBurstAsync(Guid instanceId, bool inline, CancellationToken cancellationToken)
    {
        BurstResult result;
        var afterCommit = new List<Func<IServiceProvider, CancellationToken, Task>>();
        using (await locks.AcquireAsync(instanceId, cancellationToken))
        {
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                afterCommit.Clear();
                try
                {
                    result = await RunBurstOnceAsync(instanceId, inline, afterCommit, cancellationToken);
                    break;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 5)
                {
                    LogBurstConflict(logger, instanceId, attempt);
                }
            }
        }

        // Outside the lock: a follow-up may resume this very instance (an event it publishes to itself).
        await RunAfterCommitAsync(afterCommit, instanceId, cancellationToken);
        return result;
    }

    private async Task RunAfterCommitAsync(List<Func<IServiceProvider, CancellationToken, Task>> afterCommit, Guid instanceId, CancellationToken cancellationToken)
    {
        foreach (var action in afterCommit)
        {
            try
            {
                await action(services, cancellationToken);
            }
#pragma warning disable CA1031 // The burst is committed; a failed follow-up is logged, not undone.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogAfterCommitFailed(logger, ex, instanceId);
            }
        }
    }

    private async Task<BurstResult> RunBurstOnceAsync(
        Guid instanceId, bool inline, List<Func<IServiceProvider, CancellationToken, Task>> afterCommit, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var instance = await db.Set<WorkflowInstance>().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null || instance.SubStatus != WorkflowSubStatus.Pending)
        {
            return new BurstResult(instance?.SubStatus, 0);
        }

        var model = await definitions.GetRunningAsync(
            instance.DefinitionVersionId,
            (id, ct) => db.Set<WorkflowDefinition>().AsNoTracking().FirstAsync(d => d.Id == id, ct),
            cancellationToken);
        var bookmarks = await db.Set<WorkflowBookmark>().Where(b => b.InstanceId == instanceId).ToListAsync(cancellationToken);
        var maxActivities = inline ? options.Value.InlineLimit : options.Value.MaxActivitiesPerBurst;
        return await ExecuteBurstAsync(instance, model, bookmarks, maxActivities, afterCommit, stopwatch, inline ? options.Value.InlineBudget : null, cancellationToken);
    }

    /// <summary>
    /// Runs queued activities of <paramref name="instance"/> (tracked, or added and not yet saved) until the queue is
    /// empty or <paramref name="maxActivities"/> ran, then commits it with its journal, bookmarks and staged work.
    /// </summary>
    private async Task<BurstResult> ExecuteBurstAsync(
        WorkflowInstance instance, WorkflowModel model, List<WorkflowBookmark> bookmarks, int maxActivities,
        List<Func<IServiceProvider, CancellationToken, Task>> afterCommit, Stopwatch stopwatch, TimeSpan? inlineBudget, CancellationToken cancellationToken)
    {
        var state = InstanceState.Deserialize(instance.StateJson);
        var timers = new List<WorkflowBookmark>();
        var executed = 0;
        var finished = false;
        var faulted = false;

        while (state.Queue.Count > 0 && executed < maxActivities)
        {
            if (inlineBudget is { } budget && YieldsToJob(model, state.Queue[0], budget, stopwatch, executed))
            {
                // The caller is answered now; the instance stays pending and a job runs the rest.
                break;
            }

            var item = state.Queue[0];
            state.Queue.RemoveAt(0);
            var node = model.Root.Find(item.ActivityId);
            if (node is null)
            {
                Fault(state, item, item.ActivityId, "", $"Activity '{item.ActivityId}' does not exist in the definition.", null);
                faulted = true;
                break;
            }

            if (node.Type == FlowJoinActivity.TypeName && item.BookmarkId is null && !JoinFires(model, node, item, state, bookmarks))
            {
                continue;
            }

            var activity = activities.Find(node.Type);
            if (activity is null)
            {
                Fault(state, item, node.Id, node.Type, $"Activity type '{node.Type}' is not registered.", null);
                faulted = true;
                break;
            }

            var context = new ActivityExecutionContext(services, time, expressions, state, model, node, item, instance.TenantId, instance.Id, instance.CorrelationId, afterCommit, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            ActivityResult result;
            try
            {
                result = item.BookmarkId is null ? await activity.ExecuteAsync(context) : await activity.ResumeAsync(context);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The worker is stopping: nothing is committed, the recovery sweep runs the burst again.
                throw;
            }
#pragma warning disable CA1031 // An activity's failure is recorded as an incident, whatever it is.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result = ActivityResult.Fault(ex.Message);
                Fault(state, item, node.Id, node.Type, ex.Message, ex.GetType().Name);
                Journal(instance, state, node, "Faulted", null, ex.Message, started);
                faulted = true;
                executed++;
                break;
            }

            executed++;
            var message = context.LogLines.Count > 0 ? string.Join('\n', context.LogLines) : null;
            switch (result.Kind)
            {
                case ActivityResultKind.Done:
                    Journal(instance, state, node, item.BookmarkId is null ? "Executed" : "Resumed", string.Join(',', result.Outcomes), message, started);
                    foreach (var outcome in result.Outcomes)
                    {
                        foreach (var (index, connection) in model.Root.Outbound(node.Id, outcome))
                        {
                            state.Queue.Add(new WorkItem(connection.Target.Activity, Via: index));
                        }
                    }

                    break;
                case ActivityResultKind.Suspend:
                    Journal(instance, state, node, "Suspended", result.Outcomes.Count == 0 ? null : string.Join(',', result.Outcomes), message, started);
                    foreach (var outcome in result.Outcomes)
                    {
                        foreach (var (index, connection) in model.Root.Outbound(node.Id, outcome))
                        {
                            state.Queue.Add(new WorkItem(connection.Target.Activity, Via: index));
                        }
                    }

                    foreach (var bookmark in result.Bookmarks)
                    {
                        var row = new WorkflowBookmark
                        {
                            Id = bookmark.Id,
                            TenantId = instance.TenantId,
                            InstanceId = instance.Id,
                            ActivityId = node.Id,
                            Name = bookmark.Name,
                            Key = bookmark.Key,
                            CorrelationId = instance.CorrelationId,
                            PayloadJson = bookmark.Payload?.ToJsonString(),
                            CreatedAt = Now,
                            DueAt = bookmark.DueAt?.UtcDateTime,
                        };
                        db.Set<WorkflowBookmark>().Add(row);
                        bookmarks.Add(row);
                        if (row.DueAt is not null)
                        {
                            timers.Add(row);
                        }
                    }

                    break;
                case ActivityResultKind.Fault:
                    Journal(instance, state, node, "Faulted", null, result.Message, started);
                    Fault(state, result.RerunOnRetry ? item with { BookmarkId = null, Payload = null } : item, node.Id, node.Type, result.Message ?? "Faulted", null);
                    faulted = true;
                    break;
                case ActivityResultKind.Finish:
                    Journal(instance, state, node, "Executed", null, message, started);
                    finished = true;
                    break;
            }

            if (faulted || finished)
            {
                break;
            }
        }

        var now = Now;
        if (faulted)
        {
            instance.Status = WorkflowStatus.Finished;
            instance.SubStatus = WorkflowSubStatus.Faulted;
            instance.FinishedAt = now;
            if (instance.ParentBookmarkId is { } parentBookmark)
            {
                // A parent waiting on a child that faulted would wait forever: its Elsa.ExecuteWorkflow faults too,
                // in this transaction, so an operator sees the incident on both and retrying the parent starts a new child.
                var incident = state.Incidents[^1];
                var fault = new JsonObject
                {
                    ["instanceId"] = instance.Id.ToString(),
                    ["faulted"] = true,
                    ["incident"] = new JsonObject { ["activityId"] = incident.ActivityId, ["activityType"] = incident.ActivityType, ["message"] = incident.Message },
                };
                await ResumeParentAsync(instance, parentBookmark, fault, afterCommit, cancellationToken);
            }
        }
        else if (finished || (state.Queue.Count == 0 && bookmarks.Count == 0))
        {
            state.Queue.Clear();
            state.JoinArrivals.Clear();
            db.Set<WorkflowBookmark>().RemoveRange(bookmarks.Where(b => db.Entry(b).State != EntityState.Added));
            foreach (var added in bookmarks.Where(b => db.Entry(b).State == EntityState.Added))
            {
                db.Entry(added).State = EntityState.Detached;
            }

            timers.Clear();
            instance.Status = WorkflowStatus.Finished;
            instance.SubStatus = state.EndReason is null ? WorkflowSubStatus.Finished : WorkflowSubStatus.Superseded;
            instance.FinishedAt = now;
            if (Events is { } events)
            {
                // Committed with the burst; dispatched once it has committed.
                events.Stage(new WorkflowInstanceEnded(instance.TenantId, instance.Id, instance.SubStatus.ToString(), now, state.EndReason));
                afterCommit.Add((_, ct) => events.DispatchAsync(ct));
            }
            if (instance.ParentBookmarkId is { } parentBookmark)
            {
                var output = new JsonObject { ["instanceId"] = instance.Id.ToString(), ["output"] = state.Output.DeepClone(), ["variables"] = JsonSerializer.SerializeToNode(state.Variables) };
                await ResumeParentAsync(instance, parentBookmark, output, afterCommit, cancellationToken);
            }
        }
        else
        {
            instance.SubStatus = state.Queue.Count > 0 ? WorkflowSubStatus.Pending : WorkflowSubStatus.Suspended;
        }

        instance.StateJson = state.Serialize();
        instance.UpdatedAt = now;
        instance.BurstCount++;
        instance.ConcurrencyStamp = Guid.NewGuid();

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

        foreach (var timer in timers)
        {
            HandOffTimer(instance.TenantId, instance.Id, timer.Id, new DateTimeOffset(DateTime.SpecifyKind(timer.DueAt!.Value, DateTimeKind.Utc)));
        }

        if (instance.SubStatus == WorkflowSubStatus.Pending)
        {
            HandOffBurst(instance.TenantId, instance.Id);
        }

        metrics.Burst(executed, stopwatch.Elapsed.TotalMilliseconds, instance.SubStatus);
        return new BurstResult(instance.SubStatus, executed);
    }

    /// <summary>
    /// Whether an inline burst stops before <paramref name="next"/>: its time budget is spent (after at least one activity),
    /// or the activity needs a script while every script slot is taken — waiting for one would hold the request.
    /// </summary>
    private bool YieldsToJob(WorkflowModel model, WorkItem next, TimeSpan budget, Stopwatch stopwatch, int executed)
    {
        if (executed > 0 && stopwatch.Elapsed >= budget)
        {
            return true;
        }

        var node = model.Root.Find(next.ActivityId);
        return (expressions.IsBusy && node is { RunsScript: true })
            || (node is not null && next.BookmarkId is null && activities.Find(node.Type) is { WaitsOnOtherSystems: true });
    }

    /// <summary>Stages the parent's resume in the child's final transaction; its burst is queued once that commits.</summary>
    private async Task ResumeParentAsync(
        WorkflowInstance child, Guid parentBookmark, JsonObject payload, List<Func<IServiceProvider, CancellationToken, Task>> afterCommit, CancellationToken cancellationToken)
    {
        if (await StageResumeAsync(parentBookmark, payload, cancellationToken) == ResumeOutcome.Resumed)
        {
            var parentId = child.ParentInstanceId ?? Guid.Empty;
            var tenantId = child.TenantId;
            afterCommit.Add((_, _) =>
            {
                HandOffBurst(tenantId, parentId);
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>
    /// Counts an arrival at a join. WaitAll fires once every inbound connection has arrived; WaitAny fires on
    /// the first and cancels the other inbound paths (their queued work and bookmarks).
    /// </summary>
    private bool JoinFires(WorkflowModel model, ActivityNode join, WorkItem item, InstanceState state, List<WorkflowBookmark> bookmarks)
    {
        var inbound = model.Root.Inbound(join.Id);
        if (!state.JoinArrivals.TryGetValue(join.Id, out var arrived))
        {
            arrived = [];
            state.JoinArrivals[join.Id] = arrived;
        }

        if (item.Via is { } via && !arrived.Contains(via))
        {
            arrived.Add(via);
        }

        if (FlowJoinActivity.IsWaitAny(join))
        {
            var upstream = model.Root.Ancestors(join.Id);
            state.Queue.RemoveAll(w => w.ActivityId == join.Id || (upstream.Contains(w.ActivityId) && !IsDownstreamOf(model, join.Id, w.ActivityId)));
            foreach (var bookmark in bookmarks.Where(b => upstream.Contains(b.ActivityId)).ToList())
            {
                if (db.Entry(bookmark).State == EntityState.Added)
                {
                    db.Entry(bookmark).State = EntityState.Detached;
                }
                else
                {
                    db.Set<WorkflowBookmark>().Remove(bookmark);
                }

                bookmarks.Remove(bookmark);
            }

            state.JoinArrivals.Remove(join.Id);
            return true;
        }

        if (inbound.All(arrived.Contains))
        {
            state.JoinArrivals.Remove(join.Id);
            return true;
        }

        return false;
    }

    // In a loop the join's own downstream is also its upstream; work already past the join is not cancelled.
    private static bool IsDownstreamOf(WorkflowModel model, string joinId, string activityId) =>
        model.Root.Ancestors(activityId).Contains(joinId) && !model.Root.Ancestors(joinId).Contains(activityId);

    private void Fault(InstanceState state, WorkItem item, string activityId, string activityType, string message, string? exceptionType)
    {
        state.Incidents.Add(new Incident(activityId, activityType, message, exceptionType, Now));
        state.FaultedItem = item;
    }

    private void Journal(WorkflowInstance instance, InstanceState state, ActivityNode node, string eventName, string? outcome, string? message, long startedTimestamp)
    {
        db.Set<WorkflowJournalEntry>().Add(new WorkflowJournalEntry
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = instance.TenantId,
            InstanceId = instance.Id,
            Sequence = ++state.JournalSequence,
            ActivityId = node.Id,
            ActivityType = node.Type,
            EventName = eventName,
            Outcome = outcome is { Length: > 100 } ? outcome[..100] : outcome,
            Message = message is { Length: > 4000 } ? message[..4000] : message,
            Timestamp = Now,
            DurationMs = Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds,
        });
    }

    private void DetachWorkflowEntries()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is WorkflowInstance or WorkflowBookmark).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    [LoggerMessage(LogLevel.Information, "Burst of workflow instance {InstanceId} lost a race (attempt {Attempt}); running it again")]
    private static partial void LogBurstConflict(ILogger logger, Guid instanceId, int attempt);

    [LoggerMessage(LogLevel.Warning, "Inline burst of resumed workflow instance {InstanceId} failed; a job runs it")]
    private static partial void LogInlineBurstFailed(ILogger logger, Exception exception, Guid instanceId);

    [LoggerMessage(LogLevel.Information, "Workflow instance {InstanceId} already started for {StartKey}; not started again")]
    private static partial void LogAlreadyStarted(ILogger logger, Guid instanceId, string startKey);

    [LoggerMessage(LogLevel.Warning, "Work of workflow instance {InstanceId} is committed but could not be queued; retried every few seconds (and the recovery sweep queues it)")]
    private static partial void LogHandOffFailed(ILogger logger, Exception exception, Guid instanceId);

    [LoggerMessage(LogLevel.Error, "A follow-up action of workflow instance {InstanceId} failed after commit")]
    private static partial void LogAfterCommitFailed(ILogger logger, Exception exception, Guid instanceId);
}

/// <summary>What a burst left behind: the instance's sub-status (null: no such instance) and how many activities ran.</summary>
public sealed record BurstResult(WorkflowSubStatus? SubStatus, int Executed);
