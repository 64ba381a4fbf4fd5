using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;
using static FlowDocs.Imports.Tests.GraphMock;

namespace FlowDocs.Imports.Tests;

/// <summary><c>FlowDocs.ExportToGraph</c> in a published workflow: simple upload, upload session with a failed chunk, name conflicts.</summary>
public sealed class ExportTests
{
    private static readonly CancellationToken Ct = ImportsHost.Ct;

    [Fact]
    public async Task A_small_version_is_uploaded_in_one_request_with_the_conflict_behaviour()
    {
        await using var host = new ImportsHost();
        host.Graph.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("/items/root:/Approved/.+/content$")).UsingPut().WithHeader("Authorization", $"Bearer {AccessToken}"))
            .RespondWith(Json(201, new JsonObject { ["id"] = "exported-1", ["name"] = "report.txt", ["webUrl"] = "https://contoso.sharepoint.com/report.txt" }));
        var sourceId = await host.CreateSourceAsync();
        var documentId = await UploadAsync(host, "report.txt", "approved content"u8.ToArray());

        var instance = await RunExportAsync(host, sourceId, documentId, "Replace");

        Assert.Equal("Finished", instance["summary"]!["subStatus"]!.GetValue<string>());
        var put = Assert.Single(host.Graph.Requests("/content"), e => e.RequestMessage.Method == "PUT");
        Assert.Equal("approved content", put.RequestMessage.Body);
        Assert.Contains("Approved/report.txt", Uri.UnescapeDataString(put.RequestMessage.Path), StringComparison.Ordinal);
        Assert.Equal("replace", put.RequestMessage.Query!["@microsoft.graph.conflictBehavior"].Single());
        Assert.Contains(instance["journal"]!.AsArray(), j => j!["message"]?.GetValue<string>()?.StartsWith("Exported version 1", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_large_version_goes_through_an_upload_session_and_a_failed_chunk_is_sent_again()
    {
        await using var host = new ImportsHost();
        var content = new byte[1_500_000];
        new Random(7).NextBytes(content);
        var session = new UploadSessionMock(content.Length, failChunkAt: 655_360);
        host.Graph.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("/items/root:/Approved/big.bin:/createUploadSession$")).UsingPost().WithHeader("Authorization", $"Bearer {AccessToken}"))
            .RespondWith(Json(200, new JsonObject { ["uploadUrl"] = $"{host.Graph.BaseUrl}upload/session-1", ["nextExpectedRanges"] = new JsonArray("0-"), ["expirationDateTime"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O") }));
        host.Graph.Server.Given(Request.Create().WithPath("/upload/session-1").UsingAnyMethod()).RespondWith(Response.Create().WithCallback(session.Handle));
        var sourceId = await host.CreateSourceAsync();
        var documentId = await UploadAsync(host, "big.bin", content);

        var instance = await RunExportAsync(host, sourceId, documentId, "Rename");

        Assert.True(instance["summary"]!["subStatus"]!.GetValue<string>() == "Finished", instance["incidents"]?.ToJsonString());
        Assert.Equal(content, session.Assembled());
        Assert.True(session.Failures == 1, "the second chunk failed once");
        Assert.All(host.Graph.Requests("/upload/session-1"), e => Assert.False(e.RequestMessage.Headers?.ContainsKey("Authorization") ?? false, "chunks carry no Authorization header"));
        var create = Assert.Single(host.Graph.Requests("/createUploadSession"));
        Assert.Equal("rename", JsonNode.Parse(create.RequestMessage.Body!)!["item"]!["@microsoft.graph.conflictBehavior"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_name_conflict_with_behaviour_Fail_leaves_by_the_Conflict_port()
    {
        await using var host = new ImportsHost();
        host.Graph.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("/content$")).UsingPut())
            .RespondWith(Json(409, new JsonObject { ["error"] = new JsonObject { ["code"] = "nameAlreadyExists", ["message"] = "exists (mock)" } }));
        var sourceId = await host.CreateSourceAsync();
        var documentId = await UploadAsync(host, "report.txt", "x"u8.ToArray());

        var instance = await RunExportAsync(host, sourceId, documentId, "Fail");

        Assert.Contains(instance["journal"]!.AsArray(), j => j!["message"]?.GetValue<string>() == "conflict path taken");
    }

    [Fact]
    public async Task An_invalid_conflict_behaviour_is_reported_by_validation()
    {
        await using var host = new ImportsHost();
        var designer = host.Client(new TestUser(host.TenantId, "designer-1", FlowDocsRoles.Designer, FlowDocsRoles.Member));
        var definition = ExportDefinition(Guid.NewGuid(), "Sometimes");
        await (await designer.PostAsJsonAsync("/api/workflows/definitions", definition, Ct)).JsonAsync(HttpStatusCode.Created);
        var problem = await (await designer.PostAsync($"/api/workflows/definitions/{definition["definitionId"]}/publish", null, Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Sometimes", problem.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<Guid> UploadAsync(ImportsHost host, string fileName, byte[] bytes)
    {
        var response = await host.Member().PostAsync($"/api/documents?fileName={fileName}", new ByteArrayContent(bytes), Ct);
        return Guid.Parse((await response.JsonAsync(HttpStatusCode.Created))["document"]!["id"]!.GetValue<string>());
    }

    private static JsonObject ExportDefinition(Guid sourceId, string conflict)
    {
        static JsonObject Input(string value) => new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
        var definitionId = "export-" + Guid.NewGuid().ToString("N")[..8];
        return new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["root"] = new JsonObject
            {
                ["id"] = "Flowchart1",
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" },
                    new JsonObject { ["id"] = "export", ["type"] = "FlowDocs.ExportToGraph", ["sourceId"] = Input(sourceId.ToString()), ["folderPath"] = Input("Approved"), ["conflictBehavior"] = Input(conflict) },
                    new JsonObject { ["id"] = "conflict", ["type"] = "Elsa.WriteLine", ["text"] = Input("conflict path taken") }),
                ["connections"] = new JsonArray(
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "export", ["port"] = "In" } },
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "export", ["port"] = "Conflict" }, ["target"] = new JsonObject { ["activity"] = "conflict", ["port"] = "In" } }),
            },
        };
    }

    private static async Task<JsonObject> RunExportAsync(ImportsHost host, Guid sourceId, Guid documentId, string conflict)
    {
        var designer = host.Client(new TestUser(host.TenantId, "designer-1", FlowDocsRoles.Designer, FlowDocsRoles.Member));
        var definition = ExportDefinition(sourceId, conflict);
        await (await designer.PostAsJsonAsync("/api/workflows/definitions", definition, Ct)).JsonAsync(HttpStatusCode.Created);
        await (await designer.PostAsync($"/api/workflows/definitions/{definition["definitionId"]}/publish", null, Ct)).JsonAsync(HttpStatusCode.OK);
        var started = await (await designer.PostAsJsonAsync("/api/workflows/instances", new { definitionId = definition["definitionId"]!.GetValue<string>(), correlationId = documentId.ToString() }, Ct))
            .JsonAsync(HttpStatusCode.Created);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var instance = await (await designer.GetAsync($"/api/workflows/instances/{started.Id()}", Ct)).JsonAsync(HttpStatusCode.OK);
            var status = instance["summary"]!["subStatus"]!.GetValue<string>();
            if (status is "Finished" or "Faulted")
            {
                return instance;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The export instance did not end: {instance.ToJsonString()}");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>Graph's upload session: chunks with Content-Range, 202 with nextExpectedRanges until complete, then 201 with the item.</summary>
    private sealed class UploadSessionMock(long size, long failChunkAt)
    {
        private readonly ConcurrentDictionary<long, byte[]> _chunks = new();

        public int Failures { get; private set; }

        public byte[] Assembled() => _chunks.OrderBy(c => c.Key).SelectMany(c => c.Value).ToArray();

        public ResponseMessage Handle(IRequestMessage request)
        {
            if (request.Method == "PUT")
            {
                var range = request.Headers!["Content-Range"].Single(); // bytes start-end/total
                var start = long.Parse(range["bytes ".Length..range.IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                if (start == failChunkAt && Failures == 0)
                {
                    Failures++;
                    return Reply(500, new JsonObject { ["error"] = new JsonObject { ["code"] = "generalException", ["message"] = "chunk lost (mock)" } });
                }

                _chunks[start] = request.BodyAsBytes!;
            }

            var received = _chunks.Sum(c => (long)c.Value.Length);
            if (received >= size)
            {
                return Reply(201, new JsonObject { ["id"] = "exported-big", ["name"] = "big.bin", ["size"] = size });
            }

            var missing = new JsonArray();
            long next = 0;
            foreach (var chunk in _chunks.OrderBy(c => c.Key))
            {
                if (chunk.Key > next)
                {
                    missing.Add($"{next}-{chunk.Key - 1}");
                }

                next = chunk.Key + chunk.Value.Length;
            }

            missing.Add($"{next}-");
            return Reply(request.Method == "PUT" ? 202 : 200, new JsonObject { ["nextExpectedRanges"] = missing, ["expirationDateTime"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O") });
        }

        private static ResponseMessage Reply(int status, JsonObject body) => new()
        {
            StatusCode = status,
            Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
            BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String },
        };
    }
}
