using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Data.Events;

/// <summary>Registers the outbox sweep as a recurring job (one id, so restarts never duplicate it) and runs it once.</summary>
internal sealed partial class OutboxStartup(IRecurringJobManager recurring, OutboxDispatcher dispatcher, ILogger<OutboxStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        recurring.AddOrUpdate<OutboxJobs>(OutboxDispatcher.SweepJobId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely());
        try
        {
            await dispatcher.DispatchDueAsync(OutboxJobs.BatchSize, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // The start-up sweep is a head start only; the recurring job retries, the host must not stop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStartupSweepFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up sweep of the event outbox failed; the recurring job retries it")]
    private static partial void LogStartupSweepFailed(ILogger logger, Exception exception);
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
        return services;
    }
}
