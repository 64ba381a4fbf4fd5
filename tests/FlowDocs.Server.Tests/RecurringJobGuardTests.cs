using System.Net;
using System.Text.Json;
using FlowDocs.Data;
using FlowDocs.Data.Events;
using FlowDocs.Data.RecurringJobs;
using FlowDocs.Testing;
using FlowDocs.Workflows.Runtime;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlowDocs.Server.Tests;

/// <summary>
/// Redis restarted empty: the recurring jobs (outbox retries, recovery sweep, cleanup, import maintenance, token pruning)
/// are gone from the job storage. Every process notices on its own timer, registers them again and re-queues lost work;
/// until then readiness says Degraded instead of pretending all is well.
/// </summary>
public sealed class RecurringJobGuardTests : IAsyncLifetime
{
    private static readonly string[] Maintenance =
    [
        OutboxDispatcher.SweepJobId, WorkflowJobs.RecoveryJobId, "documents:upload-session-cleanup", "documents:orphan-blobs", "documents:audit-chain-seal", "imports:maintenance", "identity:prune-tokens",
    ];

    private readonly FlowDocsFactory _factory = new(StoreProfile.Production);
    private readonly RecordingRecovery _recovery = new();
    private WebApplicationFactory<Program> _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            // The timer ticks only at start-up here: the test decides when the next check runs.
            s.Configure<RecurringJobGuardOptions>(o => o.Interval = TimeSpan.FromHours(1));
            s.AddSingleton<IJobStorageRecovery>(_recovery);
        }));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private List<string> RecurringJobIds()
    {
        using var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection();
        return [.. connection.GetRecurringJobs().Select(j => j.Id)];
    }

    /// <summary>What FLUSHALL on a Redis restarted without persistence does to this environment's keys.</summary>
    private async Task EmptyTheJobStorageAsync()
    {
        var prefix = _host.Services.GetRequiredService<IConfiguration>()[JobsModule.PrefixKey]!;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(BackingServices.Redis);
        var server = redis.GetServers().Single();
        var keys = server.Keys(pattern: prefix + "*").ToArray();
        Assert.NotEmpty(keys);
        await redis.GetDatabase().KeyDeleteAsync(keys);
    }

    /// <summary>
    /// Readiness as 200 with its report. On a heavily loaded machine a dependency's check can overrun its 1.5 s budget
    /// (503, as it should): asked again until the dependencies answer in time, so that the recurring-jobs check decides.
    /// </summary>
    private static async Task<JsonElement> ReadyAsync(HttpClient client)
    {
        var last = "";
        var (status, body) = await TestWaits.EventuallyAsync(
            async () =>
            {
                var response = await client.GetAsync("/health/ready", Ct);
                last = await response.Content.ReadAsStringAsync(Ct);
                return (response.StatusCode, last);
            },
            answer => answer.StatusCode != HttpStatusCode.ServiceUnavailable,
            "a readiness report whose dependency checks answered in time");
        Assert.True(status == HttpStatusCode.OK, $"{status}: {last}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Recurring_jobs_lost_with_the_job_storage_are_registered_again_readiness_is_degraded_until_then_and_lost_work_is_requeued()
    {
        var client = _host.CreateClient();
        var guard = _host.Services.GetRequiredService<RecurringJobGuard>();
        await TestWaits.EventuallyAsync(() => Task.FromResult(Maintenance.All(RecurringJobIds().Contains)), "the start-up registration of every recurring job");
        Assert.Equal("Healthy", (await ReadyAsync(client)).GetProperty("checks").GetProperty("recurring-jobs").GetProperty("status").GetString());

        await EmptyTheJobStorageAsync();

        Assert.Empty(RecurringJobIds());
        var degraded = await ReadyAsync(client);
        Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
        var check = degraded.GetProperty("checks").GetProperty("recurring-jobs");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains(OutboxDispatcher.SweepJobId, check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _recovery.Runs);

        var restored = await guard.CheckAsync(Ct);

        Assert.Equal(Maintenance.Order(StringComparer.Ordinal), restored.Intersect(Maintenance).Order(StringComparer.Ordinal));
        Assert.All(Maintenance, id => Assert.Contains(id, RecurringJobIds()));
        Assert.Equal(1, _recovery.Runs); // queued work lost with the storage is re-queued from the database
        Assert.Equal("Healthy", (await ReadyAsync(client)).GetProperty("status").GetString());

        Assert.Empty(await guard.CheckAsync(Ct)); // nothing missing: no registration, no recovery
        Assert.Equal(1, _recovery.Runs);
    }

    private sealed class RecordingRecovery : IJobStorageRecovery
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task RecoverAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Task.CompletedTask;
        }
    }
}
