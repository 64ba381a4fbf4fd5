using FlowDocs.Data.RecurringJobs;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Data.Events;

/// <summary>
/// Runs the outbox sweep once at start-up (its recurring job is kept registered by the recurring-job guard), then every
/// <see cref="OutboxDispatcher.OutageRetry"/> while this process is meeting an outage: events whose handlers failed
/// because Redis or the database was unavailable run again seconds after it is back, not when the minutely recurring
/// job (itself kept in Redis) next runs.
/// </summary>
internal sealed partial class OutboxStartup(OutboxDispatcher dispatcher, TimeProvider time, ILogger<OutboxStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await dispatcher.DispatchDueAsync(OutboxJobs.BatchSize, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // The start-up sweep is a head start only; the recurring job retries, the host must not stop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStartupSweepFailed(logger, ex);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(OutboxDispatcher.OutageRetry, time, stoppingToken);
                if (dispatcher.InOutage)
                {
                    await dispatcher.DispatchDueAsync(OutboxJobs.BatchSize, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database may be down itself: keep watching, the next tick tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (OutboxDispatcher.IsOutage(ex))
                {
                    dispatcher.NoteOutage();
                }

                LogOutageSweepFailed(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep of the event outbox failed; the recurring job retries it")]
    private static partial void LogStartupSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep of the event outbox during an outage failed; trying again shortly: {Reason}")]
    private static partial void LogOutageSweepFailed(ILogger logger, string reason);
}

public static class OutboxRegistration
{
    /// <summary>The transactional outbox behind <see cref="Common.Events.IEventPublisher"/> and its sweep.</summary>
    public static IServiceCollection AddEventOutbox(this IServiceCollection services)
    {
        services.AddSingleton<OutboxDispatcher>();
        services.AddScoped<Common.Events.IEventPublisher, OutboxEventPublisher>();
        services.AddTransient<OutboxJobs>();
        services.AddHostedService<OutboxStartup>();
        services.AddRecurringJob(OutboxDispatcher.SweepJobId, jobs => jobs.AddOrUpdate<OutboxJobs>(OutboxDispatcher.SweepJobId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely()));
        return services;
    }
}
