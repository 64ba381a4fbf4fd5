using FlowDocs.Common.Events;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Workflows.Tests;

/// <summary>
/// Exactly one instance per trigger occurrence: a retried event, a racing second delivery or a start whose job could not
/// be queued after its commit never starts a second instance; the recovery sweep, not a new start, queues the lost work.
/// </summary>
public sealed class StartOnceTests
{
    private static DocumentVersionAdded Added(Guid tenant, Guid document, Guid version) =>
        new(tenant, document, version, 1, "upload", "member-1", DateTimeOffset.UnixEpoch);

    private static async Task<List<WorkflowInstance>> InstancesAsync(WorkflowHarness harness)
    {
        await using var scope = harness.Scope();
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<WorkflowInstance>().AsNoTracking().ToListAsync();
    }

    private static async Task HandleAsync(WorkflowHarness harness, DocumentVersionAdded added)
    {
        await using var scope = harness.Scope();
        foreach (var handler in scope.ServiceProvider.GetServices<IEventHandler<DocumentVersionAdded>>())
        {
            await handler.HandleAsync(added, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(100)] // the first burst runs inline; its timer cannot be scheduled
    [InlineData(0)] // the start is queued as a job; the job cannot be queued
    public async Task A_version_whose_start_could_not_be_queued_is_handled_again_without_a_second_instance(int inline)
    {
        await using var harness = new WorkflowHarness(maxActivitiesInline: inline);
        await harness.PublishAsync(new FlowBuilder("Review")
            .Activity("added", "FlowDocs.DocumentVersionAdded")
            .Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", "00:01:00"))
            .WriteLine("after", "reviewed")
            .Connect("added", "wait").Connect("wait", "after").Json);
        var added = Added(harness.TenantId, Guid.NewGuid(), Guid.NewGuid());

        harness.Scheduler.Down = true;
        await HandleAsync(harness, added); // committed; handing the work to the job storage failed, the caller is not failed
        await HandleAsync(harness, added); // the outbox retries the event anyway (or a second worker delivers it)
        harness.Scheduler.Down = false;

        var instance = Assert.Single(await InstancesAsync(harness));
        Assert.Equal($"{instance.DefinitionId}/added/{added.VersionId}", instance.StartKey);
        Assert.Empty(harness.Scheduler.Bursts);
        Assert.Empty(harness.Scheduler.Timers);

        // The recovery sweep finds the lost work in the database and queues it; the instance finishes once.
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        await using (var scope = harness.Scope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<RecoverySweep>().RunAsync(CancellationToken.None));
        }

        await harness.RunBurstsAsync();
        await harness.AdvanceAsync(TimeSpan.FromMinutes(2));
        if (inline == 0)
        {
            await harness.AdvanceAsync(TimeSpan.FromMinutes(2)); // the burst armed its timer only now
        }

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(instance.Id)).SubStatus);
        Assert.Equal(["reviewed"], await harness.LinesAsync(instance.Id));
        Assert.Single(await InstancesAsync(harness));
    }

    [Fact]
    public async Task Racing_deliveries_of_one_version_start_one_instance_and_all_answer_with_it()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder("Review")
            .Activity("added", "FlowDocs.DocumentVersionAdded")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "decided"))
            .Connect("added", "wait").Json);
        var occurrence = Guid.NewGuid().ToString();

        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = harness.Scope();
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            return (await runtime.StartAsync(version, [], "doc", "added", occurrence, CancellationToken.None)).Id;
        }));

        var instance = Assert.Single(await InstancesAsync(harness));
        Assert.All(starts, id => Assert.Equal(instance.Id, id));
        Assert.Single(await harness.BookmarksAsync(instance.Id));
    }

    [Fact]
    public async Task Other_occurrences_and_starts_without_an_occurrence_each_start_their_own_instance()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder().WriteLine("a", "ran").Json);
        await using var scope = harness.Scope();
        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();

        await runtime.StartAsync(version, [], null, null, "one", CancellationToken.None);
        await runtime.StartAsync(version, [], null, null, "two", CancellationToken.None);
        await runtime.StartAsync(version, [], null, null, CancellationToken.None);
        await runtime.StartAsync(version, [], null, null, CancellationToken.None);

        var instances = await InstancesAsync(harness);
        Assert.Equal(4, instances.Count);
        Assert.Equal(2, instances.Count(i => i.StartKey is null));
    }

    [Fact]
    public void A_start_key_longer_than_its_column_is_hashed()
    {
        Assert.Equal("wf/added/v1", StartKeys.For("wf", "added", "v1"));
        Assert.Equal("wf/start/v1", StartKeys.For("wf", null, "v1"));
        var longKey = StartKeys.For(new string('d', 100), new string('a', 100), new string('o', 100));
        Assert.StartsWith("sha256:", longKey, StringComparison.Ordinal);
        Assert.Equal(71, longKey.Length);
        Assert.Equal(longKey, StartKeys.For(new string('d', 100), new string('a', 100), new string('o', 100)));
    }
}
