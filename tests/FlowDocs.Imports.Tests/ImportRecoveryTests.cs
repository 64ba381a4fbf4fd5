using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Runs;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Imports.Tests.GraphMock;

namespace FlowDocs.Imports.Tests;

/// <summary>Runs whose worker died are taken over; a run another worker holds is left alone; the import activity on its own.</summary>
public sealed class ImportRecoveryTests
{
    private static readonly CancellationToken Ct = ImportsHost.Ct;

    [Theory]
    [InlineData(StoreProfile.Embedded)]
    [InlineData(StoreProfile.Production)]
    public async Task A_run_whose_worker_died_is_taken_over_by_maintenance_and_a_live_one_is_left_alone(StoreProfile profile)
    {
        await using var host = new ImportsHost(profile);
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a"));
        var sourceId = await host.CreateSourceAsync();
        var now = DateTimeOffset.UtcNow;
        var abandoned = await AddRunAsync(host, sourceId, heartbeat: now - TimeSpan.FromMinutes(20));

        await using (var scope = host.Server.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ImportMaintenance>().RunAsync(Ct));
        }

        var finished = await host.WaitForRunAsync(abandoned);
        Assert.Equal(("Succeeded", 1), (finished["status"]!.GetValue<string>(), finished.Int("new")));

        // A second delivery of a run whose worker is alive (fresh heartbeat) does nothing.
        var live = await AddRunAsync(host, sourceId, heartbeat: DateTimeOffset.UtcNow);
        await using (var scope = host.Server.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(host.TenantId);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(live, Ct));
        }

        var untouched = await (await host.Admin().GetAsync($"/api/imports/runs/{live}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Running", 0), (untouched["status"]!.GetValue<string>(), untouched.Int("itemsSeen")));
    }

    [Fact]
    public async Task ImportFromGraph_imports_the_given_source_and_faults_on_an_unknown_one()
    {
        await using var host = new ImportsHost();
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1"), File("i2", "b.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a"));
        host.Graph.Content("i2", Encoding.UTF8.GetBytes("b"));
        var sourceId = await host.CreateSourceAsync();
        var designer = host.Client(new TestUser(host.TenantId, "designer-1", FlowDocsRoles.Designer, FlowDocsRoles.Member));

        var done = await RunImportWorkflowAsync(designer, sourceId.ToString());
        Assert.Equal("Finished", done["summary"]!["subStatus"]!.GetValue<string>());
        Assert.Contains(done["journal"]!.AsArray(), j => j!["message"]?.GetValue<string>() == "imported port taken");
        Assert.Contains(done["journal"]!.AsArray(), j => j!["message"]?.GetValue<string>()?.StartsWith("Import finished Done: 2 new", StringComparison.Ordinal) == true);
        Assert.Equal(2, (await host.DocumentsAsync()).Count);

        var faulted = await RunImportWorkflowAsync(designer, Guid.NewGuid().ToString());
        Assert.Equal("Faulted", faulted["summary"]!["subStatus"]!.GetValue<string>());
        Assert.Contains("does not exist", faulted["incidents"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missed_lifecycle_notification_queues_a_delta_run()
    {
        await using var host = new ImportsHost(configure: f => f.With(ImportsSettings.NotificationUrlKey, "https://flowdocs.example.com/api/imports/webhooks/graph"));
        host.Graph.DeltaPage(null, [], delta: "d1");
        var sourceId = await host.CreateSourceAsync();
        await using (var scope = host.Server.Services.CreateAsyncScope())
        {
            var state = scope.ServiceProvider.GetRequiredService<Graph.SourceSecrets>().ProtectClientState("state-m");
            await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<ImportSource>().IgnoreQueryFilters().Where(s => s.Id == sourceId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SubscriptionId, "sub-m").SetProperty(x => x.ProtectedClientState, state), Ct);
        }

        var missed = new { value = new[] { new { subscriptionId = "sub-m", clientState = "state-m", lifecycleEvent = "missed" } } };
        Assert.Equal(HttpStatusCode.Accepted, (await host.Anonymous().PostAsJsonAsync("/api/imports/webhooks/graph", missed, Ct)).StatusCode);

        var runs = await (await host.Admin().GetAsync($"/api/imports/sources/{sourceId}/runs", Ct)).JsonAsync(HttpStatusCode.OK);
        var run = Assert.Single(runs["items"]!.AsArray())!.AsObject();
        Assert.Equal("Succeeded", (await host.WaitForRunAsync(run.Id()))["status"]!.GetValue<string>());
    }

    private static async Task<Guid> AddRunAsync(ImportsHost host, Guid sourceId, DateTimeOffset heartbeat)
    {
        await using var scope = host.Server.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(host.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var run = new ImportRun
        {
            Id = Guid.CreateVersion7(),
            SourceId = sourceId,
            Status = ImportRunStatus.Running,
            Trigger = ImportRunTrigger.Manual,
            RequestedBy = "admin-1",
            QueuedAt = heartbeat,
            StartedAt = heartbeat,
            HeartbeatAt = heartbeat,
        };
        db.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }

    private static async Task<JsonObject> RunImportWorkflowAsync(HttpClient designer, string sourceId)
    {
        static JsonObject Input(string value) => new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
        var definitionId = "import-" + Guid.NewGuid().ToString("N")[..8];
        var definition = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["root"] = new JsonObject
            {
                ["id"] = "Flowchart1",
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" },
                    new JsonObject { ["id"] = "import", ["type"] = "FlowDocs.ImportFromGraph", ["sourceId"] = Input(sourceId) },
                    new JsonObject { ["id"] = "imported", ["type"] = "Elsa.WriteLine", ["text"] = Input("imported port taken") }),
                ["connections"] = new JsonArray(
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "import", ["port"] = "In" } },
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "import", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "imported", ["port"] = "In" } }),
            },
        };
        await (await designer.PostAsJsonAsync("/api/workflows/definitions", definition, Ct)).JsonAsync(HttpStatusCode.Created);
        await (await designer.PostAsync($"/api/workflows/definitions/{definitionId}/publish", null, Ct)).JsonAsync(HttpStatusCode.OK);
        var started = await (await designer.PostAsJsonAsync("/api/workflows/instances", new { definitionId }, Ct)).JsonAsync(HttpStatusCode.Created);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var instance = await (await designer.GetAsync($"/api/workflows/instances/{started.Id()}", Ct)).JsonAsync(HttpStatusCode.OK);
            if (instance["summary"]!["subStatus"]!.GetValue<string>() is "Finished" or "Faulted")
            {
                return instance;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The import instance did not end: {instance.ToJsonString()}");
            await Task.Delay(100, Ct);
        }
    }
}
