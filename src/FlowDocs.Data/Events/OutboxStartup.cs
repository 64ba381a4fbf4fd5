using FlowDocs.Data.RecurringJobs;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Data.Events;

/// <summary>Runs the outbox sweep once at start-up (its recurring job is kept registered by the recurring-job guard).</summary>
internal sealed partial class OutboxStartup(OutboxDispatcher dispatcher, ILogger<OutboxStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
        services.AddRecurringJob(OutboxDispatcher.SweepJobId, jobs => jobs.AddOrUpdate<OutboxJobs>(OutboxDispatcher.SweepJobId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely()));
        return services;
    }
}
