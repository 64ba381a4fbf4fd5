using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Data;
using FlowDocs.Testing;
using FlowDocs.Workflows.Definitions;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Workflows.Tests.ApiClient;

namespace FlowDocs.Workflows.Tests;

public sealed class TriggerApiTests
{
    public static TheoryData<StoreProfile> Profiles => [StoreProfile.Embedded, StoreProfile.Production];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Event_trigger_starts_an_instance_that_waits_and_finishes_on_a_second_event(StoreProfile profile)
    {
        await using var factory = new FlowDocsFactory(profile);
        var tenant = Guid.NewGuid();
        var designer = factory.CreateClientAs(Designer(tenant));
        var member = factory.CreateClientAs(TestUser.Member(tenant));
        var flow = new FlowBuilder("Order")
            .Activity("placed", "Elsa.Event", ("eventName", "Literal", "order-placed"))
            .Activity("paid", "Elsa.Event", ("eventName", "Literal", "order-paid"))
            .Activity("line", "Elsa.WriteLine", ("text", "JavaScript", "'order ' + input.order + ' paid'"))
            .Connect("placed", "paid").Connect("paid", "line");
        await designer.CreateAndPublishAsync(flow.Build());

        var triggered = await (await member.PostAsJsonAsync("/api/workflows/events", new { eventName = "order-placed", correlationId = "o-7", payload = new { order = 7 } }, Ct))
            .JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(1, triggered["started"]!.GetValue<int>());
        var list = await (await member.GetAsync($"{InstancesUrl}?correlationId=o-7", Ct)).JsonAsync(HttpStatusCode.OK);
        var id = Guid.Parse(Assert.Single(list["items"]!.AsArray())!["id"]!.GetValue<string>());
        await member.WaitForAsync(id, "Suspended");

        await (await member.PostAsJsonAsync("/api/workflows/events", new { eventName = "order-paid", correlationId = "o-7" }, Ct)).JsonAsync(HttpStatusCode.Accepted);
        var finished = await member.WaitForAsync(id, "Finished");

        Assert.Equal(["order 7 paid"], finished.Lines());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Elsa_sample_imports_exports_and_runs_over_http(StoreProfile profile)
    {
        await using var factory = new FlowDocsFactory(profile);
        var designer = factory.CreateClientAs(Designer(Guid.NewGuid()));
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "ElsaSamples", "implicit-loop.json"), Ct))!.AsObject();
        var definitionId = sample["definitionId"]!.GetValue<string>();

        var imported = await (await designer.PostAsJsonAsync($"{DefinitionsUrl}/import", sample, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.True(imported["validation"]!["isValid"]!.GetValue<bool>());
        await (await designer.PostAsync($"{DefinitionsUrl}/{definitionId}/publish", null, Ct)).JsonAsync(HttpStatusCode.OK);
        var id = await designer.StartAsync(definitionId);
        var finished = await designer.WaitForAsync(id, "Finished");
        Assert.Equal(["Do something", "Retry", "Do something", "Done"], finished.Lines());

        var exported = await (await designer.GetAsync($"{DefinitionsUrl}/{definitionId}/export", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(definitionId, exported["definitionId"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(sample["variables"], exported["variables"]));
        Assert.Equal(6, exported["root"]!["connections"]!.AsArray().Count);

        var reimported = await (await designer.PostAsJsonAsync($"{DefinitionsUrl}/import", exported, Ct)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, reimported["definition"]!["summary"]!["version"]!.GetValue<int>());
        var again = await (await designer.GetAsync($"{DefinitionsUrl}/{definitionId}/export", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(exported["root"], again["root"]));
    }

    [Fact]
    public async Task Ten_restarts_leave_exactly_one_recurring_job_per_cron_trigger_and_retract_removes_it()
    {
        var dataPath = Directory.CreateTempSubdirectory("flowdocs-wf-restart").FullName;
        var tenant = Guid.NewGuid();
        try
        {
            FlowDocsFactory Start() => new FlowDocsFactory().With("FlowDocs:DataPath", dataPath).With(JobsModule.WorkerCountKey, "1");
            static List<string> TriggerJobs(FlowDocsFactory factory)
            {
                using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
                return connection.GetRecurringJobs().Where(j => j.Id.StartsWith(TriggerIndexer.RecurringPrefix, StringComparison.Ordinal)).Select(j => j.Cron).ToList();
            }

            var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "ElsaSamples", "cron-every-hour.json"), Ct))!.AsObject();
            await using (var first = Start())
            {
                await first.CreateClientAs(Designer(tenant)).CreateAndPublishAsync(sample);
                Assert.Equal(["0 0 * * * *"], TriggerJobs(first));
            }

            for (var restart = 0; restart < 10; restart++)
            {
                await using var factory = Start();
                _ = factory.CreateClient();
                await WaitUntilAsync(() => TriggerJobs(factory).Count == 1);
                Assert.Equal(["0 0 * * * *"], TriggerJobs(factory));
            }

            await using (var last = Start())
            {
                await (await last.CreateClientAs(Designer(tenant)).PostAsync($"{DefinitionsUrl}/{sample["definitionId"]}/retract", null, Ct)).JsonAsync(HttpStatusCode.OK);
                Assert.Empty(TriggerJobs(last));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++)
        {
            await Task.Delay(100, Ct);
        }
    }
}
