using System.Text.Json.Nodes;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;
using FlowDocs.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowDocs.Workflows.Tests;

/// <summary>A start runs its first burst in the caller's scope and commits it with the new instance.</summary>
public sealed class InlineStartTests
{
    [Fact]
    public async Task A_start_runs_until_the_first_bookmark_commits_it_and_enqueues_no_job()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .WriteLine("before", "before")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "go"))
            .WriteLine("after", "after")
            .Connect("before", "wait").Connect("wait", "after").Json);

        var id = await harness.StartAsync(version);

        var instance = await harness.InstanceAsync(id);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);
        Assert.Equal(1, instance.BurstCount);
        Assert.Equal(0, harness.Scheduler.BurstsEnqueued);
        Assert.Equal(["before"], await harness.LinesAsync(id));
        var bookmark = Assert.Single(await harness.BookmarksAsync(id));

        // The resume runs the resumed burst inline too: finished by the time the resume returns, no job queued.
        Assert.Equal(ResumeOutcome.Resumed, await harness.ResumeAsync(bookmark.Id));
        Assert.Equal(ResumeOutcome.NotFound, await harness.ResumeAsync(bookmark.Id));
        Assert.Equal(0, harness.Scheduler.BurstsEnqueued);
        Assert.Equal(0, await harness.RunBurstsAsync());

        Assert.Equal(["before", "after"], await harness.LinesAsync(id));
        var finished = await harness.InstanceAsync(id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal(2, finished.BurstCount);
    }

    [Fact]
    public async Task With_inline_bursts_off_a_resume_queues_the_burst_for_a_job()
    {
        await using var harness = new WorkflowHarness(maxActivitiesInline: 0);
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "go"))
            .WriteLine("after", "after")
            .Connect("wait", "after").Json);
        var id = await harness.StartAsync(version);
        Assert.Equal(1, await harness.RunBurstsAsync());
        var bookmark = Assert.Single(await harness.BookmarksAsync(id));

        Assert.Equal(ResumeOutcome.Resumed, await harness.ResumeAsync(bookmark.Id));

        Assert.Equal(WorkflowSubStatus.Pending, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(1, await harness.RunBurstsAsync());
        Assert.Equal(["after"], await harness.LinesAsync(id));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
    }

    [Fact]
    public async Task A_start_stops_at_the_inline_limit_and_a_job_continues_the_instance()
    {
        await using var harness = new WorkflowHarness(maxActivitiesInline: 5);
        var version = await harness.PublishAsync(new FlowBuilder()
            .Variable("I", "Int32", "0")
            .Activity("start", "Elsa.Start")
            .Activity("inc", "Elsa.RunJavaScript", ("script", "Literal", "setI(getI() + 1)"))
            .Activity("more", "Elsa.FlowDecision", ("condition", "JavaScript", "getI() < 20"))
            .Connect("start", "inc").Connect("inc", "more").Connect("more", "inc", "True").Json);

        var id = await harness.StartAsync(version);

        var started = await harness.InstanceAsync(id);
        Assert.Equal(WorkflowSubStatus.Pending, started.SubStatus);
        Assert.Equal(5, (await harness.JournalAsync(id)).Count);
        var queued = Assert.Single(harness.Scheduler.Bursts);
        Assert.Equal(id, queued.Instance);

        Assert.Equal(1, await harness.RunBurstsAsync());
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(20, (await harness.StateAsync(id)).Variables["I"]!.GetValue<double>());
        Assert.Equal(2, (await harness.InstanceAsync(id)).BurstCount);
    }

    [Fact]
    public async Task A_start_that_schedules_a_timer_commits_the_bookmark_before_the_timer_job()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("delay", "Elsa.Delay", ("timeSpan", "Literal", "00:01:00")).WriteLine("after", "later").Connect("delay", "after").Json);

        var id = await harness.StartAsync(version);

        var timer = Assert.Single(harness.Scheduler.Timers);
        var bookmark = Assert.Single(await harness.BookmarksAsync(id));
        Assert.Equal(bookmark.Id, timer.Key);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["later"], await harness.LinesAsync(id));
    }

    [Fact]
    public async Task A_start_whose_caller_dies_mid_burst_leaves_nothing_behind()
    {
        var crash = new CrashOnceActivity();
        await using var harness = new WorkflowHarness(s => s.AddSingleton<IActivity>(crash));
        var version = await harness.PublishAsync(new FlowBuilder()
            .WriteLine("before", "before").Activity("crash", "Test.CrashOnce").Connect("before", "crash").Json);

        await using (var scope = harness.Scope())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(version, null, null, null, crash.Worker.Token));
        }

        await using (var scope = harness.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
            Assert.Equal(0, await db.Set<WorkflowInstance>().CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.Set<WorkflowJournalEntry>().CountAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(0, harness.Scheduler.BurstsEnqueued);
    }

    [Fact]
    public async Task A_start_commits_the_callers_pending_changes_with_the_instance()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder().Activity("wait", "Elsa.Event", ("eventName", "Literal", "later")).Json);
        var staged = Guid.NewGuid();

        Guid id;
        await using (var scope = harness.Scope())
        {
            // Whatever the caller staged (a trigger's own bookkeeping, say) commits in the start's transaction.
            var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
            db.Set<WorkflowJournalEntry>().Add(new WorkflowJournalEntry
            {
                Id = staged,
                TenantId = harness.TenantId,
                InstanceId = Guid.NewGuid(),
                Sequence = 1,
                ActivityId = "caller",
                ActivityType = "Test.Caller",
                EventName = "Staged",
                Timestamp = harness.Time.GetUtcNow().UtcDateTime,
            });
            id = (await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(version, new JsonObject { ["n"] = 1 }, "doc-1", null, CancellationToken.None)).Id;
        }

        await using (var scope = harness.Scope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<WorkflowJournalEntry>().AnyAsync(j => j.Id == staged, TestContext.Current.CancellationToken));
        }

        var instance = await harness.InstanceAsync(id);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);
        Assert.Equal("doc-1", instance.CorrelationId);
        Assert.Equal(1, (await harness.StateAsync(id)).Input["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_inline_burst_whose_time_budget_is_spent_hands_the_rest_to_a_job_on_start_and_on_resume()
    {
        await using var harness = new WorkflowHarness(services => services.Configure<WorkflowRuntimeOptions>(o => o.InlineBudget = TimeSpan.Zero));
        var version = await harness.PublishAsync(new FlowBuilder()
            .WriteLine("a", "a").WriteLine("b", "b")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "go"))
            .WriteLine("c", "c")
            .Connect("a", "b").Connect("b", "wait").Connect("wait", "c").Json);

        var id = await harness.StartAsync(version);

        // One activity ran in the caller; the instance is committed pending and a job runs the rest.
        Assert.Equal(["a"], await harness.LinesAsync(id));
        Assert.Equal(WorkflowSubStatus.Pending, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(1, harness.Scheduler.BurstsEnqueued);
        Assert.Equal(1, await harness.RunBurstsAsync());
        Assert.Equal(["a", "b"], await harness.LinesAsync(id));

        Assert.Equal(ResumeOutcome.Resumed, await harness.ResumeAsync(Assert.Single(await harness.BookmarksAsync(id)).Id));
        Assert.Equal(WorkflowSubStatus.Pending, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(["a", "b"], await harness.LinesAsync(id));
        Assert.Equal(1, await harness.RunBurstsAsync());
        Assert.Equal(["a", "b", "c"], await harness.LinesAsync(id));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
    }

    [Fact]
    public async Task A_start_does_not_wait_in_its_request_for_a_script_slot_a_job_runs_the_script_later()
    {
        // Scripts may run long here (cancelled below), so that the slots stay taken however slow the machine is.
        await using var harness = new WorkflowHarness(services =>
        {
            services.RemoveAll<ExpressionEvaluator>();
            services.AddSingleton(_ => new ExpressionEvaluator(new ScriptLimits(TimeSpan.FromMinutes(2), int.MaxValue, 32L * 1024 * 1024)));
        });
        var evaluator = harness.Services.GetRequiredService<ExpressionEvaluator>();
        using var stop = new CancellationTokenSource();
        var spinners = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount / 2)).Select(_ => Task.Run(async () =>
            await evaluator.EvaluateAsync(new Expression("JavaScript", JsonValue.Create("while (true) {}"), null), new ExpressionScope(new Dictionary<string, JsonNode?>(), [], Guid.NewGuid(), null), stop.Token))).ToList();
        while (!evaluator.IsBusy)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("script", "Elsa.RunJavaScript", ("script", "Literal", "setX(41 + 1)"))
            .Variable("x", "Int32", "0").Json);
        var id = await harness.StartAsync(version);

        // Answered without running the script: the instance is pending, its journal empty, a job queued.
        Assert.Equal(WorkflowSubStatus.Pending, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Empty(await harness.JournalAsync(id));
        Assert.Equal(1, harness.Scheduler.BurstsEnqueued);

        await stop.CancelAsync();
        foreach (var spinner in spinners)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => spinner);
        }

        Assert.False(evaluator.IsBusy);
        Assert.Equal(1, await harness.RunBurstsAsync());
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(42, (await harness.StateAsync(id)).Variables["x"]!.GetValue<long>());
    }
}
