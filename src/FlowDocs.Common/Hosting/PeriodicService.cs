using Microsoft.Extensions.Hosting;

namespace FlowDocs.Common.Hosting;

/// <summary>
/// A background loop that waits <see cref="Period"/> on the given clock (so tests move it with a fake one), then does
/// one round of <see cref="TickAsync"/>, until the host stops. A round that throws is the subclass's to handle: the loop
/// ends only on shutdown.
/// </summary>
public abstract class PeriodicService(TimeProvider time) : BackgroundService
{
    /// <summary>The clock the loop waits on.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>The wait before each round.</summary>
    protected abstract TimeSpan Period { get; }

    /// <summary>One round of the work.</summary>
    protected abstract Task TickAsync(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Period, Time, stoppingToken);
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
