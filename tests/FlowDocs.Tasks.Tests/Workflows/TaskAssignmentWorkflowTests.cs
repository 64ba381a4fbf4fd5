using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FlowDocs.Tasks.Tests.Workflows.ApprovalHost;
using static FlowDocs.Testing.TestWaits;

namespace FlowDocs.Tasks.Tests.Workflows;

/// <summary>The shipped task-assignment workflow: an unassigned task is assigned by rule when nobody claims it in time.</summary>
public sealed class TaskAssignmentWorkflowTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private Task<ApprovalHost> StartAsync(JsonObject? definition = null) =>
        ApprovalHost.StartAsync(StoreProfile.Embedded, definition ?? Shipped("task-assignment.json"), s => s.AddSingleton<TimeProvider>(_clock));

    private static async Task<JsonObject> CreateTaskAsync(ApprovalHost host, TestUser creator, Guid documentId, string role, string? assignee = null) =>
        await Expect(await host.As(creator).PostAsJsonAsync($"/api/documents/{documentId}/tasks", new { title = "Check the figures", candidateRoles = new[] { role }, assignee }, Ct), HttpStatusCode.Created);

    private static async Task<JsonObject> TaskAsync(ApprovalHost host, TestUser user, JsonNode task) =>
        await Expect(await host.As(user).GetAsync($"/api/tasks/{task["id"]}", Ct), HttpStatusCode.OK);

    [Fact]
    public async Task Unclaimed_after_the_claim_window_goes_to_the_member_with_the_fewest_open_tasks()
    {
        await using var host = await StartAsync();
        var lead = await host.UserAsync("lead");
        var busy = await host.UserAsync("busy", FlowDocsRoles.Reviewer);
        var free = await host.UserAsync("free", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(lead);
        // "busy" already holds a task; assigned tasks do not start the workflow.
        await CreateTaskAsync(host, lead, documentId, FlowDocsRoles.Reviewer, assignee: busy.UserId);

        var task = await CreateTaskAsync(host, lead, documentId, FlowDocsRoles.Reviewer);
        Assert.Equal("Open", task["status"]!.GetValue<string>());
        await EventuallyAsync(() => host.TimerCountAsync(), n => n == 1, "the claim-window timer");
        _clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        await host.RunDueTimersAsync(_clock.GetUtcNow());

        var assigned = await EventuallyAsync(() => TaskAsync(host, lead, task), t => t["assignee"] is not null, "the assignment");
        Assert.Equal(free.UserId, assigned["assignee"]!.GetValue<string>());
        Assert.Equal("Claimed", assigned["status"]!.GetValue<string>());
        Assert.Contains(assigned["comments"]!.AsArray(), c => c!["text"]!.GetValue<string>().Contains("FewestOpenTasks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_claimed_within_the_window_stays_with_whoever_claimed_it()
    {
        await using var host = await StartAsync();
        var lead = await host.UserAsync("lead");
        var first = await host.UserAsync("first", FlowDocsRoles.Reviewer);
        await host.UserAsync("second", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(lead);
        var task = await CreateTaskAsync(host, lead, documentId, FlowDocsRoles.Reviewer);
        await EventuallyAsync(() => host.TimerCountAsync(), n => n == 1, "the claim-window timer");

        await Expect(await host.As(first).PostAsync($"/api/tasks/{task["id"]}/claim", null, Ct), HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromHours(5));
        await host.RunDueTimersAsync(_clock.GetUtcNow());

        await EventuallyAsync(() => host.TimerCountAsync(), n => n == 0, "the workflow to end");
        Assert.Equal(first.UserId, (await TaskAsync(host, lead, task))["assignee"]!.GetValue<string>());
    }

    [Fact]
    public async Task Round_robin_takes_turns_and_a_role_without_members_escalates_to_the_admins()
    {
        var edited = Shipped("task-assignment.json");
        SetInput(edited, "assign", "rule", "RoundRobin");
        SetInput(edited, "assign", "claimWindow", "");
        await using var host = await StartAsync(edited);
        var lead = await host.UserAsync("lead");
        var admin = await host.UserAsync("admin", FlowDocsRoles.Admin);
        var a = await host.UserAsync("a", "Translator");
        var b = await host.UserAsync("b", "Translator");
        var documentId = await host.UploadAsync(lead);

        var assignees = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var task = await CreateTaskAsync(host, lead, documentId, "Translator");
            var assigned = await EventuallyAsync(() => TaskAsync(host, lead, task), t => t["assignee"] is not null, "the assignment");
            assignees.Add(assigned["assignee"]!.GetValue<string>());
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([a.UserId, b.UserId, a.UserId], assignees);

        await CreateTaskAsync(host, lead, documentId, "Auditor");
        var inbox = await EventuallyAsync(
            async () => (await Expect(await host.As(admin).GetAsync("/api/tasks?view=Candidate", Ct), HttpStatusCode.OK))["items"]!.AsArray(),
            items => items.Any(t => t!["title"]!.GetValue<string>() == "Nobody can take an unassigned task"), "the escalation");
        var escalation = inbox.Single(t => t!["title"]!.GetValue<string>() == "Nobody can take an unassigned task")!;
        Assert.Contains("Auditor", escalation["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(documentId.ToString(), escalation["documentId"]!.GetValue<string>());
    }
}
