using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Data.Workflows;
using FlowDocs.Testing;
using FlowDocs.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Tasks.Tests.Workflows.ApprovalHost;
using static FlowDocs.Testing.TestWaits;

namespace FlowDocs.Tasks.Tests.Workflows;

/// <summary>The repository's workflows/ folder is what a fresh installation runs: valid, and published for the default tenant.</summary>
public sealed class ShippedWorkflowsTests
{
    [Fact]
    public async Task First_start_publishes_every_shipped_workflow_for_the_default_tenant()
    {
        await using var factory = new FlowDocsFactory().With(WorkflowsModule.DefinitionsPathKey, RepositoryFiles.PathOf("workflows"));
        _ = factory.CreateClient();
        var expected = Directory.GetFiles(RepositoryFiles.PathOf("workflows"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList();

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var tenant = await db.Set<Tenant>().Where(t => t.IsDefault).Select(t => t.Id).SingleAsync(Ct);
        var published = await EventuallyAsync(
            () => db.Set<WorkflowDefinition>().IgnoreQueryFilters().Where(d => d.TenantId == tenant && d.IsPublished)
                .Select(d => d.DefinitionId).OrderBy(d => d).ToListAsync(Ct),
            ids => ids.Count >= expected.Count, "the shipped workflows to be published");

        Assert.Contains("document-approval", expected);
        Assert.Contains("task-assignment", expected);
        Assert.Equal(expected, published);
    }
}
