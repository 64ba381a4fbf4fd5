using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows;
using FlowDocs.Workflows.Benchmark;
using FlowDocs.Workflows.Definitions;
using FlowDocs.Workflows.Model;
using FlowDocs.Workflows.Runtime;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Throughput of the workflow engine on a real Hangfire server in this process, in one run:
//   (a) Hangfire no-op jobs/s (the ceiling for anything that spends one job per step),
//   (b) FlowDocs workflows/s for Start -> SetVariable -> FlowDecision -> End (start to finished, durable),
//   (c) the same workflow on Workflow Core 3.22 in memory (its default providers, 8 concurrent workflows),
//   (d) human-task round trips/s: start -> wait on a bookmark -> resume -> end,
//   (e) for reference, (b) with one Hangfire job per activity (MaxActivitiesPerBurst = 1).
// Each measurement is timed after its steady-state warm-up (see Warmup).
// Usage: dotnet run -c Release --project tests/FlowDocs.Workflows.Benchmark -- [count] [embedded|production]
//   production reads FLOWDOCS_TEST_MYSQL and FLOWDOCS_TEST_REDIS (scripts/test-services.sh start).
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var production = args.Length > 1 && args[1] == "production";
Console.WriteLine($"FlowDocs workflow benchmark: {count} per measurement, {(production ? "MariaDB + Redis" : "SQLite + Hangfire in-memory")}, {Environment.ProcessorCount} cores, {BenchmarkLoad.Callers} callers, 8 Hangfire workers");

var noop = await MeasureAsync("(a) Hangfire no-op jobs", production, 1000, count, async (services, n) =>
{
    var jobs = services.GetRequiredService<IBackgroundJobClient>();
    var ids = Enumerable.Range(0, n).Select(_ => jobs.Enqueue(() => NoOp.Run())).ToList();
    var monitor = services.GetRequiredService<JobStorage>().GetMonitoringApi();
    var before = monitor.SucceededListCount() - n;
    await WaitAsync(() => Task.FromResult(monitor.SucceededListCount() - before >= n));
});
var workflows = await MeasureAsync("(b) FlowDocs workflows", production, 1000, count, (services, n) => RunWorkflowsAsync(services, n, Decision()));
var peer = await WorkflowCorePeer.MeasureAsync("(c) Workflow Core 3.22 in memory", count, workers: 8);
var roundTrips = await MeasureAsync("(d) FlowDocs human-task round trips", production, 1000, count, (services, n) => RunRoundTripsAsync(services, n));
var perActivity = await MeasureAsync("(e) FlowDocs, one job per activity", production, 1, count, (services, n) => RunWorkflowsAsync(services, n, Decision()));

Console.WriteLine();
Console.WriteLine($"ratio (b)/(a) workflows per Hangfire no-op job:   {workflows / noop:0.00}   (target >= 1.00)");
Console.WriteLine($"ratio (b)/(c) FlowDocs vs Workflow Core in memory: {workflows / peer:0.00}   (target >= 1.00)");
Console.WriteLine($"ratio (d)/(a) round trips per no-op job:           {roundTrips / noop:0.00}");
Console.WriteLine($"ratio (b)/(e) burst vs one job per activity:       {workflows / perActivity:0.00}");
return 0;

static async Task<double> MeasureAsync(string name, bool production, int maxActivities, int count, Func<IServiceProvider, int, Task> run)
{
    // The code is warmed in a host of its own; the timed run gets a fresh host and an empty database, as the peer does.
    await WithHostAsync(production, maxActivities, async services =>
    {
        await Warmup.RunAsync(name, count, n => run(services, n));
        return 0.0;
    });
    return await WithHostAsync(production, maxActivities, async services =>
    {
        await run(services, Math.Min(50, count));
        var stopwatch = Stopwatch.StartNew();
        await run(services, count);
        var perSecond = count / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{name,-44} {count,6} in {stopwatch.Elapsed.TotalSeconds,6:0.00} s = {perSecond,8:0.0}/s");
        return perSecond;
    });
}

