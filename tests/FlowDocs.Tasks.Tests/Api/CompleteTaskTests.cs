using System.Net;
using FlowDocs.Common.Security;
using FlowDocs.Data.Tasks;
using FlowDocs.Testing;

namespace FlowDocs.Tasks.Tests.Api;

public sealed class EmbeddedCompleteTaskTests(EmbeddedTasksHost host) : CompleteTaskTests(host), IClassFixture<EmbeddedTasksHost>;

public sealed class ProductionCompleteTaskTests(ProductionTasksHost host) : CompleteTaskTests(host), IClassFixture<ProductionTasksHost>;

/// <summary>Completing tasks through HTTP: outcomes, who may, exactly-once under races, and newer document versions.</summary>
public abstract class CompleteTaskTests(TasksHost host)
{
    private static object Review(params string[] roles) =>
        new { title = "Review", candidateRoles = roles, outcomes = new[] { "Approve", "Reject", "Request changes" } };

    [Fact]
    public async Task Holder_completes_with_an_outcome_and_comment_and_one_event_is_published()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        var task = await admin.NewTaskAsync(documentId, Review(FlowDocsRoles.Reviewer));
        await host.Client(reviewer).ActOkAsync(task.Id, "claim");

        var completed = await host.Client(reviewer).ActOkAsync(task.Id, "complete", new { outcome = " request CHANGES ", comment = "  Clause 7.  " });
        var read = await admin.GetTaskAsync(task.Id);

