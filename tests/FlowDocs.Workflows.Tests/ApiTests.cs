using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using static FlowDocs.Workflows.Tests.ApiClient;

namespace FlowDocs.Workflows.Tests;

public sealed class ApiTests
{
    public static TheoryData<StoreProfile> Profiles => [StoreProfile.Embedded, StoreProfile.Production];

    private static FlowBuilder WaitingFlow(string text) => new FlowBuilder("Waiting")
        .Activity("start", "Elsa.Start")
        .Activity("wait", "Elsa.Event", ("eventName", "Literal", "approved"))
        .WriteLine("after", text)
        .Connect("start", "wait").Connect("wait", "after");

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Publish_start_wait_event_finish_and_version_pinning(StoreProfile profile)
    {
        await using var factory = new FlowDocsFactory(profile);
        var tenant = Guid.NewGuid();
        var designer = factory.CreateClientAs(Designer(tenant));
        var member = factory.CreateClientAs(TestUser.Member(tenant));
        var flow = WaitingFlow("v1 done");
        await designer.CreateAndPublishAsync(flow.Build());

        var onV1 = await member.StartAsync(flow.DefinitionId, new JsonObject { ["documentId"] = "d1" }, correlationId: "doc-1");
        var suspended = await member.WaitForAsync(onV1, "Suspended");
        Assert.Equal("approved", Assert.Single(suspended["bookmarks"]!.AsArray())!["key"]!.GetValue<string>());

        var v2 = WaitingFlow("v2 done").Build();
        v2["definitionId"] = flow.DefinitionId;
        var draft = await (await designer.PutAsJsonAsync($"{DefinitionsUrl}/{flow.DefinitionId}", v2, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, draft["summary"]!["version"]!.GetValue<int>());
        await (await designer.PostAsync($"{DefinitionsUrl}/{flow.DefinitionId}/publish", null, Ct)).JsonAsync(HttpStatusCode.OK);
        var onV2 = await member.StartAsync(flow.DefinitionId, correlationId: "doc-2");
        await member.WaitForAsync(onV2, "Suspended");

        var sent = await (await member.PostAsJsonAsync("/api/workflows/events", new { eventName = "approved", correlationId = "doc-1" }, Ct)).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(1, sent["resumed"]!.GetValue<int>());
        var finished = await member.WaitForAsync(onV1, "Finished");

        Assert.Equal(1, finished["summary"]!["definitionVersion"]!.GetValue<int>());
        Assert.Equal(["v1 done"], finished.Lines());
        Assert.Equal("d1", finished["input"]!["documentId"]!.GetValue<string>());
        var versions = await (await member.GetAsync($"{DefinitionsUrl}/{flow.DefinitionId}/versions", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([2, 1], versions["items"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal([false, true], versions["items"]!.AsArray().Select(v => v!["isPublished"]!.GetValue<bool>()).Reverse());

        var list = await (await member.GetAsync($"{InstancesUrl}?definitionId={flow.DefinitionId}&subStatus=Suspended", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(onV2.ToString(), Assert.Single(list["items"]!.AsArray())!["id"]!.GetValue<string>());
        var byCorrelation = await (await member.GetAsync($"{InstancesUrl}?correlationId=doc-1", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(onV1.ToString(), Assert.Single(byCorrelation["items"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Definition_lifecycle_conflicts_and_not_found(StoreProfile profile)
    {
        await using var factory = new FlowDocsFactory(profile);
        var tenant = Guid.NewGuid();
        var designer = factory.CreateClientAs(Designer(tenant));
        var flow = new FlowBuilder("Lifecycle").WriteLine("a", "hello");

        await (await designer.PostAsJsonAsync(DefinitionsUrl, flow.Build(), Ct)).JsonAsync(HttpStatusCode.Created);
        await (await designer.PostAsJsonAsync(DefinitionsUrl, flow.Build(), Ct)).JsonAsync(HttpStatusCode.Conflict);
        await (await designer.PostAsync($"{DefinitionsUrl}/{flow.DefinitionId}/retract", null, Ct)).JsonAsync(HttpStatusCode.Conflict);
        await (await designer.PostAsJsonAsync(InstancesUrl, new { definitionId = flow.DefinitionId }, Ct)).JsonAsync(HttpStatusCode.Conflict);

        var listed = await (await designer.GetAsync($"{DefinitionsUrl}?page=1&pageSize=10", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(flow.DefinitionId, Assert.Single(listed["items"]!.AsArray())!["definitionId"]!.GetValue<string>());
        await (await designer.GetAsync($"{DefinitionsUrl}?pageSize=1000", Ct)).JsonAsync(HttpStatusCode.BadRequest);

        await (await designer.PostAsync($"{DefinitionsUrl}/{flow.DefinitionId}/publish", null, Ct)).JsonAsync(HttpStatusCode.OK);
        await (await designer.DeleteAsync($"{DefinitionsUrl}/{flow.DefinitionId}/draft", Ct)).JsonAsync(HttpStatusCode.Conflict);
        var published = await (await designer.GetAsync($"{DefinitionsUrl}/{flow.DefinitionId}?version=published", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.True(published["summary"]!["isPublished"]!.GetValue<bool>());
        await (await designer.GetAsync($"{DefinitionsUrl}/{flow.DefinitionId}?version=7", Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await designer.GetAsync($"{DefinitionsUrl}/{flow.DefinitionId}?version=x", Ct)).JsonAsync(HttpStatusCode.BadRequest);

        await (await designer.PutAsJsonAsync($"{DefinitionsUrl}/{flow.DefinitionId}", flow.Build(), Ct)).JsonAsync(HttpStatusCode.OK);
        await (await designer.DeleteAsync($"{DefinitionsUrl}/{flow.DefinitionId}/draft", Ct)).JsonAsync(HttpStatusCode.NoContent);
        var latest = await (await designer.GetAsync($"{DefinitionsUrl}/{flow.DefinitionId}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, latest["summary"]!["version"]!.GetValue<int>());
        Assert.True(latest["summary"]!["isLatest"]!.GetValue<bool>());

        await (await designer.PostAsync($"{DefinitionsUrl}/{flow.DefinitionId}/retract", null, Ct)).JsonAsync(HttpStatusCode.OK);
        await (await designer.PostAsJsonAsync(InstancesUrl, new { definitionId = flow.DefinitionId }, Ct)).JsonAsync(HttpStatusCode.Conflict);

        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, $"{DefinitionsUrl}/missing"), (HttpMethod.Get, $"{DefinitionsUrl}/missing/versions"), (HttpMethod.Get, $"{DefinitionsUrl}/missing/export"),
            (HttpMethod.Post, $"{DefinitionsUrl}/missing/publish"), (HttpMethod.Post, $"{DefinitionsUrl}/missing/retract"), (HttpMethod.Post, $"{DefinitionsUrl}/missing/validate"),
            (HttpMethod.Delete, $"{DefinitionsUrl}/missing/draft"), (HttpMethod.Get, $"{InstancesUrl}/{Guid.NewGuid()}"),
            (HttpMethod.Post, $"{InstancesUrl}/{Guid.NewGuid()}/cancel"), (HttpMethod.Post, $"{InstancesUrl}/{Guid.NewGuid()}/retry"),
        })
        {
            await (await designer.SendAsync(new HttpRequestMessage(method, url), Ct)).JsonAsync(HttpStatusCode.NotFound);
        }

        await (await designer.PutAsJsonAsync($"{DefinitionsUrl}/missing", flow.Build(), Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await designer.PostAsJsonAsync(InstancesUrl, new { definitionId = "missing" }, Ct)).JsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_version_records_who_last_saved_published_or_retracted_it()
    {
        await using var factory = new FlowDocsFactory(StoreProfile.Embedded);
        var tenant = Guid.NewGuid();
        var ann = factory.CreateClientAs(new TestUser(tenant, "ann-id", FlowDocsRoles.Designer, FlowDocsRoles.Member) { DisplayName = "Ann Analyst" });
        var bob = factory.CreateClientAs(new TestUser(tenant, "bob-id", FlowDocsRoles.Designer, FlowDocsRoles.Member));
        var flow = WaitingFlow("done");

        var created = await (await ann.PostAsJsonAsync(DefinitionsUrl, flow.Build(), Ct)).JsonAsync(HttpStatusCode.Created);
        var published = await (await bob.PostAsync($"{DefinitionsUrl}/{flow.DefinitionId}/publish", null, Ct)).JsonAsync(HttpStatusCode.OK);
        var listed = await (await ann.GetAsync(DefinitionsUrl, Ct)).JsonAsync(HttpStatusCode.OK);
        var retracted = await (await ann.PostAsync($"{DefinitionsUrl}/{flow.DefinitionId}/retract", null, Ct)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("ann-id", "Ann Analyst"), Who(created["summary"]!));
        // Bob has no display name of his own: his sign-in names him by his id.
        Assert.Equal(("bob-id", "bob-id"), Who(published));
        Assert.Equal(("bob-id", "bob-id"), Who(Assert.Single(listed["items"]!.AsArray())!));
        Assert.Equal(("ann-id", "Ann Analyst"), Who(retracted));
    }

    private static (string? By, string? Name) Who(JsonNode summary) =>
        (summary["updatedBy"]?.GetValue<string>(), summary["updatedByName"]?.GetValue<string>());

    [Fact]
    public async Task Another_tenant_sees_nothing()
    {
        await using var factory = new FlowDocsFactory();
        var designer = factory.CreateClientAs(Designer(Guid.NewGuid()));
        var stranger = factory.CreateClientAs(Designer(Guid.NewGuid()));
        var flow = new FlowBuilder("Private").WriteLine("a", "hello");
        await designer.CreateAndPublishAsync(flow.Build());
        var id = await designer.StartAsync(flow.DefinitionId);

        await (await stranger.GetAsync($"{DefinitionsUrl}/{flow.DefinitionId}", Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"{InstancesUrl}/{id}", Ct)).JsonAsync(HttpStatusCode.NotFound);
        var list = await (await stranger.GetAsync(DefinitionsUrl, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(list["items"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Publishing_an_invalid_definition_answers_422_with_every_problem(StoreProfile profile)
    {
        await using var factory = new FlowDocsFactory(profile);
        var designer = factory.CreateClientAs(Designer(Guid.NewGuid()));
        var flow = new FlowBuilder("Broken")
            .Activity("start", "Elsa.Start")
            .Activity("mystery", "Acme.Unknown")
            .Activity("line", "Elsa.WriteLine")
            .Activity("js", "Elsa.FlowDecision", ("condition", "JavaScript", "1 +* 2"))
            .Activity("cron", "Elsa.Cron", ("cronExpression", "Literal", "BadCronExpression"))
            .Activity("liquid", "Elsa.WriteLine", ("text", "Liquid", "{% if %}"))
            .Connect("start", "mystery").Connect("start", "line", "Nope").Connect("line", "ghost").Connect("mystery", "js");
        await (await designer.PostAsJsonAsync(DefinitionsUrl, flow.Build(), Ct)).JsonAsync(HttpStatusCode.Created);

        var validation = await (await designer.PostAsync($"{DefinitionsUrl}/{flow.DefinitionId}/validate", null, Ct)).JsonAsync(HttpStatusCode.OK);
        var problem = await (await designer.PostAsync($"{DefinitionsUrl}/{flow.DefinitionId}/publish", null, Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);

        Assert.False(validation["isValid"]!.GetValue<bool>());
        var problems = problem["problems"]!.AsArray().Select(p => (p!["activityId"]?.GetValue<string>(), p["code"]!.GetValue<string>())).ToList();
        Assert.Contains(("mystery", "activity-type-unknown"), problems);
        Assert.Contains(("line", "input-missing"), problems);
        Assert.Contains(("js", "expression-invalid"), problems);
        Assert.Contains(("cron", "cron-invalid"), problems);
        Assert.Contains(("liquid", "expression-invalid"), problems);
        Assert.Contains(("start", "connection-port-unknown"), problems);
        Assert.Contains(("ghost", "connection-target-missing"), problems);
        Assert.Equal(validation["problems"]!.AsArray().Count, problems.Count);

        var cycle = new FlowBuilder("Cycle").WriteLine("a", "a").WriteLine("b", "b").Connect("a", "b").Connect("b", "a").Build();
        var cycleCheck = await (await designer.PostAsJsonAsync($"{DefinitionsUrl}/validate", cycle, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(cycleCheck["problems"]!.AsArray(), p => p!["code"]!.GetValue<string>() == "start-unreachable");
    }

    [Fact]
    public async Task Callers_need_a_login_and_the_designer_role_to_edit()
    {
        await using var factory = new FlowDocsFactory();
        var tenant = Guid.NewGuid();
        var anonymous = factory.CreateClient();
        var member = factory.CreateClientAs(TestUser.Member(tenant));
        var designer = factory.CreateClientAs(Designer(tenant));
        var flow = new FlowBuilder("Guarded").WriteLine("a", "x");
        await designer.CreateAndPublishAsync(flow.Build());
        var id = await member.StartAsync(flow.DefinitionId);

        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, DefinitionsUrl), (HttpMethod.Get, InstancesUrl), (HttpMethod.Get, "/api/workflows/activities"),
            (HttpMethod.Post, "/api/workflows/events"), (HttpMethod.Get, $"{InstancesUrl}/{id}"),
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(new HttpRequestMessage(method, url), Ct)).StatusCode);
        }

        foreach (var (method, url) in new[]
        {
            (HttpMethod.Post, DefinitionsUrl), (HttpMethod.Post, $"{DefinitionsUrl}/import"), (HttpMethod.Put, $"{DefinitionsUrl}/{flow.DefinitionId}"),
            (HttpMethod.Post, $"{DefinitionsUrl}/{flow.DefinitionId}/publish"), (HttpMethod.Post, $"{DefinitionsUrl}/{flow.DefinitionId}/retract"),
            (HttpMethod.Delete, $"{DefinitionsUrl}/{flow.DefinitionId}/draft"), (HttpMethod.Post, $"{InstancesUrl}/{id}/cancel"), (HttpMethod.Post, $"{InstancesUrl}/{id}/retry"),
        })
        {
            var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(flow.Build()) };
            Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(request, Ct)).StatusCode);
        }

        await (await member.GetAsync($"{DefinitionsUrl}/{flow.DefinitionId}", Ct)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cancel_retry_and_event_validation()
    {
        await using var factory = new FlowDocsFactory();
        var tenant = Guid.NewGuid();
        var designer = factory.CreateClientAs(Designer(tenant));
        var waiting = WaitingFlow("never");
        await designer.CreateAndPublishAsync(waiting.Build());
        var faulting = new FlowBuilder("Faulting").Activity("f", "Elsa.Fault", ("message", "Literal", "boom"));
        await designer.CreateAndPublishAsync(faulting.Build());

        var id = await designer.StartAsync(waiting.DefinitionId);
        await designer.WaitForAsync(id, "Suspended");
        await (await designer.PostAsync($"{InstancesUrl}/{id}/retry", null, Ct)).JsonAsync(HttpStatusCode.Conflict);
        await (await designer.PostAsync($"{InstancesUrl}/{id}/cancel", null, Ct)).JsonAsync(HttpStatusCode.NoContent);
        var cancelled = await designer.WaitForAsync(id, "Cancelled");
        Assert.Empty(cancelled["bookmarks"]!.AsArray());
        await (await designer.PostAsync($"{InstancesUrl}/{id}/cancel", null, Ct)).JsonAsync(HttpStatusCode.Conflict);

        var faulted = await designer.StartAsync(faulting.DefinitionId);
        var detail = await designer.WaitForAsync(faulted, "Faulted");
        Assert.Equal("boom", Assert.Single(detail["incidents"]!.AsArray())!["message"]!.GetValue<string>());
        await (await designer.PostAsync($"{InstancesUrl}/{faulted}/retry", null, Ct)).JsonAsync(HttpStatusCode.Accepted);
        await designer.WaitForAsync(faulted, "Faulted");

        await (await designer.PostAsJsonAsync("/api/workflows/events", new { eventName = " " }, Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);
        await (await designer.PostAsJsonAsync(InstancesUrl, new { input = new { } }, Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);
        var bad = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        await (await designer.PostAsync(DefinitionsUrl, bad, Ct)).JsonAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Activity_catalogue_describes_types_inputs_and_ports()
    {
        await using var factory = new FlowDocsFactory();
        var member = factory.CreateClientAs(TestUser.Member(Guid.NewGuid()));

        var catalogue = await (await member.GetAsync("/api/workflows/activities", Ct)).JsonAsync(HttpStatusCode.OK);

        var activities = catalogue["activities"]!.AsArray();
        var decision = activities.Single(a => a!["type"]!.GetValue<string>() == "Elsa.FlowDecision")!;
        Assert.Equal(["True", "False"], decision["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("Boolean", decision["inputs"]![0]!["typeName"]!.GetValue<string>());
        Assert.True(activities.Single(a => a!["type"]!.GetValue<string>() == "Elsa.Cron")!["isTrigger"]!.GetValue<bool>());
        var http = activities.Single(a => a!["type"]!.GetValue<string>() == "Elsa.FlowSendHttpRequest")!;
        Assert.Equal(("HTTP", "HTTP request (flow)"), (http["category"]!.GetValue<string>(), http["displayName"]!.GetValue<string>()));
        Assert.Equal(["200", "Unmatched status code", "Failed to connect", "Timeout", "Done"], http["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Contains(http["inputs"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "url" && i["required"]!.GetValue<bool>());
        foreach (var type in new[] { "Elsa.Start", "Elsa.End", "Elsa.SetVariable", "Elsa.WriteLine", "Elsa.FlowSwitch", "Elsa.FlowFork", "Elsa.FlowJoin", "Elsa.RunJavaScript", "Elsa.Fault", "Elsa.Finish", "Elsa.Delay", "Elsa.Timer", "Elsa.StartAt", "Elsa.Event", "Elsa.PublishEvent", "Elsa.FlowSendHttpRequest", "Elsa.SendHttpRequest" })
        {
            Assert.Contains(activities, a => a!["type"]!.GetValue<string>() == type);
        }
    }
}
