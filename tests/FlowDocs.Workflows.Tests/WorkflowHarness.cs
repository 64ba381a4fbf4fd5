using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Events;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Definitions;
using FlowDocs.Workflows.Model;
using FlowDocs.Workflows.Runtime;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FlowDocs.Workflows.Tests;

/// <summary>Records what the runtime hands to Hangfire so that a test runs bursts and timers itself, in order.</summary>
internal sealed class RecordingScheduler : IWorkflowScheduler
{
    public ConcurrentQueue<(Guid Tenant, Guid Instance)> Bursts { get; } = new();

    public ConcurrentDictionary<Guid, (Guid Tenant, DateTimeOffset DueAt)> Timers { get; } = new();

    public int BurstsEnqueued;

    /// <summary>While true every hand-over throws, as Hangfire's client does when Redis is down or times out.</summary>
    public bool Down { get; set; }

    public void EnqueueBurst(Guid tenantId, Guid instanceId)
    {
        ThrowIfDown();
        Interlocked.Increment(ref BurstsEnqueued);
        Bursts.Enqueue((tenantId, instanceId));
    }

    public void ScheduleTimer(Guid tenantId, Guid bookmarkId, DateTimeOffset dueAt)
    {
        ThrowIfDown();
        Timers[bookmarkId] = (tenantId, dueAt);
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new BackgroundJobClientException("Background job creation failed (the job storage is down).", new TimeoutException("Redis timed out"));
        }
    }
}

