using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlowDocs.Testing;
using Serilog.Events;

namespace FlowDocs.Server.Tests;

/// <summary>
/// Hostile and clumsy requests are the caller's mistake: each answers a 4xx problem naming the field, and the
/// server logs nothing at Error (an Error page at 3 a.m. for a typo in a query string helps nobody).
/// </summary>
public sealed class ClientErrorTests : IAsyncLifetime
{
    private readonly LoggedFactory _factory = new();
    private readonly TestUser _admin = TestUser.Admin(Guid.NewGuid());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, params string[] detailContains)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        var detail = body.GetProperty("detail").GetString() ?? string.Empty;
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), text);
        foreach (var part in detailContains)
        {
            Assert.Contains(part, detail, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("parameter \"", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Implicit body", detail, StringComparison.Ordinal);
        return body;
    }

    [Fact]
    public async Task Hostile_requests_answer_4xx_naming_the_field_and_log_nothing_at_error()
    {
        var client = _factory.CreateClientAs(_admin);
        var someId = Guid.NewGuid();

        await AssertProblemAsync(await client.PatchAsync($"/api/documents/{someId}", Json("{\"title\": "), Ct), HttpStatusCode.BadRequest, "title", "not valid JSON");
        await AssertProblemAsync(await client.PostAsync("/api/workflows/definitions", Json("{definitely not json"), Ct), HttpStatusCode.BadRequest, "body", "not valid JSON");
        await AssertProblemAsync(await client.PostAsync("/api/admin/roles", Json("[1,"), Ct), HttpStatusCode.BadRequest, "body", "not valid JSON");
        await AssertProblemAsync(await client.PostAsync("/api/workflows/instances", content: null, Ct), HttpStatusCode.BadRequest, "body", "needs a JSON body");
        await AssertProblemAsync(await client.GetAsync("/api/documents?page=abc", Ct), HttpStatusCode.BadRequest, "page", "'abc'", "whole number");
        await AssertProblemAsync(await client.GetAsync("/api/tasks?view=bogus", Ct), HttpStatusCode.BadRequest, "view", "'bogus'", "Assigned, Candidate, Created, Overdue");
        await AssertProblemAsync(
            await client.PostAsync($"/api/documents/{someId}/tasks", Json("{\"title\":\"t\",\"priority\":\"Whenever\"}"), Ct),
            HttpStatusCode.BadRequest, "priority", "Low", "High");
        await AssertProblemAsync(
            await client.PostAsync($"/api/documents/{someId}/tasks", Json("{\"title\":\"t\",\"dueAt\":42}"), Ct),
            HttpStatusCode.BadRequest, "dueAt", "date and time");
        await AssertProblemAsync(
            await client.PostAsync("/api/documents", new StringContent("text", Encoding.UTF8, "text/plain"), Ct),
            HttpStatusCode.BadRequest, "fileName", "fileName is required");

        Assert.Empty(_factory.Log.AtOrAbove(LogEventLevel.Error));
        Assert.Contains(_factory.Log.Events, e => e.Level == LogEventLevel.Information && e.MessageTemplate.Text.StartsWith("Request error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cut_upload_is_no_server_fault()
    {
        var client = _factory.CreateClientAs(_admin);

        var outcome = await Record.ExceptionAsync(() => client.PostAsync("/api/documents?fileName=cut.bin", new StreamContent(new BreakingStream(200_000)), Ct));

        Assert.NotNull(outcome);
        var created = await client.GetFromJsonAsync<JsonElement>("/api/documents", Ct);
        Assert.Equal(0, created.GetProperty("items").GetArrayLength());
        Assert.Empty(_factory.Log.AtOrAbove(LogEventLevel.Error));
    }
}
