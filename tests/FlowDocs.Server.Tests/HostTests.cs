using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowDocs.Server.Tests;

public sealed class EmbeddedHostTests : HostTests
{
    public EmbeddedHostTests() : base(StoreProfile.Embedded) { }
}

public sealed class ProductionHostTests : HostTests
{
    public ProductionHostTests() : base(StoreProfile.Production) { }
}

/// <summary>The same host checks on both store profiles: embedded default and production stores.</summary>
public abstract class HostTests(StoreProfile profile) : IAsyncLifetime
{
    private readonly FlowDocsFactory _factory = new(profile);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Ready_reports_database_jobs_and_blobs_healthy()
    {
        var client = _factory.CreateClient();

        var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        var expected = profile == StoreProfile.Embedded
            ? new[] { ("database", (string?)null), ("jobs", "SQLiteStorage"), ("blobs", "FileSystemBlobStore") }
            : [("database", null), ("jobs", "RedisStorage"), ("blobs", "S3BlobStore")];
        foreach (var (name, description) in expected)
        {
            var check = checks.GetProperty(name);
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
            if (description is not null)
            {
                Assert.Equal(description, check.GetProperty("description").GetString());
            }
        }
    }

    [Fact]
    public void A_stopping_server_drains_within_the_pods_grace_period_after_its_preStop_pause()
    {
        _ = _factory.CreateClient();

        var shutdown = _factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        Assert.Equal(TimeSpan.FromSeconds(15), shutdown); // 10 s preStop + 15 s < the 30 s terminationGracePeriodSeconds
    }

    [Fact]
    public async Task Live_answers_without_touching_dependencies()
    {
        var client = _factory.CreateClient();

        var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_is_valid_openapi_3()
    {
        var client = _factory.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("FlowDocs API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Object, document.GetProperty("paths").ValueKind);
    }

    [Fact]
    public async Task Api_reference_page_is_served()
    {
        var client = _factory.CreateClient();

        var response = await client.GetAsync("/api-reference", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("FlowDocs API", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_api_route_answers_problem_details_404()
    {
        var client = _factory.CreateClient();

        var response = await client.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("/api/no-such-thing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }
}
