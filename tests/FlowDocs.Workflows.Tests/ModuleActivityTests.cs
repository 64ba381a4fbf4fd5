using System.Text.Json.Nodes;
using FlowDocs.Common.Documents;
using FlowDocs.Common.Events;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Definitions;
using FlowDocs.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Workflows.Tests;

internal sealed class FakeDocuments : IDocumentStatusWriter, IDocumentTriggerFactsReader
{
    public Dictionary<Guid, DocumentTriggerFacts> Facts { get; } = [];

    public Dictionary<Guid, string> Statuses { get; } = [];

    public Task<bool> SetStatusAsync(Guid documentId, string status, CancellationToken cancellationToken)
    {
        if (!Facts.ContainsKey(documentId))
        {
            return Task.FromResult(false);
        }

        Statuses[documentId] = status;
        return Task.FromResult(true);
    }

    public Task<DocumentTriggerFacts?> FindAsync(Guid documentId, Guid versionId, CancellationToken cancellationToken) =>
        Task.FromResult(Facts.GetValueOrDefault(documentId));
}

public sealed class ModuleActivityTests
{
    private static DocumentVersionAdded Added(Guid tenant, Guid document, int number = 1) =>
        new(tenant, document, Guid.NewGuid(), number, "upload", "member-1", DateTimeOffset.UnixEpoch);

    private static async Task<List<WorkflowInstance>> InstancesAsync(WorkflowHarness harness)
    {
        await using var scope = harness.Scope();
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<WorkflowInstance>().AsNoTracking().OrderBy(i => i.CreatedAt).ToListAsync();
    }

