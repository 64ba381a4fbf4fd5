using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Imports.Graph;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Imports.Tests;

/// <summary>
/// A FlowDocs server whose Graph base URL is a <see cref="GraphMock"/>, and whose Entra ID token requests (to the real
/// authority host, as in production) are routed to the same mock. Each test owns one (its own tenant, data and mock).
/// </summary>
public sealed class ImportsHost : IAsyncDisposable
{
    private readonly FlowDocsFactory _factory;
    private readonly Lazy<WebApplicationFactory<Program>> _server;

    public ImportsHost(StoreProfile profile = StoreProfile.Embedded, Action<FlowDocsFactory>? configure = null)
    {
        Graph = new GraphMock();
        _factory = new FlowDocsFactory(profile)
            .With(ImportsSettings.GraphBaseUrlKey, Graph.GraphUrl.ToString())
            .With(ImportsSettings.WebhookDebounceSecondsKey, "0")
            .With(ImportsSettings.SmallUploadLimitKey, "1000000")
            .With(ImportsSettings.UploadChunkSizeKey, (ImportsSettings.ChunkUnit * 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        configure?.Invoke(_factory);
        _server = new(() => _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddHttpClient(GraphClients.IdentityClientName).AddHttpMessageHandler(() => new RerouteHandler(Graph.BaseUrl)))));
    }

    public GraphMock Graph { get; }

    public Guid TenantId { get; } = Guid.NewGuid();

    public WebApplicationFactory<Program> Server => _server.Value;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Admin() => Client(TestUser.Admin(TenantId));

    public HttpClient Member() => Client(TestUser.Member(TenantId));

    public HttpClient Client(TestUser user)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, user.ToHeader());
        return client;
    }

    public HttpClient Anonymous() => Server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    public static object SourceBody(string name = "Client A", string folderId = "root", string? schedule = null, string conflictPolicy = "NewVersion", string deletionPolicy = "Archive") => new
    {
        name,
        driveId = GraphMock.DriveId,
        folderId,
        entraTenantId = "contoso.onmicrosoft.com",
        clientId = "11111111-2222-3333-4444-555555555555",
        clientSecret = "s3cret-value",
        schedule,
        tags = new[] { "client-a" },
        documentStatus = "Draft",
        conflictPolicy,
        deletionPolicy,
    };

    public async Task<Guid> CreateSourceAsync(object? body = null)
    {
        var created = await (await Admin().PostAsJsonAsync("/api/imports/sources", body ?? SourceBody(), Ct)).JsonAsync(HttpStatusCode.Created);
        return created.Id();
    }

    /// <summary>Run now, then wait until the run has ended.</summary>
    public async Task<JsonObject> RunAsync(Guid sourceId)
    {
        var queued = await (await Admin().PostAsync($"/api/imports/sources/{sourceId}/runs", null, Ct)).JsonAsync(HttpStatusCode.Accepted);
        return await WaitForRunAsync(queued.Id());
    }

    public async Task<JsonObject> WaitForRunAsync(Guid runId, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await (await Admin().GetAsync($"/api/imports/runs/{runId}", Ct)).JsonAsync(HttpStatusCode.OK);
            if (last["status"]!.GetValue<string>() is not ("Queued" or "Running"))
            {
                return last;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"Import run {runId} did not end; last: {last?.ToJsonString()}");
        return [];
    }

    /// <summary>The tenant's documents (first page, newest first).</summary>
    public async Task<JsonArray> DocumentsAsync()
    {
        var page = await (await Member().GetAsync("/api/documents?pageSize=200", Ct)).JsonAsync(HttpStatusCode.OK);
        return page["items"]!.AsArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await _server.Value.DisposeAsync();
        }

        await _factory.DisposeAsync();
        Graph.Dispose();
    }
}

internal static class HttpAssertions
{
    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(ImportsHost.Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? new JsonObject { ["items"] = JsonNode.Parse(body) };
    }

    public static Guid Id(this JsonObject json) => Guid.Parse(json["id"]!.GetValue<string>());

    public static int Int(this JsonObject json, string name) => json[name]!.GetValue<int>();
}
