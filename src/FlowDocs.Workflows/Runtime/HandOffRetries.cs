using System.Collections.Concurrent;
using FlowDocs.Common.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Workflows.Runtime;

/// <summary>
/// Hand-offs to the job storage that failed (Redis down, frozen or restarting), kept by the process that committed the
/// work and tried again every <see cref="Interval"/> until the storage takes them: work committed during an outage runs
/// seconds after the storage is back, not when the recovery sweep next finds it (RecoveryAfter plus up to its minute,
/// which missed the 90 s of issue 19's fault suite). In memory and bounded: what a stopped process held, or failures
/// beyond <see cref="Capacity"/>, are left to the sweep, which re-queues from the database anyway; a burst queued twice
/// finds nothing to do the second time.
/// </summary>
public sealed partial class HandOffRetries(IWorkflowScheduler scheduler, TimeProvider time, ILogger<HandOffRetries> logger) : PeriodicService(time)
{
    public const int Capacity = 5000;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<(Guid InstanceId, Action<IWorkflowScheduler> Enqueue)> _failed = new();

    /// <summary>Hand-offs waiting for the job storage.</summary>
    public int Count => _failed.Count;

    /// <summary>Keeps a failed hand-off for the next retry (dropped beyond <see cref="Capacity"/>: the sweep has it).</summary>
    public void Add(Guid instanceId, Action<IWorkflowScheduler> enqueue)
    {
        ArgumentNullException.ThrowIfNull(enqueue);
        if (_failed.Count < Capacity)
        {
            _failed.Enqueue((instanceId, enqueue));
        }
    }

    /// <summary>
    /// Tries the kept hand-offs in order and stops at the first that fails again (the storage is still down, and each
    /// try may wait for its timeout). Returns how many the storage took. Called by one loop only.
    /// </summary>
    public int RetryNow()
    {
        var handed = 0;
        for (var left = _failed.Count; left > 0 && _failed.TryPeek(out var next); left--)
        {
            try
            {
                next.Enqueue(scheduler);
            }
#pragma warning disable CA1031 // Still down: the next tick tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogStillFailing(logger, _failed.Count, ex.Message);
                break;
            }

            _failed.TryDequeue(out _);
            handed++;
        }

        if (handed > 0)
        {
            LogHandedOff(logger, handed);
        }

        return handed;
    }

    protected override TimeSpan Period => Interval;

    protected override Task TickAsync(CancellationToken stoppingToken)
    {
        if (!_failed.IsEmpty)
        {
            RetryNow();
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Queued {Count} workflow hand-offs that had failed while the job storage was unavailable")]
    private static partial void LogHandedOff(ILogger logger, int count);

    [LoggerMessage(LogLevel.Debug, "{Count} workflow hand-offs still wait for the job storage: {Reason}")]
    private static partial void LogStillFailing(ILogger logger, int count, string reason);
}