static async Task<T> WithHostAsync<T>(bool production, int maxActivities, Func<IServiceProvider, Task<T>> body)
{
    // Hangfire's log provider is process-wide and still points at the previous (disposed) host's logger factory.
    Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
    var folder = Directory.CreateTempSubdirectory("flowdocs-bench").FullName;
    var database = $"flowdocs_bench_{Guid.NewGuid():N}"[..28];
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["FlowDocs:DataPath"] = folder,
        [JobsModule.WorkerCountKey] = "8",
        [WorkflowsModule.MaxActivitiesPerBurstKey] = maxActivities.ToString(CultureInfo.InvariantCulture),
        [JobsModule.ProviderKey] = production ? "Redis" : "InMemory",
        [JobsModule.ConnectionStringKey] = production ? Environment.GetEnvironmentVariable("FLOWDOCS_TEST_REDIS") : null,
        [JobsModule.PrefixKey] = $"{{flowdocs-bench-{Guid.NewGuid():N}}}:",
        [DataModule.ProviderKey] = production ? "MySql" : "Sqlite",
        [DataModule.ConnectionStringKey] = production ? $"{Environment.GetEnvironmentVariable("FLOWDOCS_TEST_MYSQL")};Database={database}" : null,
    });
    builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Hangfire", LogLevel.Error));
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddData();
    builder.AddJobs();
    builder.AddWorkflows();
    using var host = builder.Build();
    await host.Services.MigrateDatabaseAsync(CancellationToken.None);
    await host.StartAsync();
    try
    {
        return await body(host.Services);
    }
    finally
    {
        await host.StopAsync();
        if (production)
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Database.EnsureDeletedAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

static string Decision() => new JsonObject
{
    ["definitionId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
    ["name"] = "Benchmark",
    ["variables"] = new JsonArray(new JsonObject { ["id"] = "Amount", ["name"] = "Amount", ["typeName"] = "Int32", ["value"] = "0" }),
    ["root"] = new JsonObject
    {
        ["type"] = "Elsa.Flowchart",
        ["id"] = "Flowchart1",
        ["activities"] = new JsonArray(
            new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" },
            new JsonObject
            {
                ["id"] = "set",
                ["type"] = "Elsa.SetVariable",
                ["variable"] = new JsonObject { ["name"] = "Amount" },
                ["value"] = new JsonObject { ["typeName"] = "Int32", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "42" } },
            },
            new JsonObject
            {
                ["id"] = "decide",
                ["type"] = "Elsa.FlowDecision",
                ["condition"] = new JsonObject { ["typeName"] = "Boolean", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "true" } },
            },
            new JsonObject { ["id"] = "end", ["type"] = "Elsa.End" }),
        ["connections"] = new JsonArray(
            Connection("start", "set", "Done"), Connection("set", "decide", "Done"), Connection("decide", "end", "True"), Connection("decide", "end", "False")),
    },
}.ToJsonString();

static JsonObject Connection(string source, string target, string port) => new()
{
    ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
    ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
};

static async Task<(Guid Tenant, WorkflowDefinition Version)> PublishAsync(IServiceProvider services, string json)
{
    var tenant = Guid.NewGuid();
    await using var scope = services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
    var definitions = scope.ServiceProvider.GetRequiredService<DefinitionService>();
    var created = await definitions.CreateAsync(WorkflowModel.Parse(json), CancellationToken.None);
    return (tenant, await definitions.PublishAsync(created.DefinitionId, CancellationToken.None));
}

static async Task RunWorkflowsAsync(IServiceProvider services, int count, string json)
{
    var (tenant, version) = await PublishAsync(services, json);
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = BenchmarkLoad.Callers }, async (_, ct) =>
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
        await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(version, null, null, null, ct);
    });
    await WaitForFinishedAsync(services, tenant, version.DefinitionId, count);
}

static async Task RunRoundTripsAsync(IServiceProvider services, int count)
{
    var json = JsonNode.Parse(Decision())!.AsObject();
    var activities = json["root"]!["activities"]!.AsArray();
    activities.Insert(1, new JsonObject
    {
        ["id"] = "task",
        ["type"] = "Elsa.Event",
        ["eventName"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "task-done" } },
    });
    var connections = json["root"]!["connections"]!.AsArray();
    connections.RemoveAt(0);
    connections.Insert(0, Connection("start", "task", "Done"));
    connections.Insert(1, Connection("task", "set", "Done"));
    var (tenant, version) = await PublishAsync(services, json.ToJsonString());
    var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = BenchmarkLoad.Callers }, async (_, ct) =>
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
        ids.Add((await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(version, null, null, null, ct)).Id);
    });

    await using (var scope = services.CreateAsyncScope())
    {
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        await WaitAsync(async () => await db.Set<WorkflowBookmark>().CountAsync() >= count);
    }

    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = BenchmarkLoad.Callers }, async (id, ct) =>
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var bookmark = await db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.InstanceId == id).Select(b => b.Id).SingleAsync(ct);
        await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().ResumeAsync(bookmark, new JsonObject(), ct);
    });
    await WaitForFinishedAsync(services, tenant, version.DefinitionId, count);
}

static async Task WaitForFinishedAsync(IServiceProvider services, Guid tenant, string definitionId, int count)
{
    await using var scope = services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
    var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
    await WaitAsync(async () => await db.Set<WorkflowInstance>().CountAsync(i => i.DefinitionId == definitionId && i.SubStatus == WorkflowSubStatus.Finished) >= count);
}

static async Task WaitAsync(Func<Task<bool>> done)
{
    var deadline = Stopwatch.StartNew();
    while (!await done())
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(5))
        {
            throw new TimeoutException("The benchmark did not finish within 5 minutes.");
        }

        await Task.Delay(20);
    }
}
