using System.Text.Json.Nodes;
using Bunit;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Studio.Tests.Components;

public sealed class WorkflowAndImportPagesTests : StudioTestContext
{
    private static DefinitionDetail Definition(string id, int version, bool latest, bool published) => new(
        new DefinitionSummary(
            id, Guid.NewGuid(), version, latest, published, "Approval " + id, "Approves documents", DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(version),
            id == "b" ? DefinitionSummaryUser : null, id == "b" ? "Ann Analyst" : null),
        JsonNode.Parse("""
            {"root":{"activities":[{"id":"start","type":"Elsa.Start"},{"id":"review","name":"Review","type":"FlowDocs.Approval"}],
                     "connections":[{"source":{"activity":"start","port":"Done"},"target":{"activity":"review","port":"In"}},
                                    {"source":{"activity":"review","port":"Approved"},"target":{"activity":"ghost","port":"In"}}]}}
            """)!.AsObject());

    private const string DefinitionSummaryUser = "0b6a1c9e-user";

    [Fact]
    public void The_workflow_list_says_who_changed_each_workflow_when()
    {
        Api.Definitions.AddRange([Definition("a", 3, latest: true, published: false), Definition("b", 1, latest: true, published: true)]);

        var page = Render<WorkflowList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=changed]").Count));
        Assert.Equal(["1970-01-04 00:00:00Z", "1970-01-02 00:00:00Z by Ann Analyst"], page.FindAll("[data-testid=changed]").Select(c => c.TextContent.Trim()));
        Assert.Equal("1970-01-02 00:00:00Z by " + DefinitionSummaryUser, (Definition("b", 1, true, true).Summary with { UpdatedByName = null }).Changed);
    }

    [Fact]
    public void The_workflow_list_shows_latest_and_published_versions()
    {
        Api.Definitions.AddRange([Definition("a", 3, latest: true, published: false), Definition("a", 2, latest: false, published: true), Definition("b", 1, latest: true, published: true)]);

        var page = Render<WorkflowList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=workflows] tbody tr").Count));
        var rows = page.FindAll("[data-testid=workflows] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("3 (draft)", rows[0]);
        Assert.Contains("2", rows[0].Split("(draft)")[1]);
        Assert.Contains("1 (published)", rows[1]);
        Assert.Equal("/studio/workflows/a", page.Find("[data-testid=workflows] tbody tr a").GetAttribute("href"));
        Assert.Contains("definition a published", Api.Calls);
        Assert.DoesNotContain("definition b published", Api.Calls);
    }

    [Fact]
    public void A_definition_page_draws_the_diagram_lists_the_activities_and_reports_broken_connections()
    {
        Api.Definitions.Add(Definition("a", 1, latest: true, published: true));

        var page = Render<WorkflowPage>(p => p.Add(x => x.DefinitionId, "a"));

        page.WaitForAssertion(() => Assert.Contains("Approval a", page.Find("h1").TextContent));
        Assert.Equal(2, page.FindAll("[data-testid=canvas] g[data-node]").Count);
        Assert.NotNull(page.Find("path[data-link='start:Done>review']"));
        var activities = page.Find("[data-testid=activities]").TextContent;
        Assert.Contains("FlowDocs.Approval", activities);
        Assert.Contains("Done → review", activities);
        Assert.Contains("ghost", page.Markup);
    }

    [Fact]
    public void An_unknown_definition_says_so()
    {
        var page = Render<WorkflowPage>(p => p.Add(x => x.DefinitionId, "nope"));

        page.WaitForAssertion(() => Assert.Equal("There is no workflow definition 'nope'.", page.Find("[data-testid=error]").TextContent.Trim()));
    }

    private ImportSourceItem Source(bool enabled = true)
    {
        var source = new ImportSourceItem(Guid.NewGuid(), "Client A", "drive-1", "root", "0 * * * *", enabled, "admin", DateTimeOffset.UnixEpoch);
        Api.Sources.Add(source);
        return source;
    }

    [Fact]
    public void Run_now_queues_a_run_and_opens_its_history()
    {
        var source = Source();
        var page = Render<ImportSources>();

        page.WaitForAssertion(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Run now").Click());

        page.WaitForAssertion(() => Assert.Contains($"run {source.Id}", Api.Calls));
        Assert.EndsWith($"/studio/imports/{source.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_source_cannot_be_run_and_a_refusal_is_shown()
    {
        Source(enabled: false);
        var enabled = Source();
        var page = Render<ImportSources>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("button").Count(b => b.TextContent.Trim() == "Run now")));
        var buttons = page.FindAll("button").Where(b => b.TextContent.Trim() == "Run now").ToList();
        Assert.True(buttons[0].HasAttribute("disabled"));

        Api.Failure = new StudioApiException(409, "A run is already queued.");
        buttons[1].Click();

        page.WaitForAssertion(() => Assert.Equal("A run is already queued.", page.Find("[data-testid=error]").TextContent.Trim()));
        Assert.Contains($"run {enabled.Id}", Api.Calls);
    }

    [Fact]
    public void The_run_history_refreshes_while_a_run_is_active_and_then_stops()
    {
        var source = Source();
        Api.Runs.Add(FakeStudioApi.Run(source.Id, "Succeeded"));
        var page = Render<ImportSourcePage>(p => p.Add(x => x.SourceId, source.Id).Add(x => x.RefreshInterval, TimeSpan.FromMilliseconds(20)));
        page.WaitForAssertion(() => Assert.Contains("Succeeded", page.Find("[data-testid=import-runs]").TextContent));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Run now").Click();
        page.WaitForAssertion(() => Assert.Contains("Queued", page.Find("[data-testid=import-runs]").TextContent));
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Run now").HasAttribute("disabled"));

        Api.Runs[0] = Api.Runs[0] with { Status = "Running", Pages = 3, ItemsSeen = 120 };
        page.WaitForAssertion(() => Assert.Contains("3 pages, 120 items seen", page.Find("[data-testid=import-runs]").TextContent));
        Api.Runs[0] = Api.Runs[0] with { Status = "Succeeded", New = 120 };
        page.WaitForAssertion(() => Assert.Contains("120 / 0 / 0 / 0 / 0", page.Find("[data-testid=import-runs]").TextContent));

        var polls = Api.Calls.Count(c => c == $"runs {source.Id}");
        Thread.Sleep(100);
        Assert.Equal(polls, Api.Calls.Count(c => c == $"runs {source.Id}"));
    }

    [Fact]
    public void A_member_is_told_the_page_is_not_for_them_and_a_stranger_is_sent_to_sign_in()
    {
        var denied = Render<FlowDocs.Studio.Components.Parts.AccessDenied>();
        Assert.Contains("may not open this page", denied.Markup);

        Authorization.SetNotAuthorized();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/studio/imports");
        Render<FlowDocs.Studio.Components.Parts.AccessDenied>();
        Assert.Equal("http://localhost/account/login?returnUrl=%2Fstudio%2Fimports", navigation.Uri);
    }
}
