using System.Text.Json.Nodes;
using Bunit;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Studio.Tests.Components;

public sealed class VersionsAndInstancesTests : StudioTestContext
{
    private const string Start = """{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}}""";

    private static JsonObject Json(string activities, string connections) =>
        JsonNode.Parse($$$"""{"name":"Demo","root":{"activities":[{{{activities}}}],"connections":[{{{connections}}}]}}""")!.AsObject();

    private void Add(string id, int version, bool latest, bool published, JsonObject json) =>
        Api.Definitions.Add(new DefinitionDetail(FakeStudioApi.Summary(id, version, latest, published, "Demo"), json));

    [Fact]
    public void The_workflow_list_creates_a_definition_with_a_start_activity_and_opens_it_in_the_designer()
    {
        var page = Render<WorkflowList>();

        page.Find("#new-workflow-name").Input("Contract review");
        page.Find("[data-testid=create]").Click();

        page.WaitForAssertion(() => Assert.Contains("create Contract review", Api.Calls));
        var created = Api.Definitions.Single();
        Assert.Equal("Elsa.Start", created.Definition["root"]!["activities"]![0]!["type"]!.GetValue<string>());
        Assert.EndsWith($"/studio/workflows/{created.Summary.DefinitionId}/design", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workflow_list_duplicates_the_latest_version_and_deletes_drafts_but_not_published_versions()
    {
        Add("a", 1, latest: true, published: false, Json(Start, ""));
        Add("b", 1, latest: true, published: true, Json(Start, ""));
        var page = Render<WorkflowList>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=workflows] tbody tr").Count));
        Assert.Single(page.FindAll("button[aria-label^='Delete draft']"));

        page.Find("button[aria-label='Duplicate Demo']").Click();
        page.WaitForAssertion(() => Assert.Contains("Created 'Copy of Demo'.", page.Find("[data-testid=message]").TextContent));
        var copy = Api.Definitions.Last();
        Assert.Null(copy.Definition["definitionId"]);
        Assert.Equal("Elsa.Start", copy.Definition["root"]!["activities"]![0]!["type"]!.GetValue<string>());

        page.Find("button[aria-label='Delete draft of Demo']").Click();
        page.WaitForAssertion(() => Assert.Contains("delete draft a", Api.Calls));
        Assert.DoesNotContain(Api.Definitions, d => d.Summary.DefinitionId == "a");
    }

    [Fact]
    public void A_refused_delete_shows_the_API_text()
    {
        Add("a", 1, latest: true, published: false, Json(Start, ""));
        var page = Render<WorkflowList>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=workflows] tbody tr")));
        Api.Failure = new StudioApiException(409, "Version 1 of 'a' has instances and cannot be deleted.");

        page.Find("button[aria-label='Delete draft of Demo']").Click();

        page.WaitForAssertion(() => Assert.Equal("Version 1 of 'a' has instances and cannot be deleted.", page.Find("[data-testid=error]").TextContent.Trim()));
    }

    [Fact]
    public void Version_history_compares_the_latest_with_the_one_before_side_by_side_and_another_pair_on_request()
    {
        const string log1 = """{"id":"log","type":"Elsa.WriteLine","text":{"typeName":"String","expression":{"type":"Literal","value":"one"}}}""";
        const string log2 = """{"id":"log","type":"Elsa.WriteLine","text":{"typeName":"String","expression":{"type":"Literal","value":"two"}}}""";
        const string link = """{"source":{"activity":"start","port":"Done"},"target":{"activity":"log","port":"In"}}""";
        Add("d", 1, latest: false, published: false, Json(Start, ""));
        Add("d", 2, latest: false, published: true, Json($"{Start},{log1}", link));
        Add("d", 3, latest: true, published: false, Json($$"""{{Start}},{{log2}},{"id":"end","type":"Elsa.End"}""", link));

        var page = Render<WorkflowVersions>(p => p.Add(x => x.DefinitionId, "d"));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=versions] tbody tr").Count));
        var differences = page.Find("[data-testid=differences]").TextContent;
        Assert.Contains("text: Literal: one → Literal: two", differences);
        Assert.Contains("end (Elsa.End) added", differences);
        Assert.Contains("changed", page.Find("[data-testid=left-diagram] g[data-node=log]").GetAttribute("class"));
        Assert.Contains("added", page.Find("[data-testid=right-diagram] g[data-node=end]").GetAttribute("class"));
        Assert.Empty(page.FindAll("[data-testid=left-diagram] g[data-node=end]"));

