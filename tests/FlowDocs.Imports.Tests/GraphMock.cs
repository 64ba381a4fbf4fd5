using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FlowDocs.Imports.Tests;

/// <summary>
/// Microsoft Graph and Entra ID as WireMock.Net serves them on loopback: the token endpoint, delta pages linked by
/// <c>@odata.nextLink</c>/<c>@odata.deltaLink</c>, item content, subscriptions and upload sessions, all in Graph's JSON
/// shapes. Graph routes answer only requests that carry the mock's bearer token, so a lost Authorization header fails.
/// </summary>
public sealed class GraphMock : IDisposable
{
    public const string AccessToken = "mock-graph-token";
    public const string DriveId = "b!drive-1";

    public GraphMock()
    {
        Server = WireMockServer.Start();
        BaseUrl = new Uri($"http://localhost:{Server.Port}");
        MapToken();
    }

    /// <summary>Forgets every Graph route (Entra ID's token endpoint stays), e.g. to change what Graph answers between runs.</summary>
    public void Reset()
    {
        Server.ResetMappings();
        MapToken();
    }

    private void MapToken() =>
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/[^/]+/oauth2/v2.0/token$")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"{{AccessToken}}"}"""));

    public WireMockServer Server { get; }

    /// <summary>http://localhost:port (Kiota sends tokens over plain HTTP only to localhost).</summary>
    public Uri BaseUrl { get; }

    public Uri GraphUrl => new(BaseUrl, "/v1.0");

    public static string DeltaPath(string folder = "root") => $"/v1.0/drives/{DriveId}/items/{folder}/delta";

    public string DeltaUrl(string token, string folder = "root") => $"{BaseUrl.ToString().TrimEnd('/')}{DeltaPath(folder)}?token={token}";

    /// <summary>
    /// One delta page: the first one (<paramref name="token"/> null) or the one a link with <c>token=…</c> points at; it links to
    /// <paramref name="next"/> (another page) or ends the enumeration with the delta link <paramref name="delta"/>.
    /// </summary>
    public void DeltaPage(string? token, IEnumerable<JsonObject> items, string? next = null, string? delta = null, string folder = "root")
    {
        var body = new JsonObject { ["value"] = new JsonArray([.. items]) };
        if (next is not null)
        {
            body["@odata.nextLink"] = DeltaUrl(next, folder);
        }
        else
        {
            body["@odata.deltaLink"] = DeltaUrl(delta ?? $"after-{token ?? "first"}", folder);
        }

        Server.Given(DeltaRequest(token, folder)).AtPriority(token is null ? 10 : 1)
            .RespondWith(Json(200, body));
    }

    /// <summary>The delta page with <paramref name="token"/> answers <paramref name="status"/> (e.g. 410 resyncRequired, 500).</summary>
    public void DeltaFails(string? token, int status, string code, string folder = "root") =>
        Server.Given(DeltaRequest(token, folder)).AtPriority(token is null ? 10 : 1)
            .RespondWith(Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = $"{code} (mock)" } }));

    /// <summary>Kiota asks for <c>delta()</c> (the function) with the drive id escaped; the links Graph returns are used as they are.</summary>
    public static IRequestBuilder DeltaRequest(string? token, string folder = "root")
    {
        var path = new WireMock.Matchers.RegexMatcher($"^/v1.0/drives/(b!|b%21)drive-1/items/{folder}/delta(\\(\\))?$");
        var request = Request.Create().WithPath(path).UsingGet().WithHeader("Authorization", $"Bearer {AccessToken}");
        return token is null ? request : request.WithParam("token", token);
    }

    public void Content(string itemId, byte[] bytes) =>
        Server.Given(Request.Create().WithPath(ItemPath(itemId, "content")).UsingGet().WithHeader("Authorization", $"Bearer {AccessToken}"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/octet-stream").WithBody(bytes));

    public void ContentFails(string itemId, int status) =>
        Server.Given(Request.Create().WithPath(ItemPath(itemId, "content")).UsingGet())
            .RespondWith(Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = "itemNotFound", ["message"] = "gone (mock)" } }));

    public static WireMock.Matchers.RegexMatcher ItemPath(string itemId, string rest) =>
        new($"^/v1.0/drives/(b!|b%21)drive-1/items/{System.Text.RegularExpressions.Regex.Escape(itemId)}/{rest}$");

    public IReadOnlyList<ILogEntry> Requests(string pathContains) =>
        Server.LogEntries.Where(e => e.RequestMessage.Path.Contains(pathContains, StringComparison.Ordinal)).ToList();

    public int DeltaRequests(string? token) =>
        Server.LogEntries.Count(e => e.RequestMessage.Path.Contains("/delta", StringComparison.Ordinal)
            && (token is null ? e.RequestMessage.Query is null || !e.RequestMessage.Query.ContainsKey("token") : e.RequestMessage.Query?.TryGetValue("token", out var t) == true && t.Contains(token)));

    public static JsonObject File(string id, string name, string eTag, string? quickXorHash = null, string mimeType = "text/plain") => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["eTag"] = eTag,
        ["size"] = 10,
        ["parentReference"] = new JsonObject { ["driveId"] = DriveId, ["path"] = "/drive/root:/Clients" },
        ["file"] = new JsonObject { ["mimeType"] = mimeType, ["hashes"] = new JsonObject { ["quickXorHash"] = quickXorHash ?? $"hash-{eTag}" } },
    };

    public static JsonObject Folder(string id, string name) => new() { ["id"] = id, ["name"] = name, ["folder"] = new JsonObject { ["childCount"] = 1 } };

    public static JsonObject Root() => new() { ["id"] = "root-id", ["name"] = "root", ["root"] = new JsonObject(), ["folder"] = new JsonObject { ["childCount"] = 3 } };

    public static JsonObject Deleted(string id) => new() { ["id"] = id, ["deleted"] = new JsonObject { ["state"] = "deleted" } };

    public static IResponseBuilder Json(int status, JsonNode body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body.ToJsonString(JsonSerializerOptions.Web));

    public void Dispose() => Server.Stop();
}
