using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Testing;
using static FlowDocs.Workflows.Tests.ApiClient;

namespace FlowDocs.Workflows.Tests;

/// <summary>Hostile scripts started over HTTP neither hold their own requests nor slow anybody else's.</summary>
public sealed class ScriptIsolationTests
{
    private const int Starts = 16;

    [Fact]
    public async Task Parallel_starts_of_a_catastrophic_regular_expression_are_answered_at_once_and_do_not_slow_other_requests()
    {
        await using var factory = new FlowDocsFactory().With(WorkflowsModule.ScriptTimeoutMsKey, "1000");
        var tenant = Guid.NewGuid();
        var designer = factory.CreateClientAs(Designer(tenant));
        var member = factory.CreateClientAs(TestUser.Member(tenant));
        var flow = new FlowBuilder("Regex bomb")
            .Activity("regex", "Elsa.RunJavaScript", ("script", "Literal", "/(a+)+$/.test('a'.repeat(40) + 'b')"));
        await designer.CreateAndPublishAsync(flow.Build());
        var quietBefore = await MedianLatencyAsync(member);

        var starts = Enumerable.Range(0, Starts).Select(_ => Task.Run(async () =>
        {
            var watch = Stopwatch.StartNew();
            var id = await member.StartAsync(flow.DefinitionId);
            return (Id: id, Elapsed: watch.Elapsed);
        })).ToList();
        var underAttack = await MedianLatencyAsync(member);
        var started = await Task.WhenAll(starts);
        var instances = new List<JsonObject>();
        foreach (var (id, _) in started)
        {
            instances.Add(await member.WaitForAsync(id, "Faulted", seconds: 180));
        }

        var quietAfter = await MedianLatencyAsync(member);

        // Scripts take turns on at most half the cores, so other requests keep their threads: an unrelated list answers
        // within twice its quiet latency. The quiet figure is the slower of before and after, so that other load on the
        // machine counts on both sides; 50 ms of slack because one core running scripts slows everything else on a
        // loaded 2-core machine a little. Starved threads (the fault this guards against) cost seconds, not milliseconds.
        var quiet = Math.Max(quietBefore, quietAfter);
        Assert.True(underAttack <= 2 * quiet + 50, $"median {underAttack:0.0} ms under attack vs {quiet:0.0} ms quiet ({quietBefore:0.0} before, {quietAfter:0.0} after)");
        // A start waits for no script slot in its request: at most one script's limit (1 s) plus its own work, not 16 × 1 s.
        var slowest = started.Max(s => s.Elapsed);
        Assert.True(slowest < TimeSpan.FromSeconds(8), $"the slowest start was answered after {slowest.TotalSeconds:0.0} s");
        // Every script was still stopped at its limit, by the worker that ran it.
        Assert.All(instances, i => Assert.Contains("regular expression", i.ToJsonString(), StringComparison.Ordinal));
    }

    /// <summary>The median of 15 timed list requests, after one warm-up.</summary>
    private static async Task<double> MedianLatencyAsync(HttpClient client)
    {
        (await client.GetAsync($"{DefinitionsUrl}?pageSize=5", Ct)).EnsureSuccessStatusCode();
        var samples = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.GetAsync($"{DefinitionsUrl}?pageSize=5", Ct);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            _ = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}
