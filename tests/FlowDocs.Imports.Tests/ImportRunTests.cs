using System.Net;
using System.Text;
using FlowDocs.Testing;
using static FlowDocs.Imports.Tests.GraphMock;

namespace FlowDocs.Imports.Tests;

/// <summary>Import runs against Graph as WireMock serves it, through the API, on both store profiles.</summary>
public sealed class ImportRunTests
{
    public static TheoryData<StoreProfile> Profiles => [StoreProfile.Embedded, StoreProfile.Production];

    private static readonly CancellationToken Ct = ImportsHost.Ct;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task First_sync_imports_every_file_of_the_folder_as_a_tagged_document_with_its_external_id(StoreProfile profile)
    {
        await using var host = new ImportsHost(profile);
        host.Graph.DeltaPage(null, [Root(), Folder("f1", "Clients"), File("i1", "contract.txt", "e1"), File("i2", "offer.txt", "e1")], next: "p2");
        host.Graph.DeltaPage("p2", [File("i3", "invoice.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("contract v1"));
        host.Graph.Content("i2", Encoding.UTF8.GetBytes("offer v1"));
        host.Graph.Content("i3", Encoding.UTF8.GetBytes("invoice v1"));
        var sourceId = await host.CreateSourceAsync();

        var run = await host.RunAsync(sourceId);

        Assert.Equal("Succeeded", run["status"]!.GetValue<string>());
        Assert.True(run["fullEnumeration"]!.GetValue<bool>());
        Assert.Equal((2, 3, 3, 0, 0, 0), (run.Int("pages"), run.Int("itemsSeen"), run.Int("new"), run.Int("updated"), run.Int("skipped"), run.Int("failed")));
        var documents = await host.DocumentsAsync();
        Assert.Equal(["contract", "invoice", "offer"], documents.Select(d => d!["title"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var contract = documents.Single(d => d!["title"]!.GetValue<string>() == "contract")!.AsObject();
        Assert.Equal(["client-a"], contract["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var version = await (await host.Member().GetAsync($"/api/documents/{contract.Id()}/versions/1", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Import", version["origin"]!.GetValue<string>());
        Assert.Equal("i1", version["externalId"]!.GetValue<string>());
        Assert.Equal("e1", version["externalETag"]!.GetValue<string>());
        var content = await host.Member().GetStringAsync($"/api/documents/{contract.Id()}/content", Ct);
        Assert.Equal("contract v1", content);
        var source = await (await host.Admin().GetAsync($"/api/imports/sources/{sourceId}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.True(source["hasDeltaLink"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_delta_adds_changes_and_deletes_and_skips_what_did_not_change(StoreProfile profile)
    {
        await using var host = new ImportsHost(profile);
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1"), File("i2", "b.txt", "e1"), File("i3", "c.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a v1"));
        host.Graph.Content("i2", Encoding.UTF8.GetBytes("b v1"));
        host.Graph.Content("i3", Encoding.UTF8.GetBytes("c v1"));
        var sourceId = await host.CreateSourceAsync();
        Assert.Equal(3, (await host.RunAsync(sourceId)).Int("new"));

        // i1 changed, i2 renamed only (new eTag, same hash), i3 deleted, i4 new; i1 listed twice (the last wins).
        host.Graph.DeltaPage("d1", [File("i1", "a.txt", "e1"), File("i1", "a.txt", "e2"), File("i2", "b-renamed.txt", "e9", quickXorHash: "hash-e1"), Deleted("i3"), File("i4", "d.txt", "e1")], delta: "d2");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a v2"));
        host.Graph.Content("i4", Encoding.UTF8.GetBytes("d v1"));
        var run = await host.RunAsync(sourceId);

        Assert.Equal("Succeeded", run["status"]!.GetValue<string>());
        Assert.False(run["fullEnumeration"]!.GetValue<bool>());
        Assert.Equal((1, 1, 1, 1), (run.Int("new"), run.Int("updated"), run.Int("skipped"), run.Int("deleted")));
        var documents = (await host.DocumentsAsync()).Select(d => d!.AsObject()).ToDictionary(d => d["title"]!.GetValue<string>());
        Assert.Equal(4, documents.Count);
        Assert.Equal(2, documents["a"]["currentVersionNumber"]!.GetValue<int>());
        Assert.Equal("a v2", await host.Member().GetStringAsync($"/api/documents/{documents["a"].Id()}/content", Ct));
        Assert.Equal(1, documents["b"]["currentVersionNumber"]!.GetValue<int>());
        Assert.Equal("Archived", documents["c"]["status"]!.GetValue<string>());
        Assert.Equal("Draft", documents["d"]["status"]!.GetValue<string>());

        // Nothing changed since d2: the next run finds nothing to do.
        host.Graph.DeltaPage("d2", [], delta: "d3");
        var quiet = await host.RunAsync(sourceId);
        Assert.Equal((0, 0, 0, 0), (quiet.Int("new"), quiet.Int("updated"), quiet.Int("deleted"), quiet.Int("itemsSeen")));
    }
}
