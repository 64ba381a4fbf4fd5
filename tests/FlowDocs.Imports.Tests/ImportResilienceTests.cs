using System.Net;
using System.Text;
using FlowDocs.Testing;
using WireMock.ResponseBuilders;
using static FlowDocs.Imports.Tests.GraphMock;

namespace FlowDocs.Imports.Tests;

/// <summary>What goes wrong with Graph: a run dying between pages, an expired cursor (410), throttling (429), a bad item.</summary>
public sealed class ImportResilienceTests
{
    public static TheoryData<StoreProfile> Profiles => [StoreProfile.Embedded, StoreProfile.Production];

    private static readonly CancellationToken Ct = ImportsHost.Ct;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_run_that_dies_between_pages_is_resumed_at_that_page_without_duplicates(StoreProfile profile)
    {
        await using var host = new ImportsHost(profile);
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1"), File("i2", "b.txt", "e1")], next: "p2");
        host.Graph.DeltaFails("p2", 500, "generalException");
        foreach (var id in new[] { "i1", "i2", "i3" })
        {
            host.Graph.Content(id, Encoding.UTF8.GetBytes($"content of {id}"));
        }

        var sourceId = await host.CreateSourceAsync();
        var failed = await host.RunAsync(sourceId);
        Assert.Equal("Failed", failed["status"]!.GetValue<string>());
        Assert.Contains("500", failed["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((1, 2), (failed.Int("pages"), failed.Int("new")));

        // Graph is back: the next run starts at page 2, not at the beginning, and page 1's items are not imported twice.
        host.Graph.Reset();
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1"), File("i2", "b.txt", "e1")], next: "p2");
        host.Graph.DeltaPage("p2", [File("i2", "b.txt", "e1"), File("i3", "c.txt", "e1")], delta: "d1");
        host.Graph.Content("i3", Encoding.UTF8.GetBytes("content of i3"));
        var firstPageRequests = host.Graph.DeltaRequests(null);

        var resumed = await host.RunAsync(sourceId);

        Assert.Equal("Succeeded", resumed["status"]!.GetValue<string>());
        Assert.Equal(firstPageRequests, host.Graph.DeltaRequests(null));
        Assert.Equal((1, 1), (resumed.Int("new"), resumed.Int("skipped")));
        Assert.Equal(3, (await host.DocumentsAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Gone_410_resyncs_the_whole_folder_without_duplicating_and_finds_what_was_deleted_meanwhile(StoreProfile profile)
    {
        await using var host = new ImportsHost(profile);
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1"), File("i2", "b.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a"));
        host.Graph.Content("i2", Encoding.UTF8.GetBytes("b"));
        var sourceId = await host.CreateSourceAsync();
        Assert.Equal(2, (await host.RunAsync(sourceId)).Int("new"));

        // The cursor expired; meanwhile i2 was deleted and i3 added. The re-enumeration lists only what exists now.
        host.Graph.Reset();
        host.Graph.DeltaFails("d1", 410, "resyncRequired");
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1"), File("i3", "c.txt", "e1")], delta: "d2");
        host.Graph.Content("i3", Encoding.UTF8.GetBytes("c"));

        var run = await host.RunAsync(sourceId);

        Assert.Equal("Succeeded", run["status"]!.GetValue<string>());
        Assert.True(run["fullEnumeration"]!.GetValue<bool>());
        Assert.Equal((1, 1, 1, 0), (run.Int("new"), run.Int("skipped"), run.Int("deleted"), run.Int("updated")));
        var documents = (await host.DocumentsAsync()).Select(d => d!.AsObject()).ToDictionary(d => d["title"]!.GetValue<string>());
        Assert.Equal(3, documents.Count);
        Assert.Equal("Archived", documents["b"]["status"]!.GetValue<string>());
        Assert.Equal(1, documents["a"]["currentVersionNumber"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_item_that_fails_during_a_resync_is_not_taken_for_deleted()
    {
        await using var host = new ImportsHost();
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1"), File("i2", "b.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a"));
        host.Graph.Content("i2", Encoding.UTF8.GetBytes("b"));
        var sourceId = await host.CreateSourceAsync();
        Assert.Equal(2, (await host.RunAsync(sourceId)).Int("new"));

        host.Graph.Reset();
        host.Graph.DeltaFails("d1", 410, "resyncRequired");
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e2"), File("i2", "b.txt", "e1")], delta: "d2");
        host.Graph.ContentFails("i1", 500);

        var run = await host.RunAsync(sourceId);

        Assert.Equal("CompletedWithErrors", run["status"]!.GetValue<string>());
        Assert.Equal((1, 0, 1), (run.Int("failed"), run.Int("deleted"), run.Int("skipped")));
        Assert.All(await host.DocumentsAsync(), d => Assert.Equal("Draft", d!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Throttling_429_is_retried_after_the_time_Graph_asks_for()
    {
        await using var host = new ImportsHost();
        host.Graph.Server.Given(GraphMock.DeltaRequest(null)).AtPriority(1).InScenario("throttle").WillSetStateTo("throttled")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2").WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"activityLimitReached","message":"throttled (mock)"}}"""));
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a"));
        var sourceId = await host.CreateSourceAsync();

        var run = await host.RunAsync(sourceId);

        Assert.Equal("Succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(1, run.Int("new"));
        var deltas = host.Graph.Requests("/delta").Select(e => e.RequestMessage.DateTime).ToList();
        Assert.Equal(2, deltas.Count);
        Assert.True(deltas[1] - deltas[0] >= TimeSpan.FromSeconds(1.9), $"retried after {(deltas[1] - deltas[0]).TotalSeconds:0.00} s, Retry-After said 2 s");
    }

    [Fact]
    public async Task An_item_that_cannot_be_downloaded_is_recorded_and_the_run_goes_on_and_retries_it_next_time()
    {
        await using var host = new ImportsHost();
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1"), File("bad", "broken.txt", "e1"), File("i3", "c.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a"));
        host.Graph.ContentFails("bad", 404);
        host.Graph.Content("i3", Encoding.UTF8.GetBytes("c"));
        var sourceId = await host.CreateSourceAsync();

        var run = await host.RunAsync(sourceId);

        Assert.Equal("CompletedWithErrors", run["status"]!.GetValue<string>());
        Assert.Equal((2, 1), (run.Int("new"), run.Int("failed")));
        var error = Assert.Single(run["errors"]!.AsArray())!;
        Assert.Equal(("bad", "broken.txt"), (error["itemId"]!.GetValue<string>(), error["itemName"]!.GetValue<string>()));
        Assert.Contains("404", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The run history lists it; "run now" while a run is queued answers 409.
        var runs = await (await host.Admin().GetAsync($"/api/imports/sources/{sourceId}/runs", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Single(runs["items"]!.AsArray());
    }

    [Fact]
    public async Task Run_now_answers_409_while_a_run_is_active_and_for_a_disabled_source()
    {
        await using var host = new ImportsHost();
        host.Graph.Server.Given(GraphMock.DeltaRequest(null)).RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(3))
            .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""{"value":[],"@odata.deltaLink":"{{host.Graph.DeltaUrl("d1")}}"}"""));
        var sourceId = await host.CreateSourceAsync();
        var admin = host.Admin();

        var first = await (await admin.PostAsync($"/api/imports/sources/{sourceId}/runs", null, Ct)).JsonAsync(HttpStatusCode.Accepted);
        var second = await admin.PostAsync($"/api/imports/sources/{sourceId}/runs", null, Ct);
        var problem = await second.JsonAsync(HttpStatusCode.Conflict);
        Assert.Contains(first.Id().ToString(), problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", (await host.WaitForRunAsync(first.Id()))["status"]!.GetValue<string>());

        await (await admin.PatchAsync($"/api/imports/sources/{sourceId}", System.Net.Http.Json.JsonContent.Create(new { enabled = false }), Ct)).JsonAsync(HttpStatusCode.OK);
        var disabled = await (await admin.PostAsync($"/api/imports/sources/{sourceId}/runs", null, Ct)).JsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("disabled", disabled["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await admin.PostAsync($"/api/imports/sources/{Guid.NewGuid()}/runs", null, Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/imports/runs/{Guid.NewGuid()}", Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/imports/sources/{Guid.NewGuid()}/runs", Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/imports/sources/{sourceId}/runs?pageSize=0", Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);
    }
}
