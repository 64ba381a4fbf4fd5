using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Data.Events;

/// <summary>
/// Runs the handlers of stored events: right after the raising change commits (inline) and, for whatever failed or was
/// interrupted, from the recurring sweep. Each event's handlers run in a DI scope of their own with its tenant entered,
/// so a failing handler leaves nothing half-staged in the caller's context.
/// </summary>
public sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxDispatcher> logger)
{
    public const string SweepJobId = "flowdocs-events-outbox";

    /// <summary>How long a new event is left to its inline dispatch before the sweep may take it.</summary>
    public static readonly TimeSpan InlineGrace = TimeSpan.FromMinutes(1);

    /// <summary>How long a sweep's claim on an event lasts: another sweep takes it only after that.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Event type and its handler invoker per stored type name, resolved once per process.</summary>
    private static readonly ConcurrentDictionary<string, (Type Type, Func<IServiceProvider, object, HashSet<string>, CancellationToken, Task> Invoke)> Invokers = new(StringComparer.Ordinal);

    private static readonly MethodInfo InvokeMethod = typeof(OutboxDispatcher).GetMethod(nameof(InvokeAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Retry delay of an event whose handler failed because a dependency was unavailable (Redis, the database), not because
    /// of the handler: the outage ends on its own, and the approval it carries should not wait minutes after it did.
    /// </summary>
    public static readonly TimeSpan OutageRetry = TimeSpan.FromSeconds(5);

    /// <summary>How long after this process last met an outage it keeps sweeping every <see cref="OutageRetry"/>.</summary>
    public static readonly TimeSpan OutageWatch = TimeSpan.FromSeconds(30);

    private long _lastOutageTicks;

    /// <summary>Retry delay after <paramref name="attempts"/> failures: 1, 4, 9 … minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, attempts * attempts));

    /// <summary>Remembers that a dependency was unavailable just now (see <see cref="InOutage"/>).</summary>
    public void NoteOutage() => Interlocked.Exchange(ref _lastOutageTicks, time.GetUtcNow().UtcTicks);

    /// <summary>True within <see cref="OutageWatch"/> of this process meeting an outage: its sweep runs every few seconds.</summary>
    public bool InOutage => time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastOutageTicks) < OutageWatch.Ticks;

    /// <summary>A dependency that is down, frozen or restarting, as opposed to a fault of the handler.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(IsOutage);
            }

            if (e is StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException or Hangfire.BackgroundJobClientException
                or System.Net.Sockets.SocketException or TimeoutException or EndOfStreamException or System.Data.Common.DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs the event's remaining handlers; true when all succeeded and the event was deleted.</summary>
    public async Task<bool> DispatchAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var handled = new HashSet<string>((message.HandledBy ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        try
        {
            var (eventType, invoke) = Invokers.GetOrAdd(message.EventType, static name =>
            {
                var type = Type.GetType(name, throwOnError: true)!;
                return (type, InvokeMethod.MakeGenericMethod(type).CreateDelegate<Func<IServiceProvider, object, HashSet<string>, CancellationToken, Task>>());
            });
            var payload = JsonSerializer.Deserialize(message.PayloadJson, eventType, Json)
                ?? throw new JsonException($"Event {message.Id} has an empty payload.");
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(message.TenantId);
            await invoke(scope.ServiceProvider, payload, handled, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<OutboxMessage>()
                .Where(m => m.Id == message.Id).ExecuteDeleteAsync(CancellationToken.None);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // stopping: the event stays stored and the sweep takes it
        }
#pragma warning disable CA1031 // Any handler failure is recorded for a retry; it must not fail the committed change.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var attempts = message.Attempts + 1;
            var outage = IsOutage(ex);
            if (outage)
            {
                NoteOutage();
            }

            var retryAt = time.GetUtcNow() + (outage ? OutageRetry : Backoff(attempts));
            LogHandlerFailed(logger, ex, message.EventType, message.Id, attempts, retryAt);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            var handledBy = handled.Count == 0 ? null : string.Join('\n', handled);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<OutboxMessage>()
                    .Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(m => m.Attempts, attempts)
                            .SetProperty(m => m.NextAttemptAt, retryAt.UtcDateTime)
                            .SetProperty(m => m.HandledBy, handledBy)
                            .SetProperty(m => m.LastError, error.Length > OutboxMessage.ErrorMaxLength ? error[..OutboxMessage.ErrorMaxLength] : error),
                        CancellationToken.None);
            }
#pragma warning disable CA1031 // The database is away too: the event stays as stored, due after its grace, and the sweep runs it.
            catch (Exception recordFailure)
#pragma warning restore CA1031
            {
                LogFailureNotRecorded(logger, recordFailure, message.EventType, message.Id);
            }

            return false;
        }
    }

    /// <summary>
    /// Dispatches up to <paramref name="max"/> events that are due (failed earlier, or never dispatched because the
    /// process stopped after the commit). Each is claimed first, so two sweeps never run the same event at once.
    /// Returns how many were dispatched successfully.
    /// </summary>
    public async Task<int> DispatchDueAsync(int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<OutboxMessage> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.NextAttemptAt <= now.UtcDateTime)
                .OrderBy(m => m.NextAttemptAt)
                .Take(max)
                .ToListAsync(cancellationToken);
        }

        var succeeded = 0;
        foreach (var message in due)
        {
            var leaseUntil = (now + ClaimLease).UtcDateTime;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var claimed = await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<OutboxMessage>()
                    .Where(m => m.Id == message.Id && m.NextAttemptAt == message.NextAttemptAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, leaseUntil), cancellationToken);
                if (claimed == 0)
                {
                    continue; // another sweep has it, or it was dispatched meanwhile
                }
            }

            if (await DispatchAsync(message, cancellationToken))
            {
                succeeded++;
            }
        }

        if (due.Count > 0)
        {
            LogSwept(logger, due.Count, succeeded);
        }

        return succeeded;
    }

    private static async Task InvokeAsync<TEvent>(IServiceProvider services, object payload, HashSet<string> handled, CancellationToken cancellationToken)
    {
        var index = 0;
        foreach (var handler in services.GetServices<IEventHandler<TEvent>>())
        {
            // Position and type: two registrations of one handler class are two handlers.
            var name = $"{index++}:{handler!.GetType().FullName}";
            if (handled.Contains(name))
            {
                continue;
            }

            await handler.HandleAsync((TEvent)payload, cancellationToken);
            handled.Add(name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler of event {EventType} {EventId} failed (attempt {Attempts}); retried from {RetryAt}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string eventType, Guid eventId, int attempts, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The failure of event {EventType} {EventId} could not be recorded; the event stays stored and the sweep retries it")]
    private static partial void LogFailureNotRecorded(ILogger logger, Exception exception, string eventType, Guid eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event outbox sweep: {Due} due, {Succeeded} dispatched")]
    private static partial void LogSwept(ILogger logger, int due, int succeeded);
}

/// <summary>The recurring job that retries stored events (<see cref="OutboxDispatcher.SweepJobId"/>, every minute).</summary>
public sealed class OutboxJobs(OutboxDispatcher dispatcher)
{
    public const int BatchSize = 200;

    public Task SweepAsync(CancellationToken cancellationToken) => dispatcher.DispatchDueAsync(BatchSize, cancellationToken);
}
