using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Definitions;
using FlowDocs.Workflows.Model;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Workflows.Tests;

/// <summary>Real Elsa 3 exports (ElsaSamples/README.md) import, validate and run with the results Elsa's own tests expect.</summary>
public sealed class ElsaSampleTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ElsaSamples", name));

    private static async Task<(WorkflowHarness Harness, Guid Id)> RunAsync(string sample)
    {
        var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(Sample(sample));
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();
        return (harness, id);
    }

    [Theory]
    [InlineData("writeline.json", new[] { "Dummy Text" })]
    [InlineData("implicit-loop.json", new[] { "Do something", "Retry", "Do something", "Done" })]
    [InlineData("join-any-1.json", new[] { "Start", "End" })]
    public async Task Sample_runs_to_the_end_with_Elsas_output(string sample, string[] expected)
    {
        var (harness, id) = await RunAsync(sample);
        await using var _ = harness;

        Assert.Equal(expected, await harness.LinesAsync(id));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
    }

    [Fact]
    public async Task Join_all_sample_writes_both_lines_before_End()
    {
        var (harness, id) = await RunAsync("join-all-1.json");
        await using var _ = harness;

        var lines = await harness.LinesAsync(id);
        Assert.Equal("Start", lines[0]);
        Assert.Equal(["Line 1", "Line 2"], lines.Skip(1).Take(2).Order());
        Assert.Equal(["Start", "Line 1", "Line 2", "End"], lines.Order().OrderBy(l => l == "Start" ? 0 : l == "End" ? 2 : 1));
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public async Task Fork_decision_join_sample_writes_A_C_B_D_then_faults()
    {
        var (harness, id) = await RunAsync("fork-decision-join-waitall.json");
        await using var _ = harness;

        Assert.Equal(["A", "C", "B", "D"], await harness.LinesAsync(id));
        Assert.Equal(WorkflowSubStatus.Faulted, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Equal("cfffbc06a0b6eeb0", Assert.Single((await harness.StateAsync(id)).Incidents).ActivityId);
    }

    [Fact]
    public async Task Bad_cron_sample_fails_validation_naming_the_cron_activity()
    {
        await using var harness = new WorkflowHarness();
        await using var scope = harness.Scope();
        var definitions = scope.ServiceProvider.GetRequiredService<DefinitionService>();
        var imported = await definitions.ImportAsync(WorkflowModel.Parse(Sample("bad-cron-expression.json")), CancellationToken.None);

        var error = await Assert.ThrowsAsync<DefinitionException>(() => definitions.PublishAsync(imported.DefinitionId, CancellationToken.None));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("13658e4b3bfafaaf", "cron-invalid"), (problem.ActivityId, problem.Code));
        Assert.Equal(DefinitionErrorKind.Invalid, error.Kind);
    }

    [Theory]
    [InlineData("cron-every-hour.json", "0 0 * * * *")]
    [InlineData("timer-workflow.json", "* * * * *")]
    public async Task Trigger_samples_publish_exactly_one_recurring_job(string sample, string cron)
    {
        await using var harness = new WorkflowHarness();
        await harness.PublishAsync(Sample(sample));
        await harness.PublishAsync(Sample(sample));

        using var connection = harness.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id.StartsWith(TriggerIndexer.RecurringPrefix, StringComparison.Ordinal));
        Assert.Equal(cron, job.Cron);
    }

    [Theory]
    [InlineData("writeline.json")]
    [InlineData("implicit-loop.json")]
    [InlineData("fork-decision-join-waitall.json")]
    public async Task Export_returns_the_imported_definition(string sample)
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(Sample(sample));
        var original = WorkflowModel.Parse(Sample(sample)).Document;

        var exported = DefinitionService.Export(version);

        foreach (var key in new[] { "name", "variables", "root" })
        {
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(original[key], exported[key]), $"{key} differs");
        }

        Assert.Equal(original["definitionId"]!.GetValue<string>(), exported["definitionId"]!.GetValue<string>());
        Assert.True(exported["isPublished"]!.GetValue<bool>());
    }
}
