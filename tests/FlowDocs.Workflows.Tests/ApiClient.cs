using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Testing;

namespace FlowDocs.Workflows.Tests;

/// <summary>HTTP helpers for the workflow API functional tests.</summary>
internal static class ApiClient
{
    public const string DefinitionsUrl = "/api/workflows/definitions";
    public const string InstancesUrl = "/api/workflows/instances";

    public static TestUser Designer(Guid tenantId) => new(tenantId, "designer-1", FlowDocsRoles.Designer, FlowDocsRoles.Member);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? new JsonObject { ["items"] = JsonNode.Parse(body) };
    }

    public static async Task<JsonObject> CreateAndPublishAsync(this HttpClient designer, JsonObject definition)
    {
        await (await designer.PostAsJsonAsync(DefinitionsUrl, definition, Ct)).JsonAsync(HttpStatusCode.Created);
        return await (await designer.PostAsync($"{DefinitionsUrl}/{definition["definitionId"]}/publish", null, Ct)).JsonAsync(HttpStatusCode.OK);
    }

    public static async Task<Guid> StartAsync(this HttpClient client, string definitionId, JsonObject? input = null, string? correlationId = null)
    {
        var created = await (await client.PostAsJsonAsync(InstancesUrl, new { definitionId, input, correlationId }, Ct)).JsonAsync(HttpStatusCode.Created);
        return Guid.Parse(created["id"]!.GetValue<string>());
    }

    /// <summary>Polls the instance until its sub-status is <paramref name="subStatus"/> (the Hangfire worker runs the bursts).</summary>
    public static async Task<JsonObject> WaitForAsync(this HttpClient client, Guid instanceId, string subStatus, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await (await client.GetAsync($"{InstancesUrl}/{instanceId}", Ct)).JsonAsync(HttpStatusCode.OK);
            if (last["summary"]!["subStatus"]!.GetValue<string>() == subStatus)
            {
                return last;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"Instance {instanceId} did not reach {subStatus}; last: {last?.ToJsonString()}");
        return [];
    }

    public static IEnumerable<string> Lines(this JsonObject instance) =>
        instance["journal"]!.AsArray().Where(j => j!["activityType"]!.GetValue<string>() == "Elsa.WriteLine").Select(j => j!["message"]!.GetValue<string>());
}
