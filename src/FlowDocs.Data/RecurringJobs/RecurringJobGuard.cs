using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowDocs.Data.RecurringJobs;

/// <summary>A recurring job a module needs: its id and how to register it (AddOrUpdate, idempotent).</summary>
public sealed record RecurringJobRegistration(string Id, Action<IRecurringJobManager> Register);

/// <summary>
/// Runs after the job storage was found without FlowDocs' recurring jobs (Redis restarted empty): whatever else that
/// storage held is gone too — queued bursts, scheduled timers, per-trigger cron jobs — and is restored from the database.
/// </summary>
public interface IJobStorageRecovery
{
    Task RecoverAsync(CancellationToken cancellationToken);
}

public sealed class RecurringJobGuardOptions
{
    /// <summary>How often each process checks that the recurring jobs exist.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);
}

public static class RecurringJobRegistrations
{
    /// <summary>
    /// Adds a recurring job that must always exist: registered at start-up and registered again by every process's
    /// <see cref="RecurringJobGuard"/> whenever the job storage no longer has it.
    /// </summary>
    public static IServiceCollection AddRecurringJob(this IServiceCollection services, string id, Action<IRecurringJobManager> register)
    {
        services.AddSingleton(new RecurringJobRegistration(id, register));
        return services;
    }

    internal static IServiceCollection AddRecurringJobGuard(this IServiceCollection services)
    {
        services.AddOptions<RecurringJobGuardOptions>();
        services.AddSingleton<RecurringJobGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<RecurringJobGuard>());
        services.AddHealthChecks().AddCheck<RecurringJobsHealthCheck>("recurring-jobs", tags: [Common.HealthTags.Ready]);
        return services;
    }
}

/// <summary>
/// Keeps maintenance alive without relying on the job storage keeping its data. Hangfire keeps recurring jobs only in
/// its storage, so registering them at start-up is not enough: each process checks on its own timer (not a Hangfire
/// job, which would be lost with them) that every <see cref="RecurringJobRegistration"/> exists, registers the missing
/// ones and, when any was missing, runs every <see cref="IJobStorageRecovery"/> so that queued work lost with the
/// storage is queued again from the database.
/// </summary>
public sealed partial class RecurringJobGuard(
    IEnumerable<RecurringJobRegistration> registrations,
    IServiceScopeFactory scopes,
    JobStorage storage,
    IRecurringJobManager jobs,
    TimeProvider time,
    IOptions<RecurringJobGuardOptions> options,
    ILogger<RecurringJobGuard> logger) : BackgroundService
{
    private readonly RecurringJobRegistration[] _registrations = [.. registrations];
    private bool _registeredOnce;

    /// <summary>The ids the job storage lacks now.</summary>
    public IReadOnlyList<string> FindMissing()
    {
        using var connection = storage.GetConnection();
        var present = connection.GetRecurringJobs().Where(j => !j.Removed).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        return [.. _registrations.Select(r => r.Id).Where(id => !present.Contains(id))];
    }

    /// <summary>
    /// One check. The first registers every job (so a new release's schedules replace the old ones); later ones register
    /// only what is missing and then recover lost work. Returns the ids that were missing.
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken)
    {
        if (!_registeredOnce)
        {
            foreach (var registration in _registrations)
            {
                registration.Register(jobs);
            }

            _registeredOnce = true;
            return [];
        }

        var missing = FindMissing();
        if (missing.Count == 0)
        {
            return missing;
        }

        foreach (var registration in _registrations.Where(r => missing.Contains(r.Id)))
        {
            registration.Register(jobs);
        }

        // The storage lost jobs it had, and with them queued work: the database says what that was.
        LogRestored(logger, missing.Count, string.Join(", ", missing));
        await using var scope = scopes.CreateAsyncScope();
        foreach (var recovery in scope.ServiceProvider.GetServices<IJobStorageRecovery>())
        {
            await recovery.RecoverAsync(cancellationToken);
        }

        return missing;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The job storage may be down; readiness reports it and the next tick tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCheckFailed(logger, ex);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "The job storage had lost {Count} recurring jobs ({Ids}), probably restarted empty; registered them again and re-queued pending work")]
    private static partial void LogRestored(ILogger logger, int count, string ids);

    [LoggerMessage(LogLevel.Warning, "Could not check the recurring jobs; trying again on the next tick")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}

/// <summary>Readiness: Degraded while a recurring job is missing (maintenance would silently not run).</summary>
internal sealed class RecurringJobsHealthCheck(RecurringJobGuard guard) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var missing = guard.FindMissing();
            return Task.FromResult(missing.Count == 0
                ? HealthCheckResult.Healthy("every recurring job is registered")
                : HealthCheckResult.Degraded($"recurring jobs missing: {string.Join(", ", missing)}"));
        }
#pragma warning disable CA1031 // The storage being down is the jobs check's to report.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromResult(HealthCheckResult.Degraded("recurring jobs could not be read", ex));
        }
    }
}
