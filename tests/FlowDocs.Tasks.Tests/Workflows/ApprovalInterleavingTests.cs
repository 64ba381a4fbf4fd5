using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Events;
using FlowDocs.Data.Workflows;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using static FlowDocs.Tasks.Tests.Workflows.ApprovalHost;
using static FlowDocs.Tasks.Tests.Workflows.ApprovalIntegrityTests;
using static FlowDocs.Testing.TestWaits;

namespace FlowDocs.Tasks.Tests.Workflows;

/// <summary>
/// Random interleavings of uploads (up to 3 versions), approvals, rejections (also late ones on older versions),
/// Admin overrides and withdrawals (a cancelled instance) by several users, on the shipped workflow. After every
/// step, once the workflows have settled: the document's status is the outcome of the newest decision on its
/// current version (InReview or Draft when there is none), and no open task is about an older version.
/// Set FLOWDOCS_RANDOM_SEED to replay a failure; the seed is in every failure message.
/// </summary>
public sealed class ApprovalInterleavingTests
{
    private const int Interleavings = 200;

    [Fact]
    public async Task Two_hundred_random_interleavings_keep_the_status_equal_to_the_decision_on_the_current_version()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FLOWDOCS_RANDOM_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        var random = new Random(seed);
        await using var host = await StartAsync(StoreProfile.Embedded, settings: new Dictionary<string, string> { [JobsModule.ProviderKey] = "InMemory" });
        var admin = await host.UserAsync("admin", FlowDocsRoles.Admin);
        var reviewerOne = await host.UserAsync("r1", FlowDocsRoles.Reviewer);
        var reviewerTwo = await host.UserAsync("r2", FlowDocsRoles.Reviewer);
        var uploader = await host.UserAsync("u1");
        TestUser[] uploaders = [uploader, reviewerOne];
        TestUser[] people = [admin, reviewerOne, reviewerTwo, uploader];

        for (var round = 0; round < Interleavings; round++)
        {
            var log = new StringBuilder().Append(CultureInfo.InvariantCulture, $"seed {seed}, interleaving {round}:");
            var documentId = await host.UploadAsync(uploaders[random.Next(uploaders.Length)]);
            var versions = 1;
            log.Append(" upload v1;");
            await CheckAsync(host, documentId, log);
            var steps = random.Next(3, 7);
            for (var step = 0; step < steps; step++)
            {
                var choice = random.Next(10);
                if (choice < 2 && versions < 3)
                {
                    await AddVersionAsync(host, uploaders[random.Next(uploaders.Length)], documentId);
                    log.Append(CultureInfo.InvariantCulture, $" upload v{++versions};");
                }
                else if (choice < 7)
                {
                    await DecideAsync(host, random, people, documentId, log);
                }
                else if (choice < 9)
                {
                    var status = random.Next(2) == 0 ? "Approved" : "Rejected";
                    var response = await host.As(admin).PatchAsJsonAsync($"/api/documents/{documentId}", new { status, reason = $"override in step {step}" }, Ct);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{log} override {status} answered {(int)response.StatusCode}");
                    log.Append(CultureInfo.InvariantCulture, $" override {status};");
                }
                else
                {
                    await WithdrawAsync(host, admin, documentId, log);
                }

                await CheckAsync(host, documentId, log);
            }
        }
    }

    private static async Task DecideAsync(ApprovalHost host, Random random, TestUser[] people, Guid documentId, StringBuilder log)
    {
        var open = (await host.TasksAsync(people[0], documentId)).Where(t => IsOpen(t!) && t!["outcomes"]!.AsArray().Count == 2).ToList();
        if (open.Count == 0)
        {
            log.Append(" (no review to decide);");
            return;
        }

        var task = open[random.Next(open.Count)]!;
        var holder = task["assignee"]?.GetValue<string>();
        var by = holder is null ? people[0] : people.Single(p => p.UserId == holder);
        var outcome = random.Next(3) == 0 ? "Reject" : "Approve";
        var confirm = random.Next(2) == 0;
        var response = await host.CompleteAsync(by, task, outcome, confirm);
        log.Append(CultureInfo.InvariantCulture, $" {by.DisplayName} {outcome} v{Version(task)} (confirm {confirm}) -> {(int)response.StatusCode};");
        Assert.True(
            response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.Forbidden,
            $"{log} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private static async Task WithdrawAsync(ApprovalHost host, TestUser admin, Guid documentId, StringBuilder log)
    {
        var running = (await Expect(await host.As(admin).GetAsync($"/api/workflows/instances?correlationId={documentId}&status=Running", Ct), HttpStatusCode.OK))["items"]!.AsArray();
        if (running.Count == 0)
        {
            log.Append(" (nothing to withdraw);");
            return;
        }

        var response = await host.As(admin).PostAsync($"/api/workflows/instances/{running[0]!["id"]}/cancel", null, Ct);
        log.Append(CultureInfo.InvariantCulture, $" withdraw -> {(int)response.StatusCode};");
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, log.ToString());
    }

    /// <summary>Waits until nothing is left to run (no undelivered event, no instance with queued work), then checks the rules.</summary>
    private static async Task CheckAsync(ApprovalHost host, Guid documentId, StringBuilder log)
    {
        var key = documentId.ToString();
        await EventuallyAsync(
            () => host.WithDbAsync(async db =>
                !await db.Set<OutboxMessage>().IgnoreQueryFilters().AnyAsync(m => m.TenantId == host.Tenant, Ct)
                && !await db.Set<WorkflowInstance>().IgnoreQueryFilters().AnyAsync(
                    i => i.CorrelationId == key && (i.SubStatus == WorkflowSubStatus.Pending || i.SubStatus == WorkflowSubStatus.Executing), Ct)),
            $"the workflows to settle ({log})");

        var reader = host.As(TestUser.Admin(host.Tenant));
        var document = await Expect(await reader.GetAsync($"/api/documents/{documentId}", Ct), HttpStatusCode.OK);
        var status = document["status"]!.GetValue<string>();
        var current = document["currentVersionNumber"]!.GetValue<int>();
        var decisions = (await Expect(await reader.GetAsync($"/api/documents/{documentId}/versions/{current}/decisions", Ct), HttpStatusCode.OK))["items"]!.AsArray();
        if (decisions.Count > 0)
        {
            Assert.True(decisions[0]!["outcome"]!.GetValue<string>() == status, $"{log} status {status}, but the newest decision on v{current} is {decisions[0]!.ToJsonString()}");
        }
        else
        {
            Assert.True(status is "InReview" or "Draft", $"{log} status {status} without a decision on v{current}");
        }

        var stale = (await host.TasksAsync(TestUser.Admin(host.Tenant), documentId)).Where(t => IsOpen(t!) && Version(t!) < current).ToList();
        Assert.True(stale.Count == 0, $"{log} open tasks of superseded versions: {string.Join(", ", stale.Select(t => t!.ToJsonString()))}");
        Assert.False(
            await host.WithDbAsync(db => db.Set<WorkflowInstance>().IgnoreQueryFilters().AnyAsync(i => i.CorrelationId == key && i.SubStatus == WorkflowSubStatus.Faulted, Ct)),
            $"{log} a workflow instance faulted");
    }
}
