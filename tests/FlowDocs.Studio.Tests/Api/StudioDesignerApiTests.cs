using System.Text.Json.Nodes;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;
using FlowDocs.Studio.Logic.Designer;
using FlowDocs.Testing;

namespace FlowDocs.Studio.Tests.Api;

/// <summary>The designer's and the instance pages' API calls against the real API: what the Studio sends, the engine accepts.</summary>
public sealed class StudioDesignerApiTests(StudioHost host) : IClassFixture<StudioHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_workflow_designed_with_WorkflowDesign_is_validated_refused_fixed_published_run_and_compared()
    {
        var studio = host.Studio(TestUser.Admin(Guid.NewGuid()));
        var catalogue = await studio.GetActivityCatalogueAsync(Ct);
        var writeLine = Assert.Single(catalogue.Activities, a => a.Type == "Elsa.WriteLine");
        Assert.Contains(writeLine.Inputs, i => i.Name == "text" && i.Required);
        Assert.Contains("JavaScript", catalogue.ExpressionTypes);

        var design = new WorkflowDesign(new JsonObject { ["definitionId"] = "designed", ["name"] = "Designed" }, catalogue.Activities);
        design.AddActivity("Elsa.Start", 0, 0);
        design.AddActivity("Elsa.WriteLine", 240, 0);
        design.AddActivity("Elsa.End", 480, 0);
        design.Connect("start1", "Done", "writeLine1");
        design.Connect("writeLine1", "Done", "end1");
        var created = await studio.CreateDefinitionAsync(design.ToJson(), Ct);
        Assert.Equal(("designed", 1, false), (created.Summary.DefinitionId, created.Summary.Version, created.Summary.IsPublished));

        var validation = await studio.ValidateDefinitionAsync(design.ToJson(), Ct);
        Assert.False(validation.IsValid);
        Assert.Contains(validation.Problems, p => p is { ActivityId: "writeLine1", Code: "input-missing" });
        var refused = await Assert.ThrowsAsync<StudioApiException>(() => studio.PublishDefinitionAsync("designed", Ct));
        Assert.Equal(422, refused.Status);
        Assert.Contains("cannot be published", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["writeLine1"], ValidationMap.From(refused.Problems, design.Nodes.Select(n => n.Id)).ByActivity.Keys);

        design.SetInput("writeLine1", "text", "String", "JavaScript", "'Hello ' + 'Studio'");
        var saved = await studio.SaveDraftAsync("designed", design.ToJson(), Ct);
        Assert.Equal(1, saved.Summary.Version);
        Assert.True((await studio.ValidateDefinitionAsync(design.ToJson(), Ct)).IsValid);
        var published = await studio.PublishDefinitionAsync("designed", Ct);
        Assert.True(published.IsPublished);

        var started = await studio.StartInstanceAsync("designed", Ct);
        var instance = await studio.GetInstanceAsync(started.Id, Ct);
        for (var i = 0; i < 100 && instance.Summary.Status != "Finished"; i++)
        {
            await Task.Delay(100, Ct);
            instance = await studio.GetInstanceAsync(started.Id, Ct);
        }

        Assert.Equal(("Finished", "Finished"), (instance.Summary.Status, instance.Summary.SubStatus));
        Assert.Contains(instance.Journal, j => j.ActivityId == "writeLine1" && j.Message == "Hello Studio");
        var path = ExecutedPath.From(instance, design.Links);
        Assert.Equal(["end1", "start1", "writeLine1"], path.Executed.Order(StringComparer.Ordinal));
        Assert.Equal(design.Links.ToHashSet(), path.Followed);
        Assert.Equal([started.Id], (await studio.ListInstancesAsync("designed", "Finished", 1, Ct)).Items.Select(i => i.Id));
        Assert.Empty((await studio.ListInstancesAsync("designed", "Running", 1, Ct)).Items);
        Assert.Equal(409, (await Assert.ThrowsAsync<StudioApiException>(() => studio.CancelInstanceAsync(started.Id, Ct))).Status);
        Assert.Equal(409, (await Assert.ThrowsAsync<StudioApiException>(() => studio.RetryInstanceAsync(started.Id, Ct))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<StudioApiException>(() => studio.GetInstanceAsync(Guid.NewGuid(), Ct))).Status);

        // A change after publishing is a new draft version; the comparison sees it; the draft can be deleted again.
        design.SetInput("writeLine1", "text", "String", "Literal", "Bye");
        Assert.Equal(2, (await studio.SaveDraftAsync("designed", design.ToJson(), Ct)).Summary.Version);
        var versions = await studio.ListDefinitionVersionsAsync("designed", Ct);
        Assert.Equal([(2, false), (1, true)], versions.Select(v => (v.Version, v.IsPublished)));
        var v1 = await studio.GetDefinitionAsync("designed", "1", Ct);
        var v2 = await studio.GetDefinitionAsync("designed", "2", Ct);
        var diff = DefinitionComparer.Compare(v1!.Definition, v2!.Definition);
        Assert.Equal([new PropertyChange("text", "JavaScript: 'Hello ' + 'Studio'", "Literal: Bye")], Assert.Single(diff.Activities).Properties);
        await studio.DeleteDraftAsync("designed", Ct);
        Assert.Equal([1], (await studio.ListDefinitionVersionsAsync("designed", Ct)).Select(v => v.Version));

        var retracted = await studio.RetractDefinitionAsync("designed", Ct);
        Assert.False(retracted.IsPublished);
        Assert.Equal(409, (await Assert.ThrowsAsync<StudioApiException>(() => studio.StartInstanceAsync("designed", Ct))).Status);
    }

    [Fact]
    public async Task Members_cannot_change_definitions_and_bad_definitions_are_refused_with_the_APIs_words()
    {
        var tenant = Guid.NewGuid();
        var admin = host.Studio(TestUser.Admin(tenant));
        var member = host.Studio(TestUser.Member(tenant));
        await admin.CreateDefinitionAsync(new JsonObject { ["definitionId"] = "guarded", ["name"] = "Guarded", ["root"] = new JsonObject { ["activities"] = new JsonArray() } }, Ct);

        var forbidden = await Assert.ThrowsAsync<StudioApiException>(() => member.SaveDraftAsync("guarded", new JsonObject { ["name"] = "Mine" }, Ct));
        var duplicate = await Assert.ThrowsAsync<StudioApiException>(() => admin.CreateDefinitionAsync(new JsonObject { ["definitionId"] = "guarded", ["name"] = "Again" }, Ct));
        var malformed = await Assert.ThrowsAsync<StudioApiException>(() =>
            admin.ValidateDefinitionAsync(new JsonObject { ["root"] = new JsonObject { ["activities"] = new JsonArray(1, 2) } }, Ct));
        var missing = await Assert.ThrowsAsync<StudioApiException>(() => admin.ListDefinitionVersionsAsync("no-such-definition", Ct));

        Assert.Equal(403, forbidden.Status);
        Assert.Equal(409, duplicate.Status);
        Assert.Contains("already exists", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(400, malformed.Status);
        Assert.Contains("root.activities", malformed.Message, StringComparison.Ordinal);
        Assert.Equal(404, missing.Status);
        Assert.Equal(409, (await Assert.ThrowsAsync<StudioApiException>(() => admin.RetractDefinitionAsync("guarded", Ct))).Status);
    }

    [Fact]
    public async Task An_elsa_export_is_imported_as_a_definition_with_its_problems_then_as_its_next_draft_and_exported_again()
    {
        var admin = TestUser.Admin(Guid.NewGuid());
        var studio = host.Studio(admin);
        var text = await File.ReadAllTextAsync(RepositoryFiles.PathOf("tests", "FlowDocs.Workflows.Tests", "ElsaSamples", "writeline.json"), Ct);
        var (file, error) = WorkflowFile.Parse("writeline.json", text);
        Assert.Null(error);
        file!["definitionId"] = "studio-import-" + Guid.NewGuid().ToString("N");
        var definitionId = file["definitionId"]!.GetValue<string>();

        var first = await studio.ImportDefinitionAsync(file, Ct);
        var second = await studio.ImportDefinitionAsync(file, Ct);
        using var exported = await host.Client(admin).GetAsync(StudioNavigation.Export(definitionId), Ct);
        var exportedJson = JsonNode.Parse(await exported.Content.ReadAsStringAsync(Ct))!.AsObject();
        var refused = await Assert.ThrowsAsync<StudioApiException>(
            () => host.Studio(TestUser.Member(admin.TenantId)).ImportDefinitionAsync(file, Ct));

        Assert.Equal((definitionId, 1), (first.Definition.Summary.DefinitionId, first.Definition.Summary.Version));
        Assert.True(first.Validation.IsValid, string.Join("; ", first.Validation.Problems.Select(p => p.Message)));
        Assert.Equal(definitionId, second.Definition.Summary.DefinitionId);
        Assert.True(exported.IsSuccessStatusCode);
        Assert.Equal(definitionId, exportedJson["definitionId"]!.GetValue<string>());
        Assert.Equal(
            file["root"]!["activities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()),
            exportedJson["root"]!["activities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.Equal(403, refused.Status);
    }
}
