using System.Diagnostics;
using System.Text.Json.Nodes;
using FlowDocs.Common;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Testing;
using FlowDocs.Workflows;
using FlowDocs.Workflows.Definitions;
using FlowDocs.Workflows.Model;
using FlowDocs.Workflows.Runtime;
using Hangfire.Redis.StackExchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySql.Data.MySqlClient;
using StackExchange.Redis;

namespace FlowDocs.Server.Tests;

/// <summary>
/// DESIGN.md §8 "killing a worker mid-run loses nothing and duplicates nothing", with real processes on the
/// production profile: a worker process is killed with SIGKILL while it runs a slow burst, another worker
/// starts, and the instance finishes with every activity journalled exactly once.
/// </summary>
[Collection(JobProcessing.Name)]
public sealed class WorkerKillTests
{
    private const int SlowSteps = 3;

    [Fact]
    public async Task A_worker_process_killed_mid_burst_loses_nothing_and_the_next_worker_finishes_the_instance_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid().ToString("N")[..12];
        var prefix = $"{{flowdocs-kill-{id}}}:";
        var database = $"flowdocs_kill_{id}";
        var workDir = Directory.CreateTempSubdirectory("flowdocs-kill-").FullName;
        var mySql = $"{BackingServices.MySql};Database={database}"; // worker processes pool as a deployed server does
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["FlowDocs__Role"] = "Worker",
            ["FlowDocs__DataPath"] = workDir,
            ["FlowDocs__Database__Provider"] = "MySql",
            ["FlowDocs__Database__ConnectionString"] = mySql,
            ["FlowDocs__Database__MigrateOnStartup"] = "false",
            ["FlowDocs__Jobs__Provider"] = "Redis",
            ["FlowDocs__Jobs__ConnectionString"] = BackingServices.Redis,
            ["FlowDocs__Jobs__Prefix"] = prefix,
            ["FlowDocs__Jobs__WorkerCount"] = "2",
            // Pending work older than this is the sweep's: the next worker's start-up sweep finds the killed burst.
            ["FlowDocs__Workflows__RecoveryAfterSeconds"] = "10",
            // The slow steps are busy loops in JavaScript: give them room under the script limits.
            ["FlowDocs__Workflows__ScriptTimeoutMs"] = "20000",
            ["FlowDocs__Workflows__ScriptMaxStatements"] = "100000000",
            ["FlowDocs__Blobs__Provider"] = "S3",
            ["FlowDocs__Blobs__S3__ServiceUrl"] = BackingServices.S3.ToString(),
            ["FlowDocs__Blobs__S3__Bucket"] = BackingServices.S3Bucket,
            ["FlowDocs__Blobs__S3__Prefix"] = $"kill-{id}/",
            ["FlowDocs__Blobs__S3__AccessKey"] = BackingServices.S3AccessKey,
            ["FlowDocs__Blobs__S3__SecretKey"] = BackingServices.S3SecretKey,
            ["FlowDocs__Identity__SigningCertificate__Base64"] = TestCertificates.SigningBase64,
            ["FlowDocs__Identity__SigningCertificate__Password"] = TestCertificates.Password,
            ["FlowDocs__Identity__EncryptionCertificate__Base64"] = TestCertificates.EncryptionBase64,
            ["FlowDocs__Identity__EncryptionCertificate__Password"] = TestCertificates.Password,
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__MinimumLevel__Override__Microsoft"] = "Warning",
        };
        await using var redis = await ConnectionMultiplexer.ConnectAsync(BackingServices.Redis);
        var workers = new List<Process>();
        var output = new List<string>();
        ServiceProvider? web = null;
        try
        {
            var migrate = await ServerProcess.RunAsync(workDir, environment, "migrate");
            Assert.True(migrate.ExitCode == 0, migrate.StdOut + migrate.StdErr);
            web = WebServices(BackingServices.MySqlDatabase(database), prefix);
            var tenant = Guid.NewGuid();
            var version = await PublishAsync(web, tenant, ct);

            // Started here (the web role): the inline first burst stops at the event, so the slow burst is a job.
            Guid instanceId;
            await using (var scope = Scope(web, tenant))
            {
                instanceId = (await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(version, null, "kill-test", null, ct)).Id;
            }

            Assert.Equal(WorkflowSubStatus.Suspended, (await InstanceAsync(web, tenant, instanceId, ct)).SubStatus);

            var doomed = ScaleOutTests.StartWorker(workDir, environment, output);
            workers.Add(doomed);
            await WaitForAsync(async () => await redis.GetDatabase().SetLengthAsync($"{prefix}servers") == 1, "the first worker's Hangfire server", TimeSpan.FromSeconds(60), ct);

            var resumedAt = Stopwatch.StartNew();
            await using (var scope = Scope(web, tenant))
            {
                var (resumed, _) = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().PublishEventAsync("go", "kill-test", null, ct);
                Assert.Equal(1, resumed);
            }

            var monitor = new RedisStorage(redis, new RedisStorageOptions { Prefix = prefix }).GetMonitoringApi();
            await WaitForAsync(() => Task.FromResult(monitor.ProcessingCount() == 1), "the worker to take the burst", TimeSpan.FromSeconds(60), ct);
            // Inside the first slow step (each busy-waits 1.5 s): the burst has run but committed nothing.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            doomed.Kill();
            await doomed.WaitForExitAsync(ct);

            var killed = await InstanceAsync(web, tenant, instanceId, ct);
            Assert.Equal(WorkflowSubStatus.Pending, killed.SubStatus);
            Assert.Equal(["start", "wait"], (await JournalAsync(web, tenant, instanceId, ct)).Select(j => j.ActivityId));

            // The next worker's start-up sweep re-enqueues the instance once it is older than RecoveryAfterSeconds.
            var wait = TimeSpan.FromSeconds(11) - resumedAt.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var next = ScaleOutTests.StartWorker(workDir, environment, output);
            workers.Add(next);
            // The killed worker's instance lock in Redis expires by itself (30 s) before the burst can run again.
            await WaitForAsync(
                async () => (await InstanceAsync(web, tenant, instanceId, ct)).SubStatus is WorkflowSubStatus.Finished or WorkflowSubStatus.Faulted,
                "the second worker to finish the instance", TimeSpan.FromMinutes(3), ct, output,
                async () => $"worker exited: {next.HasExited}; instance: {(await InstanceAsync(web, tenant, instanceId, ct)).StateJson}; " +
                    $"jobs enqueued {monitor.EnqueuedCount("default")}, processing {monitor.ProcessingCount()}, scheduled {monitor.ScheduledCount()}, failed {monitor.FailedCount()}, succeeded {monitor.SucceededListCount()}, servers {monitor.Servers().Count}");

            var instance = await InstanceAsync(web, tenant, instanceId, ct);
            Assert.True(instance.SubStatus == WorkflowSubStatus.Finished, instance.StateJson);
            var journal = await JournalAsync(web, tenant, instanceId, ct);
            Assert.Equal(["start", "wait", "wait", "slow1", "w1", "slow2", "w2", "slow3", "w3"], journal.Select(j => j.ActivityId));
            Assert.Equal(Enumerable.Range(1, journal.Count), journal.Select(j => j.Sequence));
            Assert.Equal(["step 1", "step 2", "step 3"], journal.Where(j => j.ActivityType == "Elsa.WriteLine").Select(j => j.Message));
            Assert.Equal(SlowSteps, InstanceState.Deserialize(instance.StateJson).Variables["Count"]!.GetValue<double>());
            // The inline start's burst and the one burst that committed: the killed one left no trace.
            Assert.Equal(2, instance.BurstCount);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill(entireProcessTree: true);
                    await worker.WaitForExitAsync(CancellationToken.None);
                }

                worker.Dispose();
            }

            if (web is not null)
            {
                await web.DisposeAsync();
            }

            await using var connection = new MySqlConnection(BackingServices.MySql);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{database}`", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
            Directory.Delete(workDir, recursive: true);
        }
    }

    /// <summary>The engine as the web role has it (Hangfire client, no server), on the workers' database and Redis.</summary>
    private static ServiceProvider WebServices(string mySql, string prefix)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ServerRoles.Key] = "Web",
            [DataModule.ProviderKey] = "MySql",
            [DataModule.ConnectionStringKey] = mySql,
            [JobsModule.ProviderKey] = "Redis",
            [JobsModule.ConnectionStringKey] = BackingServices.Redis,
            [JobsModule.PrefixKey] = prefix,
        });
        builder.Services.AddLogging();
        builder.AddData();
        builder.AddJobs();
        builder.AddWorkflows();
        return (ServiceProvider)builder.Build().Services;
    }

    private static AsyncServiceScope Scope(IServiceProvider services, Guid tenant)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
        return scope;
    }

    private static async Task<WorkflowDefinition> PublishAsync(IServiceProvider services, Guid tenant, CancellationToken ct)
    {
        // Elsa.Start first: an Elsa.Event without inbound connections would be a trigger, starting more instances.
        var activities = new JsonArray(new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" }, Activity("wait", "Elsa.Event", "eventName", "Literal", "go"));
        var connections = new JsonArray(Connection("start", "wait"), Connection("wait", "slow1"));
        for (var step = 1; step <= SlowSteps; step++)
        {
            activities.Add(Activity($"slow{step}", "Elsa.RunJavaScript", "script", "Literal",
                // Few, slow statements (a scan of 1 M characters each): an empty busy loop runs into the statement
                // limit on an idle machine and faults the step.
                "var text = 'x'.repeat(1000000); var started = Date.now(); while (Date.now() - started < 1500) { text.indexOf('y'); } setCount(getCount() + 1);"));
            activities.Add(Activity($"w{step}", "Elsa.WriteLine", "text", "Literal", $"step {step}"));
            connections.Add(Connection($"slow{step}", $"w{step}"));
            if (step < SlowSteps)
            {
                connections.Add(Connection($"w{step}", $"slow{step + 1}"));
            }
        }

        var json = new JsonObject
        {
            ["definitionId"] = "kill-" + Guid.NewGuid().ToString("N")[..8],
            ["name"] = "Slow burst",
            ["variables"] = new JsonArray(new JsonObject { ["id"] = "Count", ["name"] = "Count", ["typeName"] = "Int32", ["value"] = "0" }),
            ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1", ["activities"] = activities, ["connections"] = connections },
        };
        await using var scope = Scope(services, tenant);
        var definitions = scope.ServiceProvider.GetRequiredService<DefinitionService>();
        var created = await definitions.CreateAsync(WorkflowModel.Parse(json.ToJsonString()), ct);
        return await definitions.PublishAsync(created.DefinitionId, ct);
    }

    private static JsonObject Activity(string id, string type, string input, string expressionType, string value) => new()
    {
        ["id"] = id,
        ["type"] = type,
        [input] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value } },
    };

    private static JsonObject Connection(string source, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = "Done" },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    private static async Task<WorkflowInstance> InstanceAsync(IServiceProvider services, Guid tenant, Guid instanceId, CancellationToken ct)
    {
        await using var scope = Scope(services, tenant);
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == instanceId, ct);
    }

    private static async Task<List<WorkflowJournalEntry>> JournalAsync(IServiceProvider services, Guid tenant, Guid instanceId, CancellationToken ct)
    {
        await using var scope = Scope(services, tenant);
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<WorkflowJournalEntry>().AsNoTracking()
            .Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync(ct);
    }

    private static async Task WaitForAsync(
        Func<Task<bool>> condition, string what, TimeSpan timeout, CancellationToken ct, List<string>? output = null, Func<Task<string>>? describe = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"Timed out waiting for {what}; {(describe is null ? "" : await describe())}; workers said:\n{(output is null ? "" : string.Join('\n', output.Where(l => !l.Contains("DbCommand", StringComparison.Ordinal)).TakeLast(60)))}");
            }

            await Task.Delay(100, ct);
        }
    }
}
