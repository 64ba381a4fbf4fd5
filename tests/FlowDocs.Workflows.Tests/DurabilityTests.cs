using System.Diagnostics.Metrics;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Workflows.Tests;

/// <summary>Stands in for a worker process dying mid-burst: the first execution cancels the burst's token and throws.</summary>
internal sealed class CrashOnceActivity : IActivity
{
    public CancellationTokenSource Worker { get; set; } = new();

    public int Executions;

    public ActivityDescriptor Descriptor { get; } = new("Test.CrashOnce", "Test", "Crash once", "Kills the worker the first time.", [], ["Done"]);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (Interlocked.Increment(ref Executions) == 1)
        {
            Worker.Cancel();
            context.CancellationToken.ThrowIfCancellationRequested();
        }

        return ValueTask.FromResult(ActivityResult.Done());
    }
}

public sealed class DurabilityTests
{
    [Fact]
    public async Task Delay_waits_on_a_timer_and_continues_when_it_is_due()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("delay", "Elsa.Delay", ("timeSpan", "Literal", "00:05:00")).WriteLine("after", "later").Connect("delay", "after").Json);
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();

        var timer = Assert.Single(harness.Scheduler.Timers);
        Assert.Equal(harness.Time.GetUtcNow().AddMinutes(5), timer.Value.DueAt);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(id)).SubStatus);

        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(["later"], await harness.LinesAsync(id));
    }

    [Fact]
    public async Task Recovery_sweep_reenqueues_pending_instances_and_overdue_timers_whose_jobs_were_lost()
    {
        // Starts queued as jobs, so that a start's job can be lost.
        await using var harness = new WorkflowHarness(maxActivitiesInline: 0);
        var waiting = await harness.PublishAsync(new FlowBuilder()
            .Activity("delay", "Elsa.Delay", ("timeSpan", "Literal", "00:01:00")).WriteLine("after", "timer").Connect("delay", "after").Json);
        var plain = await harness.PublishAsync(new FlowBuilder().WriteLine("a", "ran").Json);
        var timed = await harness.StartAsync(waiting);
        await harness.RunBurstsAsync();
        var lost = await harness.StartAsync(plain);
        harness.Scheduler.Bursts.Clear();
        harness.Scheduler.Timers.Clear();

        harness.Time.Advance(TimeSpan.FromMinutes(2));
        await using (var scope = harness.Scope())
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<RecoverySweep>().RunAsync(CancellationToken.None));
        }

        await harness.AdvanceAsync(TimeSpan.Zero);

        Assert.Equal(["ran"], await harness.LinesAsync(lost));
        Assert.Equal(["timer"], await harness.LinesAsync(timed));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(timed)).SubStatus);
    }

    [Fact]
    public async Task A_failed_hand_off_is_retried_by_the_process_as_soon_as_the_job_storage_takes_it()
    {
        await using var harness = new WorkflowHarness(maxActivitiesInline: 0);
        var plain = await harness.PublishAsync(new FlowBuilder().WriteLine("a", "ran").Json);
        var retries = harness.Services.GetRequiredService<HandOffRetries>();

        harness.Scheduler.Down = true; // Redis frozen: the start is committed, its job cannot be queued
        var instance = await harness.StartAsync(plain);
        Assert.Equal(1, retries.Count);
        Assert.Equal(0, retries.RetryNow()); // still down: kept for the next tick
        Assert.Equal(1, retries.Count);

        harness.Scheduler.Down = false; // back: the next tick queues it, without waiting for the recovery sweep
        Assert.Equal(1, retries.RetryNow());
        Assert.Equal(0, retries.Count);
        Assert.Equal(1, await harness.RunBurstsAsync());
        Assert.Equal(["ran"], await harness.LinesAsync(instance));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(instance)).SubStatus);
    }

    [Fact]
    public async Task Recovery_after_the_job_storage_restarted_empty_queues_even_just_committed_work()
    {
        await using var harness = new WorkflowHarness(maxActivitiesInline: 0);
        var plain = await harness.PublishAsync(new FlowBuilder().WriteLine("a", "ran").Json);
        var lost = await harness.StartAsync(plain);
        harness.Scheduler.Bursts.Clear(); // queued, then lost with Redis' data

        await using (var scope = harness.Scope())
        {
            // The periodic sweep leaves recent work alone (its job may merely be queued) ...
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<RecoverySweep>().RunAsync(CancellationToken.None));

            // ... but a storage found empty holds no job of anything pending, however recent.
            foreach (var recovery in scope.ServiceProvider.GetServices<FlowDocs.Data.RecurringJobs.IJobStorageRecovery>())
            {
                await recovery.RecoverAsync(CancellationToken.None);
            }
        }

        Assert.Equal(1, await harness.RunBurstsAsync());
        Assert.Equal(["ran"], await harness.LinesAsync(lost));
    }

    [Fact]
    public async Task Worker_killed_mid_burst_loses_nothing_and_the_instance_finishes_exactly_once()
    {
        var crash = new CrashOnceActivity();
        await using var harness = new WorkflowHarness(s => s.AddSingleton<IActivity>(crash), maxActivitiesInline: 0);
        var version = await harness.PublishAsync(new FlowBuilder()
            .WriteLine("before", "before").Activity("crash", "Test.CrashOnce").WriteLine("after", "after")
            .Connect("before", "crash").Connect("crash", "after").Json);
        var id = await harness.StartAsync(version);
        Assert.True(harness.Scheduler.Bursts.TryDequeue(out _));

        await using (var scope = harness.Scope())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().RunBurstAsync(id, crash.Worker.Token));
        }

        Assert.Equal(WorkflowSubStatus.Pending, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Empty(await harness.JournalAsync(id));

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await using (var scope = harness.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<RecoverySweep>().RunAsync(CancellationToken.None);
            // A second sweep before the burst ran enqueues the instance again: the duplicate job must do nothing.
            await scope.ServiceProvider.GetRequiredService<RecoverySweep>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(2, await harness.RunBurstsAsync());

        var journal = await harness.JournalAsync(id);
        Assert.Equal(["before", "crash", "after"], journal.Select(j => j.ActivityId));
        Assert.Equal([1, 2, 3], journal.Select(j => j.Sequence));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(1, (await harness.InstanceAsync(id)).BurstCount);
        Assert.Equal(2, crash.Executions);
    }

    [Fact]
    public async Task Throughput_metrics_count_instances_bursts_and_activities()
    {
        var measurements = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WorkflowMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measurements)
            {
                measurements[instrument.Name] = measurements.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            lock (measurements)
            {
                measurements[instrument.Name] = measurements.GetValueOrDefault(instrument.Name) + 1;
            }
        });
        listener.Start();

        await using var harness = new WorkflowHarness();
        var ok = await harness.PublishAsync(new FlowBuilder().WriteLine("a", "a").WriteLine("b", "b").Connect("a", "b").Json);
        var bad = await harness.PublishAsync(new FlowBuilder().Activity("f", "Elsa.Fault", ("message", "Literal", "x")).Json);
        await harness.StartAsync(ok);
        await harness.StartAsync(ok);
        await harness.StartAsync(bad);
        await harness.RunBurstsAsync();

        Assert.Equal(3, measurements["flowdocs.workflows.instances.started"]);
        Assert.Equal(2, measurements["flowdocs.workflows.instances.finished"]);
        Assert.Equal(1, measurements["flowdocs.workflows.instances.faulted"]);
        Assert.Equal(3, measurements["flowdocs.workflows.bursts"]);
        Assert.Equal(5, measurements["flowdocs.workflows.activities.executed"]);
        Assert.Equal(3, measurements["flowdocs.workflows.burst.duration"]);
    }
}