/// <summary>
/// The engine on a real SQLite database with the job system replaced by <see cref="RecordingScheduler"/>:
/// tests start, resume and run bursts deterministically and read the stored rows.
/// </summary>
internal sealed class WorkflowHarness : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flowdocs-wf-tests", Guid.NewGuid().ToString("N")[..12]);

    /// <param name="configure">Replaces or adds services.</param>
    /// <param name="maxActivitiesPerBurst">The burst limit of a job.</param>
    /// <param name="maxActivitiesInline">The limit of a start's inline burst; 0 makes every start a queued job.</param>
    public WorkflowHarness(Action<IServiceCollection>? configure = null, int maxActivitiesPerBurst = 1000, int maxActivitiesInline = 100)
    {
        Directory.CreateDirectory(_folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration["FlowDocs:DataPath"] = _folder;
        builder.Configuration["FlowDocs:Role"] = "web";
        builder.Configuration[WorkflowsModule.MaxActivitiesPerBurstKey] = maxActivitiesPerBurst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration[WorkflowsModule.MaxActivitiesInlineKey] = maxActivitiesInline.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration[WorkflowsModule.ScriptTimeoutMsKey] = "500";
        // What a start or resume runs inline must not depend on the machine's load (the budget test sets its own).
        builder.Configuration[WorkflowsModule.InlineBudgetMsKey] = "60000";
        builder.Services.AddLogging();
        builder.AddData();
        // Hangfire's log provider is process-wide: a disposed host's logger factory must not be used by the next one.
        LogProvider.SetCurrentLogProvider(new SilentLogProvider());
        var storage = new InMemoryStorage();
        builder.Services.AddSingleton<JobStorage>(storage);
        builder.Services.AddSingleton<IRecurringJobManager>(new RecurringJobManager(storage));
        builder.AddWorkflows();
        builder.Services.AddEventOutbox();
        builder.Services.RemoveAll<IHostedService>();
        builder.Services.RemoveAll<IWorkflowScheduler>();
        builder.Services.AddSingleton<IWorkflowScheduler>(Scheduler);
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton<TimeProvider>(Time);
        configure?.Invoke(builder.Services);
        Services = builder.Build().Services;
        Services.MigrateDatabaseAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public Guid TenantId { get; } = Guid.NewGuid();

    public RecordingScheduler Scheduler { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services { get; }

    public AsyncServiceScope Scope(Guid? tenantId = null)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenantId ?? TenantId);
        return scope;
    }

    /// <summary>Creates and publishes a definition from JSON; fails the test when it does not validate.</summary>
    public async Task<WorkflowDefinition> PublishAsync(string json)
    {
        await using var scope = Scope();
        var definitions = scope.ServiceProvider.GetRequiredService<DefinitionService>();
        var created = await definitions.ImportAsync(WorkflowModel.Parse(json), CancellationToken.None);
        return await definitions.PublishAsync(created.DefinitionId, CancellationToken.None);
    }

    public async Task<Guid> StartAsync(WorkflowDefinition version, JsonObject? input = null, string? correlationId = null)
    {
        await using var scope = Scope();
        var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(version, input, correlationId, null, CancellationToken.None);
        return instance.Id;
    }

    /// <summary>Runs every enqueued burst (and those they enqueue) until the queue is empty.</summary>
    public async Task<int> RunBurstsAsync()
    {
        var runs = 0;
        while (Scheduler.Bursts.TryDequeue(out var burst))
        {
            await using var scope = Scope(burst.Tenant);
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().RunBurstAsync(burst.Instance, CancellationToken.None);
            runs++;
        }

        return runs;
    }

    /// <summary>Moves the clock forward and fires every timer that is due (as Hangfire would).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        foreach (var (bookmarkId, (tenant, dueAt)) in Scheduler.Timers.ToArray())
        {
            if (dueAt <= Time.GetUtcNow())
            {
                Scheduler.Timers.TryRemove(bookmarkId, out _);
                await using var scope = Scope(tenant);
                await scope.ServiceProvider.GetRequiredService<WorkflowJobs>().ResumeTimerAsync(tenant, bookmarkId, CancellationToken.None);
            }
        }

        await RunBurstsAsync();
    }

    public async Task<WorkflowInstance> InstanceAsync(Guid id)
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<IReadOnlyList<WorkflowJournalEntry>> JournalAsync(Guid id)
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<WorkflowJournalEntry>().AsNoTracking()
            .Where(j => j.InstanceId == id).OrderBy(j => j.Sequence).ToListAsync();
    }

    /// <summary>The WriteLine texts in journal order.</summary>
    public async Task<IReadOnlyList<string>> LinesAsync(Guid id) =>
        (await JournalAsync(id)).Where(j => j.ActivityType == "Elsa.WriteLine" && j.Message is not null).Select(j => j.Message!).ToList();

    public async Task<IReadOnlyList<WorkflowBookmark>> BookmarksAsync(Guid id)
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<WorkflowBookmark>().AsNoTracking().Where(b => b.InstanceId == id).ToListAsync();
    }

    public async Task<InstanceState> StateAsync(Guid id) => InstanceState.Deserialize((await InstanceAsync(id)).StateJson);

    public async Task<ResumeOutcome> ResumeAsync(Guid bookmarkId, JsonObject? payload = null)
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().ResumeAsync(bookmarkId, payload, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Services is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

internal sealed class SilentLogProvider : ILogProvider, ILog
{
    public ILog GetLogger(string name) => this;

    public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}

/// <summary>Builds small flowcharts for tests in the Elsa 3 JSON shape.</summary>
internal sealed class FlowBuilder(string name = "Test workflow")
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];

    public string DefinitionId { get; init; } = "wf-" + Guid.NewGuid().ToString("N")[..10];

    public FlowBuilder Activity(string id, string type, params (string Input, string ExpressionType, object? Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1, ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 10, ["y"] = 20 } } } };
        foreach (var (input, expressionType, value) in inputs)
        {
            activity[input] = new JsonObject
            {
                ["typeName"] = "Object",
                ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value switch { null => null, JsonNode node => node.DeepClone(), _ => JsonValue.Create(value) } },
            };
        }

        _activities.Add(activity);
        return this;
    }

    public FlowBuilder Raw(JsonObject activity)
    {
        _activities.Add(activity);
        return this;
    }

    public FlowBuilder WriteLine(string id, string text) => Activity(id, "Elsa.WriteLine", ("text", "Literal", text));

    public FlowBuilder Connect(string source, string target, string port = "Done")
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        });
        return this;
    }

    public FlowBuilder Variable(string variableName, string typeName, string? value)
    {
        _variables.Add(new JsonObject { ["id"] = variableName, ["name"] = variableName, ["typeName"] = typeName, ["value"] = value });
        return this;
    }

    public JsonObject Build() => new()
    {
        ["definitionId"] = DefinitionId,
        ["name"] = name,
        ["variables"] = _variables.DeepClone(),
        ["inputs"] = new JsonArray(),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["id"] = "Flowchart1",
            ["activities"] = _activities.DeepClone(),
            ["connections"] = _connections.DeepClone(),
        },
    };

    public string Json => Build().ToJsonString();
}
