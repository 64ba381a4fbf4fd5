using System.Text.Json.Nodes;
using Bunit;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>Elsa 3 JSON in and out: the designer's import into the draft and export link, the list's import.</summary>
public sealed class WorkflowImportExportTests : StudioTestContext
{
    private const string ElsaFile = """
        {"$schema":"https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json","id":"868f","definitionId":"elsa-1","version":7,
         "name":"Hello from Elsa","isPublished":true,"customProperties":{"kept":true},
         "root":{"id":"flow","type":"Elsa.Flowchart","activities":[{"id":"start","type":"Elsa.Start"},{"id":"say","type":"Elsa.WriteLine"}],
                 "connections":[{"source":{"activity":"start","port":"Done"},"target":{"activity":"say","port":"In"}}]}}
        """;

    private IRenderedComponent<WorkflowDesigner> OpenDesigner()
    {
        Api.Definitions.Add(new DefinitionDetail(
            FakeStudioApi.Summary("d", 2, latest: true, published: false, name: "Demo"),
            JsonNode.Parse("""{"definitionId":"d","id":"v2","version":2,"name":"Demo","root":{"activities":[{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}}],"connections":[]}}""")!.AsObject()));
        var page = Render<WorkflowDesigner>(p => p.Add(x => x.DefinitionId, "d").Add(x => x.ValidationDelay, Timeout.InfiniteTimeSpan));
        page.WaitForAssertion(() => Assert.Contains("Demo", page.Find("h1").TextContent));
        return page;
    }

    [Fact]
    public void Export_downloads_the_engines_json_of_the_saved_version_and_says_so_when_there_are_changes()
    {
        var page = OpenDesigner();

        var export = page.Find("a[data-testid=export]");
        Assert.Equal("/api/workflows/definitions/d/export?version=latest", export.GetAttribute("href"));
        Assert.True(export.HasAttribute("download"));
        Assert.Empty(page.FindAll("[data-testid=export-hint]"));

        page.Find("button[aria-label='Add Write line']").Click();

        Assert.Contains("save the draft to include your changes", page.Find("[data-testid=export-hint]").TextContent);
    }

    [Fact]
    public void An_imported_file_replaces_the_draft_keeps_this_definitions_identity_shows_its_problems_and_is_undone_in_one_step()
    {
        var page = OpenDesigner();
        Api.Problems.Add(new ValidationProblemItem("say", "input-missing", "Required input 'text' of 'Elsa.WriteLine' is not set."));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(ElsaFile, "hello.json", contentType: "application/json"));

        page.WaitForAssertion(() => Assert.Contains("Loaded hello.json (2 activities) into the draft", page.Find("[data-testid=message]").TextContent));
        Assert.Equal(["start", "say"], page.FindAll("g[data-node]").Select(g => g.GetAttribute("data-node")));
        Assert.NotNull(page.Find("path[data-link='start:Done>say']"));
        Assert.Contains("Hello from Elsa", page.Find("h1").TextContent);
        Assert.Contains("invalid", page.Find("g[data-node=say]").GetAttribute("class"));
        Assert.Contains("say: Required input 'text'", page.Find("[data-testid=problems]").TextContent);
        var validated = Api.Validated.Last();
        Assert.Equal(("d", "v2", 2, true), (validated["definitionId"]!.GetValue<string>(), validated["id"]!.GetValue<string>(),
            validated["version"]!.GetValue<int>(), validated["customProperties"]!["kept"]!.GetValue<bool>()));
        Assert.Null(validated["isPublished"]);
        Assert.NotNull(validated["root"]!["activities"]![1]!["metadata"]!["designer"]!["position"]);
        Assert.DoesNotContain(Api.Calls, c => c.StartsWith("save", StringComparison.Ordinal));

        page.Find("[data-testid=undo]").Click();

        Assert.Equal(["start"], page.FindAll("g[data-node]").Select(g => g.GetAttribute("data-node")));
        Assert.Contains("Demo", page.Find("h1").TextContent);
    }

    [Theory]
    [InlineData("{not json", "broken.json is not JSON")]
    [InlineData("[1, 2]", "broken.json is not a workflow definition: it must be a JSON object.")]
    [InlineData("""{"name":"no root"}""", "broken.json is not an Elsa 3 workflow definition: it has no root flowchart with activities.")]
    public void A_file_that_is_not_a_definition_is_refused_with_the_reason_and_the_draft_stays(string content, string error)
    {
        var page = OpenDesigner();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(content, "broken.json"));

        page.WaitForAssertion(() => Assert.StartsWith(error, page.Find("[data-testid=error]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Equal(["start"], page.FindAll("g[data-node]").Select(g => g.GetAttribute("data-node")));
        Assert.Empty(page.FindAll("[data-testid=dirty]"));
    }

    [Fact]
    public void The_workflow_list_imports_a_file_through_the_engine_and_opens_it_in_the_designer()
    {
        var page = Render<WorkflowList>();
        page.WaitForAssertion(() => Assert.Contains("definitions ", Api.Calls));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(ElsaFile, "hello.json", contentType: "application/json"));

        page.WaitForAssertion(() => Assert.Contains("import elsa-1", Api.Calls));
        Assert.EndsWith("/studio/workflows/elsa-1/design", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_import_on_the_list_shows_the_api_problem()
    {
        var page = Render<WorkflowList>();
        page.WaitForAssertion(() => Assert.Contains("definitions ", Api.Calls));
        Api.Failure = new StudioApiException(403, "Importing workflows needs the Designer role.");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(ElsaFile, "hello.json"));

        page.WaitForAssertion(() => Assert.Equal("Importing workflows needs the Designer role.", page.Find("[data-testid=error]").TextContent.Trim()));
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }
}
