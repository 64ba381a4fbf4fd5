using System.Collections.Concurrent;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Events;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Server.Tests;

/// <summary>An event of these tests only, so that no module handler reacts to it.</summary>
public sealed record OutboxPing(Guid TenantId, string Text) : ITenantEvent;

/// <summary>An event no handler is registered for.</summary>
public sealed record UnhandledPing(Guid TenantId) : ITenantEvent;

/// <summary>On SQLite (what <c>dotnet run</c> uses).</summary>
public sealed class EmbeddedEventOutboxTests() : EventOutboxTests(StoreProfile.Embedded);

/// <summary>On MariaDB: every delete the dispatcher issues must run there (MariaDB refuses a table alias in a single-table DELETE).</summary>
public sealed class ProductionEventOutboxTests() : EventOutboxTests(StoreProfile.Production);

/// <summary>
/// The transactional outbox behind <see cref="IEventPublisher"/>, in the real host on either store: events commit with the
/// change that raised them, handlers run after the commit in their own scope inside the event's tenant, a failing
/// handler neither fails the caller nor loses the event, and the sweep delivers it later. Every test ends with the
/// event's row gone: an outbox that never empties makes real retries wait behind dispatched events.
/// </summary>
public abstract class EventOutboxTests(StoreProfile profile) : IAsyncLifetime
{
    private readonly FlowDocsFactory _factory = new(profile);
    private readonly Recorder _first = new("first");
    private readonly Recorder _second = new("second");
    private WebApplicationFactory<Program> _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddScoped<IEventHandler<OutboxPing>>(sp => new RecordingHandler(_first, sp.GetRequiredService<ITenantContext>()));
            s.AddScoped<IEventHandler<OutboxPing>>(sp => new RecordingHandler(_second, sp.GetRequiredService<ITenantContext>()));
        }));
        _ = _host.Services;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AsyncServiceScope Scope(Guid tenant)
    {
        var scope = _host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
        return scope;
    }

    private async Task<List<OutboxMessage>> StoredAsync(Guid tenant)
    {
        await using var scope = Scope(tenant);
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.TenantId == tenant).ToListAsync(Ct);
    }

    private async Task MakeDueAsync(Guid tenant)
    {
        await using var scope = Scope(tenant);
        await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<OutboxMessage>()
            .Where(m => m.TenantId == tenant)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1)), Ct);
    }

    private OutboxDispatcher Dispatcher => _host.Services.GetRequiredService<OutboxDispatcher>();

    [Fact]
    public async Task A_staged_event_commits_with_the_caller_and_reaches_every_handler_in_its_tenant_once()
    {
        var tenant = Guid.NewGuid();
        await using (var scope = Scope(tenant))
        {
            var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
            events.Stage(new OutboxPing(tenant, "hello"));
            await events.DispatchAsync(Ct);
            Assert.Empty(_first.Seen); // not saved yet: nothing runs

            await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().SaveChangesAsync(Ct);
            Assert.Single(await StoredAsync(tenant));
            await events.DispatchAsync(Ct);
        }

        Assert.Equal([((Guid?)tenant, "hello")], _first.Seen);
        Assert.Equal([((Guid?)tenant, "hello")], _second.Seen);
        Assert.Empty(await StoredAsync(tenant));
    }

    [Fact]
    public async Task A_failing_handler_neither_fails_the_caller_nor_loses_the_event_and_the_sweep_retries_only_what_failed()
    {
        var tenant = Guid.NewGuid();
        _second.FailuresLeft = 1;
        await using (var scope = Scope(tenant))
        {
            await scope.ServiceProvider.GetRequiredService<IEventPublisher>().PublishAsync(new OutboxPing(tenant, "retry me"), Ct);
        }

        var stored = Assert.Single(await StoredAsync(tenant));
        Assert.Equal(1, stored.Attempts);
        Assert.Contains("second failed on purpose", stored.LastError, StringComparison.Ordinal);
        Assert.StartsWith("0:", stored.HandledBy, StringComparison.Ordinal); // the first handler succeeded, only the second is retried
        Assert.True(stored.NextAttemptAt > DateTime.UtcNow, "the retry waits for its back-off");
        Assert.Equal(0, await Dispatcher.DispatchDueAsync(10, Ct));

        await MakeDueAsync(tenant);
        Assert.Equal(1, await Dispatcher.DispatchDueAsync(10, Ct));

        Assert.Empty(await StoredAsync(tenant));
        Assert.Equal([((Guid?)tenant, "retry me")], _first.Seen); // it had succeeded: not run again
        Assert.Equal([((Guid?)tenant, "retry me")], _second.Seen);
        Assert.Equal(2, _second.Calls);
    }

    [Fact]
    public async Task A_handler_that_failed_on_an_outage_is_retried_by_the_process_within_seconds()
    {
        var tenant = Guid.NewGuid();
        _second.FailuresLeft = 1;
        _second.Failure = new TimeoutException("Timeout performing SET (5000ms)"); // as Redis answers while frozen
        await using (var scope = Scope(tenant))
        {
            await scope.ServiceProvider.GetRequiredService<IEventPublisher>().PublishAsync(new OutboxPing(tenant, "after the outage"), Ct);
        }

        var stored = Assert.Single(await StoredAsync(tenant));
        Assert.True(stored.NextAttemptAt <= DateTime.UtcNow + OutboxDispatcher.OutageRetry, "an outage is retried after seconds, not after the back-off's minutes");
        Assert.True(Dispatcher.InOutage);

        // Nobody runs the sweep here (its recurring job is minutely): the process's own outage watch delivers the event.
        await TestWaits.EventuallyAsync(async () => (await StoredAsync(tenant)).Count == 0, "the outage watch to deliver the event", 60);
        Assert.Equal([((Guid?)tenant, "after the outage")], _second.Seen);
        Assert.Equal([((Guid?)tenant, "after the outage")], _first.Seen); // it had succeeded: not run again
    }

    [Fact]
    public void Outages_are_told_from_faults_of_the_handler()
    {
        Assert.True(OutboxDispatcher.IsOutage(new TimeoutException()));
        Assert.True(OutboxDispatcher.IsOutage(new InvalidOperationException("wrapped", new System.Net.Sockets.SocketException(111))));
        Assert.True(OutboxDispatcher.IsOutage(new Hangfire.BackgroundJobClientException("Background job creation failed.", new TimeoutException())));
        Assert.False(OutboxDispatcher.IsOutage(new InvalidOperationException("a bug")));
        Assert.False(OutboxDispatcher.IsOutage(null));
    }

    [Fact]
    public async Task An_event_nobody_handles_is_not_stored()
    {
        var tenant = Guid.NewGuid();
        await using (var scope = Scope(tenant))
        {
            var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
            events.Stage(new UnhandledPing(tenant));
            events.Stage(new OutboxPing(tenant, "handled"));
            await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().SaveChangesAsync(Ct);
        }

        // Saved but not dispatched: only the handled event is waiting in the outbox.
        var stored = Assert.Single(await StoredAsync(tenant));
        Assert.StartsWith(typeof(OutboxPing).FullName!, stored.EventType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_without_a_tenant_is_refused_where_it_is_staged()
    {
        await using var scope = Scope(Guid.NewGuid());
        var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();

        var refused = Assert.Throws<ArgumentException>(() => events.Stage(new OutboxPing(Guid.Empty, "nobody's")));

        Assert.Contains("names no tenant", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_saved_before_the_change_tracker_was_cleared_is_still_dispatched_inline()
    {
        var tenant = Guid.NewGuid();
        await using (var scope = Scope(tenant))
        {
            var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
            var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
            events.Stage(new OutboxPing(tenant, "saved, then cleared"));
            await db.SaveChangesAsync(Ct);
            db.ChangeTracker.Clear();
            await events.DispatchAsync(Ct);
        }

        Assert.Equal([((Guid?)tenant, "saved, then cleared")], _first.Seen);
        Assert.Empty(await StoredAsync(tenant));
    }

    [Fact]
    public async Task An_event_whose_save_was_discarded_is_never_dispatched()
    {
        var tenant = Guid.NewGuid();
        await using (var scope = Scope(tenant))
        {
            var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
            events.Stage(new OutboxPing(tenant, "rolled back"));
            scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().ChangeTracker.Clear();
            await events.DispatchAsync(Ct);
        }

        Assert.Empty(_first.Seen);
        Assert.Empty(await StoredAsync(tenant));
    }

    [Fact]
    public async Task An_event_committed_by_a_process_that_stopped_before_dispatching_is_delivered_by_the_sweep_exactly_once()
    {
        var tenant = Guid.NewGuid();
        await using (var scope = Scope(tenant))
        {
            scope.ServiceProvider.GetRequiredService<IEventPublisher>().Stage(new OutboxPing(tenant, "orphan"));
            await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().SaveChangesAsync(Ct);
        }

        Assert.Equal(0, await Dispatcher.DispatchDueAsync(10, Ct)); // still within the inline dispatch's grace
        await MakeDueAsync(tenant);
        _first.Gate = new TaskCompletionSource();
        var sweeps = new[] { Dispatcher.DispatchDueAsync(10, Ct), Dispatcher.DispatchDueAsync(10, Ct) };
        await TestWaits.EventuallyAsync(() => Task.FromResult(_first.Calls > 0), "the first sweep to run the handler");
        _first.Gate.SetResult();
        var delivered = await Task.WhenAll(sweeps);

        Assert.Equal(1, delivered.Sum());
        Assert.Equal(1, _first.Calls);
        Assert.Empty(await StoredAsync(tenant));
    }

    /// <summary>What one handler saw: the tenant of the scope it ran in, and the event's text.</summary>
    private sealed class Recorder(string name)
    {
        private int _calls;

        public string Name => name;

        public ConcurrentQueue<(Guid? Tenant, string Text)> Seen { get; } = new();

        public int FailuresLeft { get; set; }

        /// <summary>What a failure throws (default: a fault of the handler itself).</summary>
        public Exception? Failure { get; set; }

        public TaskCompletionSource? Gate { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public int Called() => Interlocked.Increment(ref _calls);
    }

    private sealed class RecordingHandler(Recorder recorder, ITenantContext tenant) : IEventHandler<OutboxPing>
    {
        public async Task HandleAsync(OutboxPing payload, CancellationToken cancellationToken)
        {
            recorder.Called();
            if (recorder.Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (recorder.FailuresLeft > 0)
            {
                recorder.FailuresLeft--;
                throw recorder.Failure ?? new InvalidOperationException($"{recorder.Name} failed on purpose");
            }

            recorder.Seen.Enqueue((tenant.TenantId, payload.Text));
        }
    }
}
