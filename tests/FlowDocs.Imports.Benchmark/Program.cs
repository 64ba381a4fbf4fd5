// Import benchmark: N small files served by a Graph mock (WireMock.Net on loopback, 200 items per delta page) are
// imported by a real FlowDocs server (in-process, through its API and Hangfire worker), then a delta with 100 changed
// files. The baseline, measured in the same process against the same mock: fetching the same pages and contents with
// a plain HttpClient and throwing them away (what any importer must at least do).
//   dotnet run -c Release --project tests/FlowDocs.Imports.Benchmark -- [items=10000] [embedded|production]
// production needs MariaDB/Redis/S3: `source scripts/test-services.sh start` first.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlowDocs.Common.Security;
using FlowDocs.Imports;
using FlowDocs.Imports.Graph;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

var items = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var profile = args.Length > 1 && args[1].Equals("production", StringComparison.OrdinalIgnoreCase) ? StoreProfile.Production : StoreProfile.Embedded;
const int PageSize = 200;
const int Changes = 100;

using var graph = WireMockServer.Start();
var baseUrl = $"http://localhost:{graph.Port}";
var drive = new MockDrive(baseUrl, items, PageSize, Changes);
graph.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("/oauth2/v2.0/token$")).UsingPost())
    .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"token_type":"Bearer","expires_in":3599,"access_token":"t"}"""));
graph.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("/delta")).UsingGet()).RespondWith(Response.Create().WithCallback(drive.Delta));
graph.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("/content$")).UsingGet()).RespondWith(Response.Create().WithCallback(drive.Content));

Console.WriteLine($"Import benchmark: {items} files of ~40 bytes, {PageSize} per delta page, profile {profile}, {Environment.ProcessorCount} cores");

// Baseline: the same requests with a plain HttpClient, sequentially, as the importer makes them.
using var http = new HttpClient();
var baseline = Stopwatch.StartNew();
var fetched = await FetchAllAsync(http, $"{baseUrl}/v1.0/drives/drive-1/items/root/delta");
var baselineSeconds = baseline.Elapsed.TotalSeconds;
Console.WriteLine($"baseline: fetched {fetched} items (pages + contents) in {baselineSeconds:0.00} s = {fetched / baselineSeconds:0} items/s");

ConsoleHosting.UseServerContentRoot();
await using var factory = new FlowDocsFactory(profile).With(ImportsSettings.GraphBaseUrlKey, $"{baseUrl}/v1.0");
await using var server = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
    s.AddHttpClient(GraphClients.IdentityClientName).AddHttpMessageHandler(() => new RerouteHandler(new Uri(baseUrl)))));
var admin = server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
admin.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, new TestUser(Guid.NewGuid(), "admin-1", FlowDocsRoles.Admin, FlowDocsRoles.Member).ToHeader());
admin.Timeout = TimeSpan.FromMinutes(30);
var created = await (await admin.PostAsJsonAsync("/api/imports/sources", new
{
    name = "Benchmark",
    driveId = "drive-1",
    entraTenantId = "contoso.onmicrosoft.com",
    clientId = "c",
    clientSecret = "s",
})).Content.ReadFromJsonAsync<JsonObject>();
var sourceId = created!["id"]!.GetValue<string>();

var full = await RunAsync(admin, sourceId, "first sync");
var fullRate = full.Seen / full.Seconds;
Console.WriteLine($"first sync: {full.New} new of {full.Seen} items in {full.Seconds:0.00} s = {fullRate:0} items/s = {fullRate / (fetched / baselineSeconds):0.00}x the fetch-only baseline");

drive.ServeChanges = true;
var baselineDelta = Stopwatch.StartNew();
var deltaFetched = await FetchAllAsync(http, $"{baseUrl}/v1.0/drives/drive-1/items/root/delta?token=d1");
var baselineDeltaSeconds = baselineDelta.Elapsed.TotalSeconds;
var delta = await RunAsync(admin, sourceId, "delta");
Console.WriteLine($"delta of {Changes} changes: {delta.Updated} updated in {delta.Seconds:0.000} s (run queued → finished); fetch-only baseline {baselineDeltaSeconds:0.000} s for {deltaFetched} items = {delta.Seconds / baselineDeltaSeconds:0.0}x its time");
return full.New == items && delta.Updated == Changes ? 0 : 1;

static async Task<int> FetchAllAsync(HttpClient http, string first)
{
    var count = 0;
    string? link = first;
    while (link is not null)
    {
        var page = (await http.GetFromJsonAsync<JsonObject>(link))!;
        foreach (var item in page["value"]!.AsArray())
        {
            await using var content = await http.GetStreamAsync(new Uri(new Uri(first), $"/v1.0/drives/drive-1/items/{item!["id"]}/content"));
            await content.CopyToAsync(Stream.Null);
            count++;
        }

        link = page["@odata.nextLink"]?.GetValue<string>();
    }

    return count;
}

static async Task<(int New, int Updated, int Seen, double Seconds)> RunAsync(HttpClient admin, string sourceId, string what)
{
    var clock = Stopwatch.StartNew();
    var queued = await (await admin.PostAsync($"/api/imports/sources/{sourceId}/runs", null)).Content.ReadFromJsonAsync<JsonObject>();
    var runId = queued!["id"]!.GetValue<string>();
    var lastReport = TimeSpan.Zero;
    while (true)
    {
        var run = (await admin.GetFromJsonAsync<JsonObject>($"/api/imports/runs/{runId}"))!;
        var status = run["status"]!.GetValue<string>();
        if (status is not ("Queued" or "Running"))
        {
            if (status != "Succeeded")
            {
                throw new InvalidOperationException($"The {what} run ended {status}: {run.ToJsonString()}");
            }

            return (run["new"]!.GetValue<int>(), run["updated"]!.GetValue<int>(), run["itemsSeen"]!.GetValue<int>(), clock.Elapsed.TotalSeconds);
        }

        if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
        {
            lastReport = clock.Elapsed;
            Console.WriteLine($"  {what}: {run["itemsSeen"]} items, {run["pages"]} pages after {clock.Elapsed.TotalSeconds:0} s");
        }

        await Task.Delay(50);
    }
}

/// <summary>A drive folder of N files in delta pages; with <see cref="ServeChanges"/> the delta link lists 100 changed files.</summary>
internal sealed partial class MockDrive(string baseUrl, int items, int pageSize, int changes)
{
    public bool ServeChanges { get; set; }

    public ResponseMessage Delta(IRequestMessage request)
    {
        var token = request.Query?.TryGetValue("token", out var t) == true ? t.Single() : null;
        var link = $"{baseUrl}/v1.0/drives/drive-1/items/root/delta?token=";
        var body = new JsonObject();
        if (token == "d1")
        {
            body["value"] = new JsonArray([.. Enumerable.Range(0, ServeChanges ? changes : 0).Select(n => Item(n, "v2"))]);
            body["@odata.deltaLink"] = link + "d2";
            return Reply("application/json", Encoding.UTF8.GetBytes(body.ToJsonString()));
        }

        var page = token is null ? 0 : int.Parse(token[1..], CultureInfo.InvariantCulture);
        var first = page * pageSize;
        body["value"] = new JsonArray([.. Enumerable.Range(first, Math.Max(0, Math.Min(pageSize, items - first))).Select(n => Item(n, "v1"))]);
        body[first + pageSize < items ? "@odata.nextLink" : "@odata.deltaLink"] = first + pageSize < items ? $"{link}p{page + 1}" : $"{link}d1";
        return Reply("application/json", Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    public ResponseMessage Content(IRequestMessage request)
    {
        var id = ItemId().Match(request.Path).Groups[1].Value;
        var version = ServeChanges && int.Parse(id, CultureInfo.InvariantCulture) < changes ? "v2" : "v1";
        return Reply("application/octet-stream", Encoding.UTF8.GetBytes($"content of item {id}, version {version}"));
    }

    private static JsonObject Item(int n, string eTag) => new()
    {
        ["id"] = n.ToString(CultureInfo.InvariantCulture),
        ["name"] = $"file-{n}.txt",
        ["eTag"] = eTag,
        ["file"] = new JsonObject { ["mimeType"] = "text/plain", ["hashes"] = new JsonObject { ["quickXorHash"] = $"{n}-{eTag}" } },
    };

    private static ResponseMessage Reply(string contentType, byte[] body) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(contentType) },
        BodyData = new BodyData { BodyAsBytes = body, DetectedBodyType = BodyType.Bytes },
    };

    [GeneratedRegex("/items/([^/]+)/content$")]
    private static partial Regex ItemId();
}