        page.Find("#compare-left").Change("1");

        page.WaitForAssertion(() => Assert.Contains("log (Elsa.WriteLine) added", page.Find("[data-testid=differences]").TextContent));
        Assert.Contains("Connection start (Done) → log added", page.Find("[data-testid=differences]").TextContent);
        Assert.Contains("added", page.Find("[data-testid=right-diagram] path[data-link='start:Done>log']").GetAttribute("class"));

        page.Find("#compare-left").Change("3");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-differences]")));
    }

    [Fact]
    public void The_instance_list_filters_by_definition_and_status_and_starts_an_instance()
    {
        Api.Instances.Add(FakeStudioApi.Instance("d", "Finished", "Finished"));
        Api.Instances.Add(FakeStudioApi.Instance("other", "Running", "Suspended"));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/studio/instances?definitionId=d");

        var page = Render<InstanceList>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=instances] tbody tr")));
        page.Find("#instance-status").Change("Running");
        page.WaitForAssertion(() => Assert.Contains("No instances.", page.Find("[data-testid=instances]").TextContent));
        Assert.Contains("instances d Running", Api.Calls);

        page.Find("[data-testid=start]").Click();
        page.WaitForAssertion(() => Assert.Contains("start d", Api.Calls));
        Assert.EndsWith($"/studio/instances/{Api.Instances.Last().Summary.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instance_page_draws_the_executed_path_waiting_and_faulted_activities_with_journal_variables_and_incidents()
    {
        const string activities = """{"id":"start","type":"Elsa.Start"},{"id":"boom","type":"Elsa.WriteLine"},{"id":"never","type":"Elsa.End"}""";
        const string links = """{"source":{"activity":"start","port":"Done"},"target":{"activity":"boom","port":"In"}},{"source":{"activity":"boom","port":"Done"},"target":{"activity":"never","port":"In"}}""";
        Add("d", 1, latest: true, published: true, Json(activities, links));
        var instance = FakeStudioApi.Instance("d", "Running", "Faulted",
            new JournalItem(1, "start", "Elsa.Start", "Executed", "Done", null, DateTime.UnixEpoch, 1),
            new JournalItem(2, "boom", "Elsa.WriteLine", "Faulted", null, "text is not set", DateTime.UnixEpoch, 1)) with
        {
            Incidents = [new IncidentItem("boom", "Elsa.WriteLine", "text is not set", null, DateTime.UnixEpoch)],
            Variables = new Dictionary<string, JsonNode?> { ["count"] = JsonValue.Create(2) },
        };
        Api.Instances.Add(instance);

        var page = Render<InstancePage>(p => p.Add(x => x.InstanceId, instance.Summary.Id));

        page.WaitForAssertion(() => Assert.Contains("Running / Faulted", page.Find("[data-testid=status]").TextContent));
        Assert.Contains("executed", page.Find("g[data-node=start]").GetAttribute("class"));
        Assert.Contains("faulted", page.Find("g[data-node=boom]").GetAttribute("class"));
        Assert.DoesNotContain("executed", page.Find("g[data-node=never]").GetAttribute("class"));
        Assert.Contains("followed", page.Find("path[data-link='start:Done>boom']").GetAttribute("class"));
        Assert.DoesNotContain("followed", page.Find("path[data-link='boom:Done>never']").GetAttribute("class"));
        Assert.Contains("boom (Elsa.WriteLine): text is not set", page.Find("[data-testid=incident]").TextContent);
        Assert.Contains("count", page.Find("[data-testid=variables]").TextContent);
        Assert.Equal(2, page.FindAll("[data-testid=journal] tbody tr").Count);
        Assert.Contains("definition d 1", Api.Calls);

        page.Find("[data-testid=retry]").Click();
        page.WaitForAssertion(() => Assert.Contains($"retry {instance.Summary.Id}", Api.Calls));
        page.Find("[data-testid=cancel]").Click();
        page.WaitForAssertion(() => Assert.Contains($"cancel {instance.Summary.Id}", Api.Calls));
    }

    [Fact]
    public void A_missing_instance_shows_the_API_text()
    {
        var id = Guid.NewGuid();

        var page = Render<InstancePage>(p => p.Add(x => x.InstanceId, id));

        page.WaitForAssertion(() => Assert.Equal($"Instance {id} does not exist.", page.Find("[data-testid=error]").TextContent.Trim()));
    }
}
