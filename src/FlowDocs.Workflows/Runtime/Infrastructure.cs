using System.Diagnostics.Metrics;
using FlowDocs.Data.Workflows;
using Hangfire;

namespace FlowDocs.Workflows.Runtime;

/// <summary>Hands work to the job system after a commit. Every job it creates is safe to run twice.</summary>
public interface IWorkflowScheduler
{
    void EnqueueBurst(Guid tenantId, Guid instanceId);

    void ScheduleTimer(Guid tenantId, Guid bookmarkId, DateTimeOffset dueAt);
}

internal sealed class HangfireWorkflowScheduler(IBackgroundJobClient jobs) : IWorkflowScheduler
{
    public void EnqueueBurst(Guid tenantId, Guid instanceId) =>
        jobs.Enqueue<WorkflowJobs>(j => j.RunBurstAsync(tenantId, instanceId, CancellationToken.None));

    public void ScheduleTimer(Guid tenantId, Guid bookmarkId, DateTimeOffset dueAt) =>
        jobs.Schedule<WorkflowJobs>(j => j.ResumeTimerAsync(tenantId, bookmarkId, CancellationToken.None), dueAt);
}

/// <summary>Serializes the bursts and resumes of one instance.</summary>
public interface IInstanceLock
{
    ValueTask<IDisposable> AcquireAsync(Guid instanceId, CancellationToken cancellationToken);
}

/// <summary>
/// One process (embedded default): striped semaphores keyed by instance id; no per-instance allocation to clean up.
/// </summary>
internal sealed class InProcessInstanceLock : IInstanceLock, IDisposable
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async ValueTask<IDisposable> AcquireAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(instanceId.GetHashCode() & int.MaxValue) % _stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}

/// <summary>
/// Several worker pods (Redis job storage): Hangfire's distributed lock in the job storage. It expires by
/// itself when its holder dies, so a killed worker cannot block an instance for longer than the lock timeout.
/// </summary>
internal sealed class JobStorageInstanceLock(JobStorage storage) : IInstanceLock
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public ValueTask<IDisposable> AcquireAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var connection = storage.GetConnection();
        try
        {
            var handle = connection.AcquireDistributedLock($"flowdocs:workflow-instance:{instanceId:N}", Timeout);
            return ValueTask.FromResult<IDisposable>(new Handle(handle, connection));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Handle(IDisposable distributedLock, IDisposable connection) : IDisposable
    {
        public void Dispose()
        {
            distributedLock.Dispose();
            connection.Dispose();
        }
    }
}

/// <summary>Throughput of the engine on the <c>FlowDocs.Workflows</c> meter (exported by the host's OpenTelemetry).</summary>
public sealed class WorkflowMetrics
{
    public const string MeterName = "FlowDocs.Workflows";

    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _faulted;
    private readonly Counter<long> _bursts;
    private readonly Counter<long> _activities;
    private readonly Histogram<double> _burstDuration;

    public WorkflowMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("flowdocs.workflows.instances.started", "{instance}", "Workflow instances started.");
        _finished = meter.CreateCounter<long>("flowdocs.workflows.instances.finished", "{instance}", "Workflow instances finished (including cancelled).");
        _faulted = meter.CreateCounter<long>("flowdocs.workflows.instances.faulted", "{instance}", "Workflow instances faulted.");
        _bursts = meter.CreateCounter<long>("flowdocs.workflows.bursts", "{burst}", "Bursts committed.");
        _activities = meter.CreateCounter<long>("flowdocs.workflows.activities.executed", "{activity}", "Activity executions committed.");
        _burstDuration = meter.CreateHistogram<double>("flowdocs.workflows.burst.duration", "ms", "Duration of one burst, load to commit.");
    }

    internal void Started() => _started.Add(1);

    internal void Burst(int activities, double milliseconds, WorkflowSubStatus outcome)
    {
        _bursts.Add(1);
        _activities.Add(activities);
        _burstDuration.Record(milliseconds);
        if (outcome is WorkflowSubStatus.Finished or WorkflowSubStatus.Cancelled)
        {
            _finished.Add(1);
        }
        else if (outcome == WorkflowSubStatus.Faulted)
        {
            _faulted.Add(1);
        }
    }

    internal void Cancelled() => _finished.Add(1);
}