    [Fact]
    public async Task Nested_sub_workflow_runs_the_child_and_the_parent_continues_when_it_finishes()
    {
        await using var harness = new WorkflowHarness();
        var child = new FlowBuilder("Child")
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "child-go"))
            .Activity("set", "Elsa.RunJavaScript", ("script", "Literal", "variables.Result = input.n * 10"))
            .Connect("start", "wait").Connect("wait", "set");
        await harness.PublishAsync(child.Json);
        var parent = await harness.PublishAsync(new FlowBuilder("Parent")
            .Activity("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", child.DefinitionId), ("input", "Object", new JsonObject { ["n"] = 4 }))
            .WriteLine("after", "parent done").Connect("run", "after").Json);

        var parentId = await harness.StartAsync(parent, correlationId: "doc-9");
        await harness.RunBurstsAsync();
        var childInstance = Assert.Single(await InstancesAsync(harness), i => i.Id != parentId);
        Assert.Equal(parentId, childInstance.ParentInstanceId);
        Assert.Equal("doc-9", childInstance.CorrelationId);
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(parentId)).SubStatus);
        Assert.Equal(WorkflowSubStatus.Suspended, childInstance.SubStatus);

        await harness.ResumeAsync(Assert.Single(await harness.BookmarksAsync(childInstance.Id)).Id);
        await harness.RunBurstsAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(childInstance.Id)).SubStatus);
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(parentId)).SubStatus);
        Assert.Equal(["parent done"], (await harness.LinesAsync(parentId)).Where(l => !l.StartsWith("Started", StringComparison.Ordinal)));
        Assert.Equal(40, (await harness.StateAsync(childInstance.Id)).Variables["Result"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_faulting_child_faults_the_parents_ExecuteWorkflow_and_retrying_the_parent_starts_a_new_child()
    {
        await using var harness = new WorkflowHarness();
        var child = new FlowBuilder("Child")
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", ("eventName", "Literal", "child-go"))
            .Activity("check", "Elsa.RunJavaScript", ("script", "Literal", "if (input.n > 3) { throw new Error('n too big: ' + input.n); }"))
            .Connect("start", "wait").Connect("wait", "check");
        await harness.PublishAsync(child.Json);
        var parent = await harness.PublishAsync(new FlowBuilder("Parent")
            .Activity("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", child.DefinitionId), ("input", "Object", new JsonObject { ["n"] = 4 }))
            .WriteLine("after", "parent done").Connect("run", "after").Json);
        var parentId = await harness.StartAsync(parent);
        await harness.RunBurstsAsync();
        var firstChild = Assert.Single(await InstancesAsync(harness), i => i.Id != parentId);

        await harness.ResumeAsync(Assert.Single(await harness.BookmarksAsync(firstChild.Id)).Id);
        await harness.RunBurstsAsync();

        Assert.Equal(WorkflowSubStatus.Faulted, (await harness.InstanceAsync(firstChild.Id)).SubStatus);
        var faulted = await harness.InstanceAsync(parentId);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        Assert.Equal(WorkflowStatus.Finished, faulted.Status);
        Assert.Empty(await harness.BookmarksAsync(parentId));
        var incident = Assert.Single((await harness.StateAsync(parentId)).Incidents);
        Assert.Equal("run", incident.ActivityId);
        Assert.Equal("Elsa.ExecuteWorkflow", incident.ActivityType);
        Assert.Contains(firstChild.Id.ToString(), incident.Message, StringComparison.Ordinal);
        Assert.Contains("n too big: 4", incident.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("parent done", await harness.LinesAsync(parentId));

        await using (var scope = harness.Scope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().RetryAsync(parentId, TestContext.Current.CancellationToken));
        }

        await harness.RunBurstsAsync();
        var instances = await InstancesAsync(harness);
        var secondChild = Assert.Single(instances, i => i.Id != parentId && i.Id != firstChild.Id);
        Assert.Equal(parentId, secondChild.ParentInstanceId);
        Assert.Equal(WorkflowSubStatus.Suspended, secondChild.SubStatus);
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(parentId)).SubStatus);
    }

    [Fact]
    public async Task Sub_workflow_without_a_published_version_faults_the_parent()
    {
        await using var harness = new WorkflowHarness();
        var parent = await harness.PublishAsync(new FlowBuilder("Parent")
            .Activity("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", "nope")).Json);
        var id = await harness.StartAsync(parent);
        await harness.RunBurstsAsync();

        Assert.Equal(WorkflowSubStatus.Faulted, (await harness.InstanceAsync(id)).SubStatus);
        Assert.Contains("nope", Assert.Single((await harness.StateAsync(id)).Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_version_added_starts_matching_triggers_and_sets_the_status()
    {
        var documents = new FakeDocuments();
        await using var harness = new WorkflowHarness(s =>
        {
            s.AddSingleton<IDocumentStatusWriter>(documents);
            s.AddSingleton<IDocumentTriggerFactsReader>(documents);
        });
        var contract = Guid.NewGuid();
        var invoice = Guid.NewGuid();
        documents.Facts[contract] = new DocumentTriggerFacts("Draft", "application/pdf", ["contract"]);
        documents.Facts[invoice] = new DocumentTriggerFacts("Draft", "image/png", ["invoice"]);
        var approval = await harness.PublishAsync(new FlowBuilder("Contract approval")
            .Activity("added", "FlowDocs.DocumentVersionAdded", ("tag", "Literal", "contract"), ("contentType", "Literal", "application/*"))
            .Activity("status", "FlowDocs.SetDocumentStatus", ("status", "Literal", "InReview"))
            .Activity("next", "FlowDocs.DocumentVersionAdded")
            .WriteLine("again", "new version")
            .Connect("added", "status").Connect("status", "next").Connect("next", "again").Json);

        await using (var scope = harness.Scope())
        {
            var publisher = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
            await publisher.PublishAsync(Added(harness.TenantId, contract), CancellationToken.None);
            await publisher.PublishAsync(Added(harness.TenantId, invoice), CancellationToken.None);
            await publisher.PublishAsync(Added(harness.TenantId, Guid.NewGuid()), CancellationToken.None);
        }

        await harness.RunBurstsAsync();
        var started = Assert.Single(await InstancesAsync(harness));
        Assert.Equal(contract.ToString(), started.CorrelationId);
        Assert.Equal(approval.Id, started.DefinitionVersionId);
        Assert.Equal("InReview", documents.Statuses[contract]);
        Assert.Equal(1, (await harness.StateAsync(started.Id)).Input["versionNumber"]!.GetValue<int>());
        Assert.Equal(WorkflowSubStatus.Suspended, started.SubStatus);

        await using (var scope = harness.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<IEventPublisher>().PublishAsync(Added(harness.TenantId, contract, 2), CancellationToken.None);
        }

        await harness.RunBurstsAsync();
        var instances = await InstancesAsync(harness);
        Assert.Equal(WorkflowSubStatus.Finished, instances.Single(i => i.Id == started.Id).SubStatus);
        Assert.Equal(["new version"], await harness.LinesAsync(started.Id));
        Assert.Equal(2, instances.Count);
    }

    [Fact]
    public async Task Set_document_status_faults_for_a_missing_document_or_without_a_documents_module()
    {
        await using var harness = new WorkflowHarness();
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("status", "FlowDocs.SetDocumentStatus", ("status", "Literal", "Approved")).Json);
        var id = await harness.StartAsync(version, correlationId: Guid.NewGuid().ToString());
        await harness.RunBurstsAsync();

        Assert.Contains("IDocumentStatusWriter", Assert.Single((await harness.StateAsync(id)).Incidents).Message, StringComparison.Ordinal);

        var documents = new FakeDocuments();
        await using var withDocuments = new WorkflowHarness(s => s.AddSingleton<IDocumentStatusWriter>(documents));
        var second = await withDocuments.PublishAsync(new FlowBuilder()
            .Activity("status", "FlowDocs.SetDocumentStatus", ("status", "Literal", "Approved")).Json);
        var missing = await withDocuments.StartAsync(second, correlationId: Guid.NewGuid().ToString());
        await withDocuments.RunBurstsAsync();
        Assert.Contains("does not exist", Assert.Single((await withDocuments.StateAsync(missing)).Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_event_activity_resumes_other_instances_after_its_burst_commits()
    {
        await using var harness = new WorkflowHarness();
        var listener = await harness.PublishAsync(new FlowBuilder("Listener")
            .Activity("start", "Elsa.Start").Activity("wait", "Elsa.Event", ("eventName", "Literal", "ping"))
            .WriteLine("got", "got ping").Connect("start", "wait").Connect("wait", "got").Json);
        var sender = await harness.PublishAsync(new FlowBuilder("Sender")
            .Activity("send", "Elsa.PublishEvent", ("eventName", "Literal", "ping"), ("correlationId", "Literal", "c1")).Json);
        var waiting = await harness.StartAsync(listener, correlationId: "c1");
        var other = await harness.StartAsync(listener, correlationId: "c2");
        await harness.RunBurstsAsync();

        await harness.StartAsync(sender);
        await harness.RunBurstsAsync();

        Assert.Equal(["got ping"], await harness.LinesAsync(waiting));
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(other)).SubStatus);
    }

    [Fact]
    public async Task Loader_creates_definitions_adds_a_version_when_the_file_changes_and_leaves_them_alone_otherwise()
    {
        var folder = Directory.CreateTempSubdirectory("flowdocs-wf-load").FullName;
        try
        {
            var tenant = Guid.NewGuid();
            WorkflowHarness Harness() => new(s => s.AddSingleton(new DefinitionLoaderSettings(folder, tenant)));
            var flow = new FlowBuilder("Shipped") { DefinitionId = "shipped-approval" }.WriteLine("a", "v1");
            await File.WriteAllTextAsync(Path.Combine(folder, "approval.json"), flow.Json, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "broken.json"), "{ not json", TestContext.Current.CancellationToken);

            await using var harness = Harness();
            async Task<int> LoadAsync()
            {
                await using var scope = harness.Scope(tenant);
                return await scope.ServiceProvider.GetRequiredService<DefinitionLoader>().LoadAsync(CancellationToken.None);
            }

            Assert.Equal(1, await LoadAsync());
            Assert.Equal(0, await LoadAsync());
            await File.WriteAllTextAsync(Path.Combine(folder, "approval.json"), new FlowBuilder("Shipped") { DefinitionId = "shipped-approval" }.WriteLine("a", "v2").Json, TestContext.Current.CancellationToken);
            Assert.Equal(1, await LoadAsync());
            Assert.Equal(0, await LoadAsync());

            await using var scope = harness.Scope(tenant);
            var versions = await scope.ServiceProvider.GetRequiredService<DefinitionService>().VersionsAsync("shipped-approval", CancellationToken.None);
            Assert.Equal([2, 1], versions.Select(v => v.Version));
            Assert.True(versions[0].IsPublished);
            // Nobody is signed in at start-up: the loader's changes are the system's.
            Assert.All(versions, v => Assert.Equal(DefinitionService.SystemActor, v.UpdatedBy));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Waits like a user task: a bookmark, resumed by the task's outcome.</summary>
    private sealed class ApprovalStandIn : Activities.IActivity
    {
        public Activities.ActivityDescriptor Descriptor { get; } = new("Test.Approval", "Test", "Approval", "Waits for a decision.", [], ["Approve", "Reject"]);

        public ValueTask<Activities.ActivityResult> ExecuteAsync(Activities.ActivityExecutionContext context) =>
            ValueTask.FromResult(Activities.ActivityResult.Suspend(context.CreateBookmark("Test.Approval")));
    }

    [Fact]
    public async Task User_task_completed_event_resumes_the_waiting_activity_on_the_outcome_port_once()
    {
        await using var harness = new WorkflowHarness(s => s.AddSingleton<Activities.IActivity, ApprovalStandIn>());
        var version = await harness.PublishAsync(new FlowBuilder()
            .Activity("start", "Elsa.Start").Activity("review", "Test.Approval").WriteLine("yes", "approved").WriteLine("no", "rejected")
            .Connect("start", "review").Connect("review", "yes", "Approve").Connect("review", "no", "Reject").Json);
        var id = await harness.StartAsync(version);
        await harness.RunBurstsAsync();
        var completed = new UserTaskCompleted(harness.TenantId, Guid.NewGuid(), Guid.NewGuid(), "Reject", "member-1", id.ToString(), "review", DateTimeOffset.UnixEpoch);

        await using (var scope = harness.Scope())
        {
            var publisher = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
            await publisher.PublishAsync(completed, CancellationToken.None);
            await publisher.PublishAsync(completed with { Outcome = "Approve" }, CancellationToken.None);
        }

        await harness.RunBurstsAsync();
        Assert.Equal(["rejected"], await harness.LinesAsync(id));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(id)).SubStatus);
    }
}
