using System.Net;
using System.Net.Http.Json;
using System.Text;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Runs;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using static FlowDocs.Imports.Tests.GraphMock;
using static FlowDocs.Testing.TestWaits;

namespace FlowDocs.Imports.Tests;

/// <summary>Change notifications: Graph's handshake, clientState, debounced runs, subscriptions and their lifecycle.</summary>
public sealed class WebhookTests
{
    private const string WebhookUrl = "/api/imports/webhooks/graph";
    private static readonly CancellationToken Ct = ImportsHost.Ct;

    private static ImportsHost Host(StoreProfile profile = StoreProfile.Embedded) =>
        new(profile, f => f.With(ImportsSettings.NotificationUrlKey, "https://flowdocs.example.com/api/imports/webhooks/graph"));

    [Fact]
    public async Task The_validation_handshake_echoes_the_token_as_plain_text_without_authentication()
    {
        await using var host = Host();
        var response = await host.Anonymous().PostAsync($"{WebhookUrl}?validationToken={Uri.EscapeDataString("Validation: Token <1>")}", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Validation: Token <1>", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData(StoreProfile.Embedded)]
    [InlineData(StoreProfile.Production)]
    public async Task Maintenance_subscribes_enabled_sources_and_a_notification_runs_a_debounced_delta(StoreProfile profile)
    {
        await using var host = Host(profile);
        host.Graph.Server.Given(Request.Create().WithPath("/v1.0/subscriptions").UsingPost().WithHeader("Authorization", $"Bearer {AccessToken}"))
            .RespondWith(Json(201, new System.Text.Json.Nodes.JsonObject { ["id"] = "sub-1", ["expirationDateTime"] = DateTimeOffset.UtcNow.AddDays(29).ToString("O") }));
        host.Graph.DeltaPage(null, [File("i1", "a.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("a"));
        var sourceId = await host.CreateSourceAsync();

        await MaintainAsync(host);

        var subscribe = Assert.Single(host.Graph.Requests("/subscriptions"));
        var sent = System.Text.Json.Nodes.JsonNode.Parse(subscribe.RequestMessage.Body!)!;
        Assert.Equal(("updated", $"/drives/{DriveId}/root", "https://flowdocs.example.com/api/imports/webhooks/graph"),
            (sent["changeType"]!.GetValue<string>(), sent["resource"]!.GetValue<string>(), sent["notificationUrl"]!.GetValue<string>()));
        var clientState = sent["clientState"]!.GetValue<string>();
        var source = await (await host.Admin().GetAsync($"/api/imports/sources/{sourceId}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("sub-1", source["subscriptionId"]!.GetValue<string>());

        // Two notifications in a burst: one run.
        var notification = new { value = new[] { new { subscriptionId = "sub-1", clientState, changeType = "updated", resource = $"/drives/{DriveId}/root" } } };
        Assert.Equal(HttpStatusCode.Accepted, (await host.Anonymous().PostAsJsonAsync(WebhookUrl, notification, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Anonymous().PostAsJsonAsync(WebhookUrl, notification, Ct)).StatusCode);
        var runs = await (await host.Admin().GetAsync($"/api/imports/sources/{sourceId}/runs", Ct)).JsonAsync(HttpStatusCode.OK);
        var run = Assert.Single(runs["items"]!.AsArray())!.AsObject();
        Assert.Equal("Webhook", run["trigger"]!.GetValue<string>());
        var finished = await host.WaitForRunAsync(run.Id());
        Assert.Equal(1, finished.Int("new"));
    }

    [Fact]
    public async Task A_forged_clientState_is_rejected_and_nothing_runs()
    {
        await using var host = Host();
        var sourceId = await host.CreateSourceAsync();
        await SetSubscriptionAsync(host, sourceId, "sub-9", "the-real-state");

        var forged = new { value = new[] { new { subscriptionId = "sub-9", clientState = "guessed", changeType = "updated" } } };
        var response = await host.Anonymous().PostAsJsonAsync(WebhookUrl, forged, Ct);

        var problem = await response.JsonAsync(HttpStatusCode.Forbidden);
        Assert.Contains("clientState", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var runs = await (await host.Admin().GetAsync($"/api/imports/sources/{sourceId}/runs", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(runs["items"]!.AsArray());

        var unknown = new { value = new[] { new { subscriptionId = "nobody", clientState = "x", changeType = "updated" } } };
        Assert.Equal(HttpStatusCode.Accepted, (await host.Anonymous().PostAsJsonAsync(WebhookUrl, unknown, Ct)).StatusCode);
        await (await host.Anonymous().PostAsync(WebhookUrl, new StringContent("{oops", Encoding.UTF8, "application/json"), Ct)).JsonAsync(HttpStatusCode.BadRequest);
        await (await host.Anonymous().PostAsJsonAsync(WebhookUrl, new { value = Array.Empty<object>() }, Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ReauthorizationRequired_renews_the_subscription_and_an_expiring_one_is_renewed_by_maintenance()
    {
        await using var host = Host();
        host.Graph.Server.Given(Request.Create().WithPath("/v1.0/subscriptions/sub-5").UsingPatch())
            .RespondWith(Json(200, new System.Text.Json.Nodes.JsonObject { ["id"] = "sub-5", ["expirationDateTime"] = DateTimeOffset.UtcNow.AddDays(29).ToString("O") }));
        var sourceId = await host.CreateSourceAsync();
        await SetSubscriptionAsync(host, sourceId, "sub-5", "state-5");

        var lifecycle = new { value = new[] { new { subscriptionId = "sub-5", clientState = "state-5", lifecycleEvent = "reauthorizationRequired" } } };
        Assert.Equal(HttpStatusCode.Accepted, (await host.Anonymous().PostAsJsonAsync(WebhookUrl, lifecycle, Ct)).StatusCode);

        await EventuallyAsync(() => Task.FromResult(host.Graph.Requests("/subscriptions/sub-5").Count == 1), "the subscription to be renewed");
        await EventuallyAsync(async () => (await SubscriptionExpiryAsync(host, sourceId)) > DateTimeOffset.UtcNow.AddDays(20), "the new expiry to be stored");

        // Maintenance renews what expires within three days.
        await SetSubscriptionAsync(host, sourceId, "sub-5", "state-5", DateTimeOffset.UtcNow.AddDays(1));
        await MaintainAsync(host);
        Assert.Equal(2, host.Graph.Requests("/subscriptions/sub-5").Count);
    }

    private static async Task MaintainAsync(ImportsHost host)
    {
        await using var scope = host.Server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ImportMaintenance>().RunAsync(Ct);
    }

    private static async Task SetSubscriptionAsync(ImportsHost host, Guid sourceId, string id, string clientState, DateTimeOffset? expires = null)
    {
        await using var scope = host.Server.Services.CreateAsyncScope();
        var secrets = scope.ServiceProvider.GetRequiredService<Graph.SourceSecrets>();
        var protectedState = secrets.ProtectClientState(clientState);
        var expiry = expires ?? DateTimeOffset.UtcNow.AddDays(20);
        await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<ImportSource>().IgnoreQueryFilters().Where(s => s.Id == sourceId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SubscriptionId, id).SetProperty(x => x.ProtectedClientState, protectedState).SetProperty(x => x.SubscriptionExpiresAt, expiry), Ct);
    }

    private static async Task<DateTimeOffset?> SubscriptionExpiryAsync(ImportsHost host, Guid sourceId)
    {
        await using var scope = host.Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<ImportSource>().IgnoreQueryFilters()
            .Where(s => s.Id == sourceId).Select(s => s.SubscriptionExpiresAt).SingleAsync(Ct);
    }

}
