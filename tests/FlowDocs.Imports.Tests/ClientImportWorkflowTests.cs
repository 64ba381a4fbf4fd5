using System.Net;
using System.Text;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Testing;
using FlowDocs.Workflows;
using FlowDocs.Workflows.Definitions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Imports.Tests.GraphMock;
using static FlowDocs.Testing.TestWaits;

namespace FlowDocs.Imports.Tests;

/// <summary>The shipped <c>client-import</c> workflow end to end: its cron fires, the import runs, approval starts on the new document.</summary>
public sealed class ClientImportWorkflowTests
{
    private static readonly CancellationToken Ct = ImportsHost.Ct;

    [Theory]
    [InlineData(StoreProfile.Embedded)]
    [InlineData(StoreProfile.Production)]
    public async Task The_cron_of_client_import_imports_a_file_and_the_approval_workflow_starts_on_it(StoreProfile profile)
    {
        await using var host = new ImportsHost(profile, f => f.With(WorkflowsModule.DefinitionsPathKey, RepositoryFiles.PathOf("workflows")));
        host.Graph.DeltaPage(null, [File("i1", "statement.txt", "e1")], delta: "d1");
        host.Graph.Content("i1", Encoding.UTF8.GetBytes("statement of work"));
        var tenant = await DefaultTenantAsync(host);
        var admin = host.Client(TestUser.Admin(tenant));
        var sourceId = await CreateSourceAsync(admin);

        // The shipped workflow's cron trigger is a Hangfire recurring job: fire its occurrence now instead of in 15 minutes.
        var jobId = TriggerIndexer.RecurringJobId(tenant, "client-import", "every15Minutes");
        await EventuallyAsync(() => Task.FromResult(RecurringJobExists(host, jobId)), "the client-import cron job to be registered");
        host.Server.Services.GetRequiredService<IRecurringJobManager>().Trigger(jobId);

        // The cron's own occurrence may coincide with the one fired here (a test running at :00, :15, :30 or :45): then
        // two runs import, and the file still arrives once.
        var runs = await EventuallyAsync(
            async () => (await (await admin.GetAsync($"/api/imports/sources/{sourceId}/runs", Ct)).JsonAsync(HttpStatusCode.OK))["items"]!.AsArray(),
            runs => runs.Count >= 1 && runs.All(r => r!["status"]!.GetValue<string>() == "Succeeded"), "the workflow's import run to succeed");
        Assert.All(runs, r => Assert.Equal("Workflow", r!["trigger"]!.GetValue<string>()));
        Assert.Equal(1, runs.Sum(r => r!.AsObject().Int("new")));

        var document = Assert.Single((await (await admin.GetAsync("/api/documents", Ct)).JsonAsync(HttpStatusCode.OK))["items"]!.AsArray())!.AsObject();
        var approval = await EventuallyAsync(
            async () => (await (await admin.GetAsync($"/api/workflows/instances?correlationId={document.Id()}", Ct)).JsonAsync(HttpStatusCode.OK))["items"]!.AsArray(),
            list => list.Any(i => i!["definitionId"]!.GetValue<string>() == "document-approval"), "document-approval to start on the imported document");
        Assert.Contains(approval, i => i!["definitionId"]!.GetValue<string>() == "document-approval");
        await EventuallyAsync(
            async () => (await (await admin.GetAsync($"/api/documents/{document.Id()}", Ct)).JsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>(),
            status => status == "InReview", "the imported document to go into review");

        // The client-import instance resumed when the run ended and finished on its Done port.
        var imports = await EventuallyAsync(
            async () => (await (await admin.GetAsync("/api/workflows/instances?definitionId=client-import", Ct)).JsonAsync(HttpStatusCode.OK))["items"]!.AsArray(),
            list => list.Count == runs.Count && list.All(i => i!["subStatus"]!.GetValue<string>() == "Finished"), "the client-import instances to finish");
        foreach (var finished in imports)
        {
            var instance = await (await admin.GetAsync($"/api/workflows/instances/{finished!.AsObject().Id()}", Ct)).JsonAsync(HttpStatusCode.OK);
            Assert.Contains(instance["journal"]!.AsArray(), j => j!["message"]?.GetValue<string>() == "Client import finished.");
        }
    }

    private static async Task<Guid> CreateSourceAsync(HttpClient admin)
    {
        var response = await admin.PostAsync("/api/imports/sources", System.Net.Http.Json.JsonContent.Create(ImportsHost.SourceBody()), Ct);
        return (await response.JsonAsync(HttpStatusCode.Created)).Id();
    }

    private static async Task<Guid> DefaultTenantAsync(ImportsHost host)
    {
        await using var scope = host.Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<Tenant>().Where(t => t.IsDefault).Select(t => t.Id).SingleAsync(Ct);
    }

    private static bool RecurringJobExists(ImportsHost host, string jobId)
    {
        using var connection = host.Server.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetAllEntriesFromHash($"recurring-job:{jobId}") is { Count: > 0 };
    }

}
