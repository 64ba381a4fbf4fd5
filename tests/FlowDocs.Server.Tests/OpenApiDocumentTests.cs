using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Server.Tests;

/// <summary>
/// The served OpenAPI document declares every answer an operation can give (the functional tests' contract check,
/// <see cref="OpenApiContract"/>, holds them to it), and that check itself names what is undeclared.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncDisposable
{
    private readonly FlowDocsFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private async Task<JsonElement> OperationsAsync()
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        return document.GetProperty("paths");
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Each(JsonElement paths) =>
        paths.EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch" or "head")
            .Select(o => (path.Name, o.Name, o.Value)));

    [Fact]
    public async Task Every_api_operation_declares_its_failures_not_only_its_success()
    {
        var paths = await OperationsAsync();
        var bare = new List<string>();
        foreach (var (path, method, operation) in Each(paths).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var codes = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            // Every /api operation can meet an outage (503); only anonymous ones (the Graph webhook) have no 401.
            if (codes.Count(c => c.StartsWith('2') || c.StartsWith('3')) == codes.Count || !codes.Contains("503"))
            {
                bare.Add($"{method.ToUpperInvariant()} {path}: {string.Join(", ", codes)}");
            }
        }

        Assert.True(bare.Count == 0, "Operations declaring only successes, or no 503:" + Environment.NewLine + string.Join(Environment.NewLine, bare));
    }

    [Fact]
    public async Task Workflow_operations_declare_what_they_answer_beyond_200()
    {
        var paths = await OperationsAsync();

        string[] Codes(string path, string method) =>
            [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name)];

        Assert.Contains("201", Codes("/api/workflows/definitions", "post"));
        Assert.Contains("409", Codes("/api/workflows/definitions", "post"));
        Assert.Contains("422", Codes("/api/workflows/definitions/{definitionId}/publish", "post"));
        Assert.Contains("204", Codes("/api/workflows/definitions/{definitionId}/draft", "delete"));
        Assert.Contains("202", Codes("/api/workflows/instances/{instanceId}/retry", "post"));
        Assert.Contains("202", Codes("/api/workflows/events", "post"));
        Assert.DoesNotContain("200", Codes("/api/workflows/events", "post"));
        Assert.Equal(["200", "206", "304", "400", "401", "403", "404", "416", "503"], Codes("/api/documents/{documentId}/content", "head").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_contract_check_names_an_undeclared_status_or_media_type_and_ignores_undocumented_paths()
    {
        var document = await _factory.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync(Ct);
        ApiExchange Get(string template, int status, string? mediaType) => new("GET", template.Replace("{documentId}", "1", StringComparison.Ordinal), template, status, mediaType);

        Assert.Null(OpenApiContract.Check(document, Get("/api/documents/{documentId}", 200, "application/json")));
        Assert.Null(OpenApiContract.Check(document, Get("/api/documents/{documentId}", 404, "application/problem+json")));
        Assert.Null(OpenApiContract.Check(document, Get("/api/documents/{documentId}/content", 200, "application/pdf")));
        Assert.Null(OpenApiContract.Check(document, Get("/api/documents/{documentId}/content", 304, null)));
        Assert.Null(OpenApiContract.Check(document, Get("/studio/documents/{documentId}", 418, "text/html")));

        var status = OpenApiContract.Check(document, Get("/api/documents/{documentId}", 418, "application/problem+json"));
        var media = OpenApiContract.Check(document, Get("/api/documents/{documentId}", 404, "text/html"));
        var method = OpenApiContract.Check(document, new ApiExchange("PUT", "/api/documents/1", "/api/documents/{documentId}", 418, null));

        Assert.Contains("GetDocument does not declare 418", status, StringComparison.Ordinal);
        Assert.Contains("not text/html", media, StringComparison.Ordinal);
        Assert.Null(method);
    }

    [Fact]
    public async Task A_client_error_logged_as_an_error_fails_the_test_that_caused_it_and_one_logged_as_a_warning_does_not()
    {
        await using var host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ClientErrorEndpoints>()));
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/test/client-error/warning", Ct)).StatusCode);
        Assert.Empty(OpenApiContract.TakeViolations());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/test/client-error/error", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/test/client-error/ok-error", Ct)).StatusCode);

        var violation = Assert.Single(OpenApiContract.TakeViolations());
        Assert.Contains("GET /test/client-error/error answered 400 and logged an Error: The client sent {What}", violation, StringComparison.Ordinal);
    }

    /// <summary>Answers 400 after logging a Warning or an Error (or 200 after an Error: a fault, not the client's).</summary>
    private sealed class ClientErrorEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("FlowDocs.Tests.ClientErrors");
            app.Map("/test/client-error", branch => branch.Run(context =>
            {
                var level = context.Request.Path.Value!.EndsWith("/warning", StringComparison.Ordinal) ? LogLevel.Warning : LogLevel.Error;
#pragma warning disable CA1848, CA2254 // A test endpoint: one message, its level chosen by the request.
                logger.Log(level, "The client sent {What}", context.Request.Path.Value);
#pragma warning restore CA1848, CA2254
                context.Response.StatusCode = context.Request.Path.Value.EndsWith("/ok-error", StringComparison.Ordinal) ? 200 : 400;
                return Task.CompletedTask;
            }));
            next(app);
        };
    }
}