        Assert.Equal(UserTaskStatus.Completed, completed.Status);
        Assert.Equal("Request changes", completed.Outcome);
        Assert.Equal("Clause 7.", completed.CompletionComment);
        Assert.Equal(reviewer.UserId, completed.CompletedBy);
        Assert.Equal(reviewer.UserId, completed.Assignee);
        Assert.NotNull(completed.CompletedAt);
        Assert.Equivalent(completed with { Comments = [] }, read);
        var published = Assert.Single(host.Completions.For(task.Id));
        Assert.Equal(new Common.Events.UserTaskCompleted(tenant.Id, task.Id, documentId, "Request changes", reviewer.UserId, null, null, completed.CompletedAt!.Value), published);
        Assert.Empty((await host.Client(reviewer).InboxAsync()).Items);
    }

    [Fact]
    public async Task Candidate_completes_an_unclaimed_task_directly()
    {
        var tenant = await host.NewTenantAsync();
        var named = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        var task = await admin.NewTaskAsync(documentId, new { title = "Look", candidateUsers = new[] { named.UserId } });

        var completed = await host.Client(named).ActOkAsync(task.Id, "complete", new { outcome = "Done" });

        Assert.Equal(named.UserId, completed.Assignee);
        Assert.Equal(named.UserId, completed.CompletedBy);
        Assert.Null(completed.CompletionComment);
        Assert.Empty((await host.Client(named).InboxAsync("view=Candidate")).Items);
    }

    [Fact]
    public async Task Completing_twice_answers_409_and_keeps_the_first_decision()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var admin = host.Client(tenant.Admin);
        var task = await admin.NewTaskAsync(await admin.UploadDocumentAsync(), Review(FlowDocsRoles.Reviewer));
        var client = host.Client(reviewer);

        await client.ActOkAsync(task.Id, "complete", new { outcome = "Approve" });
        var second = await client.ActAsync(task.Id, "complete", new { outcome = "Reject" });

        Assert.Contains($"already completed (outcome 'Approve' by {reviewer.UserId})", (await second.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Equal("Approve", (await admin.GetTaskAsync(task.Id)).Outcome);
        Assert.Single(host.Completions.For(task.Id));
    }

    [Fact]
    public async Task Only_the_holder_or_while_unclaimed_a_candidate_may_complete()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var colleague = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var member = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var admin = host.Client(tenant.Admin);
        var task = await admin.NewTaskAsync(await admin.UploadDocumentAsync(), Review(FlowDocsRoles.Reviewer));

        var notOffered = await host.Client(member).ActAsync(task.Id, "complete", new { outcome = "Approve" });
        var adminNotOffered = await admin.ActAsync(task.Id, "complete", new { outcome = "Approve" });
        await host.Client(reviewer).ActOkAsync(task.Id, "claim");
        var heldByOther = await host.Client(colleague).ActAsync(task.Id, "complete", new { outcome = "Approve" });

        Assert.Contains("not offered to you", (await notOffered.ProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
        await adminNotOffered.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains($"held by {reviewer.UserId}", (await heldByOther.ProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
        Assert.Equal(UserTaskStatus.Claimed, (await admin.GetTaskAsync(task.Id)).Status);
        Assert.Empty(host.Completions.For(task.Id));
    }

    [Theory]
    [InlineData(null, null, "outcome")]
    [InlineData("Maybe", null, "outcome")]
    [InlineData("Approve", 4001, "comment")]
    public async Task Invalid_completion_answers_422_naming_the_field(string? outcome, int? commentLength, string field)
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var admin = host.Client(tenant.Admin);
        var task = await admin.NewTaskAsync(await admin.UploadDocumentAsync(), Review(FlowDocsRoles.Reviewer));

        var response = await host.Client(reviewer).ActAsync(
            task.Id, "complete", new { outcome, comment = commentLength is { } length ? new string('c', length) : null });

        Assert.Equal([field], await response.InvalidFieldsAsync());
        Assert.Equal(UserTaskStatus.Open, (await admin.GetTaskAsync(task.Id)).Status);
    }

    [Fact]
    public async Task Invalid_outcome_lists_the_allowed_ones()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var admin = host.Client(tenant.Admin);
        var task = await admin.NewTaskAsync(await admin.UploadDocumentAsync(), Review(FlowDocsRoles.Reviewer));

        var response = await host.Client(reviewer).ActAsync(task.Id, "complete", new { outcome = "Maybe" });

        Assert.Equal("outcome must be one of: Approve, Reject, Request changes.", (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Detail());
    }

    [Fact]
    public async Task Newer_document_version_needs_confirmation_to_complete()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        var task = await admin.NewTaskAsync(documentId, Review(FlowDocsRoles.Reviewer));
        await admin.AddVersionAsync(documentId);
        var client = host.Client(reviewer);

        var refused = await client.ActAsync(task.Id, "complete", new { outcome = "Approve" });
        var stillOpen = await admin.GetTaskAsync(task.Id);
        var confirmed = await client.ActOkAsync(task.Id, "complete", new { outcome = "Approve", confirmNewerVersion = true });

        Assert.Equal(
            $"Task {task.Id} is about version 1, but the document is now at version 2. Review the new version, or complete with confirmNewerVersion=true to decide on the version the task names.",
            (await refused.ProblemAsync(HttpStatusCode.Conflict)).Detail());
        Assert.Equal(UserTaskStatus.Open, stillOpen.Status);
        Assert.Equal(UserTaskStatus.Completed, confirmed.Status);
        Assert.Equal(1, confirmed.DocumentVersionNumber);
        Assert.Single(host.Completions.For(task.Id));
    }

    [Fact]
    public async Task Task_made_on_an_earlier_version_also_needs_confirmation()
    {
        var tenant = await host.NewTenantAsync();
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        await admin.AddVersionAsync(documentId);
        var onFirst = await admin.NewTaskAsync(documentId, new { title = "v1", versionNumber = 1, assignee = worker.UserId });
        var onCurrent = await admin.NewTaskAsync(documentId, new { title = "v2", assignee = worker.UserId });

        var refused = await host.Client(worker).ActAsync(onFirst.Id, "complete", new { outcome = "Done" });
        var current = await host.Client(worker).ActAsync(onCurrent.Id, "complete", new { outcome = "Done" });

        await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Cancelled_task_cannot_be_completed()
    {
        var tenant = await host.NewTenantAsync();
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var admin = host.Client(tenant.Admin);
        var task = await admin.NewTaskAsync(await admin.UploadDocumentAsync(), new { title = "Sign", assignee = worker.UserId });
        await admin.ActOkAsync(task.Id, "cancel");

        var response = await host.Client(worker).ActAsync(task.Id, "complete", new { outcome = "Done" });

        Assert.Contains("is cancelled", (await response.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Empty(host.Completions.For(task.Id));
    }

    [Fact]
    public async Task Completing_a_workflow_task_names_its_instance_and_activity_in_the_event()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        var instanceId = Guid.NewGuid().ToString();
        var taskId = await host.CreateWorkflowTaskAsync(tenant.Id, documentId, instanceId, "review", FlowDocsRoles.Reviewer);

        var completed = await host.Client(reviewer).ActOkAsync(taskId, "complete", new { outcome = "Reject" });

        var published = Assert.Single(host.Completions.For(taskId));
        Assert.Equal(instanceId, published.WorkflowInstanceId);
        Assert.Equal("review", published.ActivityId);
        Assert.Equal("Reject", published.Outcome);
        Assert.Equal(instanceId, completed.Origin.WorkflowInstanceId);
    }

    [Fact]
    public async Task Fifty_concurrent_completions_give_exactly_one_200_and_49_409()
    {
        var tenant = await host.NewTenantAsync();
        var admin = host.Client(tenant.Admin);
        var task = await admin.NewTaskAsync(await admin.UploadDocumentAsync(), Review(FlowDocsRoles.Reviewer));
        // Fifty reviewers race for it (the role offers it to all; completing does not look users up, so the
        // header users need not exist). Every request is built and waiting before the gate opens.
        var clients = Enumerable.Range(0, 50)
            .Select(i => (User: new TestUser(tenant.Id, $"reviewer-{i}", FlowDocsRoles.Member, FlowDocsRoles.Reviewer), Outcome: i % 2 == 0 ? "Approve" : "Reject"))
            .Select(r => (r.User, r.Outcome, Client: host.Client(r.User)))
            .ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = clients.Select(async c =>
        {
            await start.Task;
            return (c.User, c.Outcome, Response: await c.Client.ActAsync(task.Id, "complete", new { outcome = c.Outcome }));
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(racing);

        var statuses = results.GroupBy(r => r.Response.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(
            statuses.Keys.All(s => s is HttpStatusCode.OK or HttpStatusCode.Conflict),
            string.Join("; ", await Task.WhenAll(results.Where(r => r.Response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                .Select(async r => $"{(int)r.Response.StatusCode} {await r.Response.Content.ReadAsStringAsync(TasksClient.Ct)}"))));
        Assert.Equal(1, statuses.GetValueOrDefault(HttpStatusCode.OK));
        Assert.Equal(49, statuses.GetValueOrDefault(HttpStatusCode.Conflict));
        foreach (var loser in results.Where(r => r.Response.StatusCode == HttpStatusCode.Conflict))
        {
            await loser.Response.ProblemAsync(HttpStatusCode.Conflict);
        }

        var winner = results.Single(r => r.Response.StatusCode == HttpStatusCode.OK);
        var stored = await admin.GetTaskAsync(task.Id);
        Assert.Equal(UserTaskStatus.Completed, stored.Status);
        Assert.Equal(winner.User.UserId, stored.CompletedBy);
        Assert.Equal(winner.User.UserId, stored.Assignee);
        Assert.Equal(winner.Outcome, stored.Outcome);
        var published = Assert.Single(host.Completions.For(task.Id));
        Assert.Equal(winner.User.UserId, published.CompletedBy);
    }
}
