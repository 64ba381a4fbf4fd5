using System.Net;
using System.Net.Http.Json;
using FlowDocs.Common.Security;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.CancelTask;
using FlowDocs.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Tasks.Tests.Api.TasksClient;

namespace FlowDocs.Tasks.Tests.Api;

public sealed class EmbeddedTaskActionTests(EmbeddedTasksHost host) : TaskActionTests(host), IClassFixture<EmbeddedTasksHost>;

public sealed class ProductionTaskActionTests(ProductionTasksHost host) : TaskActionTests(host), IClassFixture<ProductionTasksHost>;

/// <summary>Claim, unclaim, delegate, comment and cancel through HTTP: who may, and what each changes.</summary>
public abstract class TaskActionTests(TasksHost host)
{
    private async Task<(TestTenant Tenant, HttpClient Admin, Guid DocumentId)> TenantWithDocumentAsync()
    {
        var tenant = await host.NewTenantAsync();
        var admin = host.Client(tenant.Admin);
        return (tenant, admin, await admin.UploadDocumentAsync());
    }

    private static object ForReviewers => new { title = "Review", candidateRoles = new[] { FlowDocsRoles.Reviewer }, outcomes = new[] { "Approve", "Reject" } };

    [Fact]
    public async Task Candidate_claims_an_offered_task_and_claiming_again_changes_nothing()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var task = await admin.NewTaskAsync(documentId, ForReviewers);

        var claimed = await host.Client(reviewer).ActOkAsync(task.Id, "claim");
        var again = await host.Client(reviewer).ActOkAsync(task.Id, "claim");

        Assert.Equal(UserTaskStatus.Claimed, claimed.Status);
        Assert.Equal(reviewer.UserId, claimed.Assignee);
        Assert.True(claimed.UpdatedAt > task.UpdatedAt);
        Assert.Equal(claimed.UpdatedAt, again.UpdatedAt);
        Assert.Equivalent(claimed, again);
    }

    [Fact]
    public async Task Claim_is_refused_to_non_candidates_when_held_by_someone_else_and_when_closed()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var colleague = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var member = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var task = await admin.NewTaskAsync(documentId, ForReviewers);

        var notOffered = await host.Client(member).ActAsync(task.Id, "claim");
        await host.Client(reviewer).ActOkAsync(task.Id, "claim");
        var held = await host.Client(colleague).ActAsync(task.Id, "claim");
        await host.Client(reviewer).ActOkAsync(task.Id, "complete", new { outcome = "Approve" });
        var closed = await host.Client(colleague).ActAsync(task.Id, "claim");

        Assert.Contains("not offered to you", (await notOffered.ProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
        Assert.Contains($"already held by {reviewer.UserId}", (await held.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Contains("already completed", (await closed.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Equal(reviewer.UserId, (await admin.GetTaskAsync(task.Id)).CompletedBy);
    }

    [Fact]
    public async Task Racing_claims_give_the_task_to_exactly_one_candidate()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var task = await admin.NewTaskAsync(documentId, ForReviewers);
        var reviewers = Enumerable.Range(0, 20)
            .Select(i => new TestUser(tenant.Id, $"reviewer-{i}", FlowDocsRoles.Member, FlowDocsRoles.Reviewer))
            .Select(u => (User: u, Client: host.Client(u)))
            .ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = reviewers.Select(async r =>
        {
            await start.Task;
            return (r.User, Response: await r.Client.ActAsync(task.Id, "claim"));
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(racing);

        var winner = Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
        foreach (var loser in results.Where(r => r.User != winner.User))
        {
            await loser.Response.ProblemAsync(HttpStatusCode.Conflict);
        }

        Assert.Equal(winner.User.UserId, (await admin.GetTaskAsync(task.Id)).Assignee);
        Assert.Equal([task.Id], (await host.Client(winner.User).InboxAsync()).Ids());
        Assert.Empty((await host.Client(reviewers[0].User == winner.User ? reviewers[1].User : reviewers[0].User).InboxAsync("view=Candidate")).Items);
    }

    [Fact]
    public async Task Admin_may_claim_a_task_not_offered_to_them()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var task = await admin.NewTaskAsync(documentId, ForReviewers);

        var claimed = await admin.ActOkAsync(task.Id, "claim");

        Assert.Equal(tenant.Admin.UserId, claimed.Assignee);
    }

    [Fact]
    public async Task Holder_or_admin_gives_a_claimed_task_back_to_its_candidates()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var colleague = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var task = await admin.NewTaskAsync(documentId, ForReviewers);
        await host.Client(reviewer).ActOkAsync(task.Id, "claim");

        var byColleague = await host.Client(colleague).ActAsync(task.Id, "unclaim");
        var released = await host.Client(reviewer).ActOkAsync(task.Id, "unclaim");
        var notClaimed = await admin.ActAsync(task.Id, "unclaim");
        await host.Client(colleague).ActOkAsync(task.Id, "claim");
        var releasedByAdmin = await admin.ActOkAsync(task.Id, "unclaim");

        Assert.Contains("Only the holder", (await byColleague.ProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
        Assert.Equal(UserTaskStatus.Open, released.Status);
        Assert.Null(released.Assignee);
        Assert.Contains("is not claimed", (await notClaimed.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Equal(UserTaskStatus.Open, releasedByAdmin.Status);
        Assert.Equal([task.Id], (await host.Client(colleague).InboxAsync("view=Candidate")).Ids());
    }

    [Fact]
    public async Task Unclaim_is_refused_without_candidates_and_when_closed()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var direct = await admin.NewTaskAsync(documentId, new { title = "Direct", assignee = worker.UserId });
        var cancelled = await admin.NewTaskAsync(documentId, new { title = "Gone", assignee = worker.UserId });
        await admin.ActOkAsync(cancelled.Id, "cancel");

        var noCandidates = await host.Client(worker).ActAsync(direct.Id, "unclaim");
        var closed = await host.Client(worker).ActAsync(cancelled.Id, "unclaim");

        Assert.Contains("no candidates", (await noCandidates.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Contains("is cancelled", (await closed.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Equal(worker.UserId, (await admin.GetTaskAsync(direct.Id)).Assignee);
    }

    [Fact]
    public async Task Holder_delegates_to_another_user_and_the_thread_records_it()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var ann = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var bob = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var task = await admin.NewTaskAsync(documentId, new { title = "Sign", assignee = ann.UserId });

        var delegated = await host.Client(ann).ActOkAsync(task.Id, "delegate", new { assignee = bob.UserId, comment = "  I am on leave.  " });
        var read = await host.Client(bob).GetTaskAsync(task.Id);

        Assert.Equal(bob.UserId, delegated.Assignee);
        Assert.Equal(UserTaskStatus.Claimed, delegated.Status);
        Assert.Equal([task.Id], (await host.Client(bob).InboxAsync()).Ids());
        Assert.Empty((await host.Client(ann).InboxAsync()).Items);
        var comment = Assert.Single(read.Comments!);
        Assert.Equal(ann.UserId, comment.Author);
        Assert.Equal($"Delegated from {ann.UserId} to {bob.UserId}. I am on leave.", comment.Text);
    }

    [Fact]
    public async Task Admin_reassigns_any_open_task_and_others_may_not()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var bystander = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var unclaimed = await admin.NewTaskAsync(documentId, ForReviewers);

        var byCandidate = await host.Client(bystander).ActAsync(unclaimed.Id, "delegate", new { assignee = bystander.UserId });
        var reassigned = await admin.ActOkAsync(unclaimed.Id, "delegate", new { assignee = reviewer.UserId });
        var read = await admin.GetTaskAsync(unclaimed.Id);

        Assert.Contains("Only the holder", (await byCandidate.ProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
        Assert.Equal(reviewer.UserId, reassigned.Assignee);
        Assert.Equal($"Delegated from nobody to {reviewer.UserId}.", Assert.Single(read.Comments!).Text);
        Assert.Empty((await host.Client(bystander).InboxAsync("view=Candidate")).Items);
    }

    [Fact]
    public async Task Delegate_validates_the_new_assignee_and_the_comment()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var other = await host.NewTenantAsync();
        var stranger = await host.NewUserAsync(other, FlowDocsRoles.Member);
        var leaver = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        await host.DisableUserAsync(tenant, leaver);
        var task = await admin.NewTaskAsync(documentId, new { title = "Sign", assignee = worker.UserId });
        var client = host.Client(worker);

        Assert.Equal(["assignee"], await (await client.ActAsync(task.Id, "delegate", new { comment = "to nobody" })).InvalidFieldsAsync());
        Assert.Equal(["assignee"], await (await client.ActAsync(task.Id, "delegate", new { assignee = "  " })).InvalidFieldsAsync());
        Assert.Equal(["assignee"], await (await client.ActAsync(task.Id, "delegate", new { assignee = stranger.UserId })).InvalidFieldsAsync());
        Assert.Equal(["assignee"], await (await client.ActAsync(task.Id, "delegate", new { assignee = leaver.UserId })).InvalidFieldsAsync());
        Assert.Equal(["comment"], await (await client.ActAsync(task.Id, "delegate", new { assignee = tenant.Admin.UserId, comment = new string('c', 4001) })).InvalidFieldsAsync());
        Assert.Equal(["assignee"], await (await client.ActAsync(task.Id, "delegate", new { assignee = $" {tenant.Admin.UserId.ToUpperInvariant()} " })).InvalidFieldsAsync());
        var unchanged = await admin.GetTaskAsync(task.Id);
        Assert.Equal(worker.UserId, unchanged.Assignee);
        Assert.Empty(unchanged.Comments!);
    }

    [Fact]
    public async Task Closed_task_cannot_be_delegated()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var task = await admin.NewTaskAsync(documentId, new { title = "Sign", assignee = worker.UserId });
        await host.Client(worker).ActOkAsync(task.Id, "complete", new { outcome = "done" });

        var response = await admin.ActAsync(task.Id, "delegate", new { assignee = worker.UserId });

        Assert.Contains("already completed (outcome 'Done'", (await response.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviewers_uploader_and_owner_share_the_thread_also_after_the_task_is_closed()
    {
        var tenant = await host.NewTenantAsync();
        var owner = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var uploader = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var documentId = await host.Client(owner).UploadDocumentAsync();
        var version = await host.Client(uploader).AddVersionAsync(documentId);
        var task = await host.Client(owner).NewTaskAsync(documentId, new { title = "Review v2", candidateRoles = new[] { FlowDocsRoles.Reviewer }, outcomes = new[] { "Approve" }, versionNumber = version });

        var first = await host.Client(reviewer).PostAsJsonAsync($"/api/tasks/{task.Id}/comments", new { text = "  Clause 7 is wrong.  " }, Json, Ct);
        await host.Client(reviewer).ActOkAsync(task.Id, "complete", new { outcome = "Approve" });
        var second = await host.Client(uploader).PostAsJsonAsync($"/api/tasks/{task.Id}/comments", new { text = "Fixed in v3." }, Json, Ct);
        var third = await host.Client(owner).PostAsJsonAsync($"/api/tasks/{task.Id}/comments", new { text = "Noted." }, Json, Ct);
        var comment = await first.ReadAsync<Tasks.TaskModel.TaskCommentResponse>();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal($"/api/tasks/{task.Id}/comments", first.Headers.Location?.OriginalString);
        Assert.Equal("Clause 7 is wrong.", comment.Text);
        Assert.Equal(reviewer.UserId, comment.Author);
        foreach (var reader in new[] { reviewer, uploader, owner })
        {
            var thread = await ThreadAsync(host.Client(reader), task.Id);
            Assert.Equal(["Clause 7 is wrong.", "Fixed in v3.", "Noted."], thread.Select(c => c.Text));
            Assert.Equal([reviewer.UserId, uploader.UserId, owner.UserId], thread.Select(c => c.Author));
            Assert.Equal(comment, thread[0]);
            Assert.Equal(thread, (await host.Client(reader).GetTaskAsync(task.Id)).Comments);
        }
    }

    [Fact]
    public async Task Anyone_else_in_the_tenant_gets_403_for_the_thread_and_sees_the_task_without_it()
    {
        var tenant = await host.NewTenantAsync();
        var owner = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var bystander = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var otherAdmin = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Admin);
        var documentId = await host.Client(owner).UploadDocumentAsync();
        var task = await host.Client(owner).NewTaskAsync(documentId, new { title = "Sign", assignee = worker.UserId });
        await host.Client(worker).PostAsJsonAsync($"/api/tasks/{task.Id}/comments", new { text = "Private note." }, Json, Ct);

        foreach (var outsider in new[] { bystander, otherAdmin })
        {
            var client = host.Client(outsider);
            var read = await client.GetAsync($"/api/tasks/{task.Id}/comments", Ct);
            var write = await client.PostAsJsonAsync($"/api/tasks/{task.Id}/comments", new { text = "Me too." }, Json, Ct);
            var seen = await client.GetTaskAsync(task.Id);

            Assert.Contains("reviewers, the uploader of the version it is about and the document's owner", (await read.ProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
            await write.ProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal("Sign", seen.Title);
            Assert.Null(seen.Comments);
        }

        var unknown = await host.Client(worker).GetAsync($"/api/tasks/{Guid.NewGuid()}/comments", Ct);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["Private note."], (await ThreadAsync(host.Client(worker), task.Id)).Select(c => c.Text));
    }

    private static async Task<IReadOnlyList<Tasks.TaskModel.TaskCommentResponse>> ThreadAsync(HttpClient client, Guid taskId)
    {
        var response = await client.GetAsync($"/api/tasks/{taskId}/comments", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<List<Tasks.TaskModel.TaskCommentResponse>>();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(4001)]
    public async Task Comment_text_is_required_and_limited(object? text)
    {
        var (_, admin, documentId) = await TenantWithDocumentAsync();
        var task = await admin.NewTaskAsync(documentId, ForReviewers);

        var response = await admin.PostAsJsonAsync(
            $"/api/tasks/{task.Id}/comments", new { text = text is int length ? new string('x', length) : (string?)text }, Json, Ct);

        Assert.Equal(["text"], await response.InvalidFieldsAsync());
        Assert.Empty((await admin.GetTaskAsync(task.Id)).Comments!);
    }

    [Fact]
    public async Task Creator_cancels_with_a_reason_and_the_task_leaves_every_inbox()
    {
        var (tenant, _, documentId) = await TenantWithDocumentAsync();
        var author = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var task = await host.Client(author).NewTaskAsync(documentId, ForReviewers);

        var cancelled = await host.Client(author).ActOkAsync(task.Id, "cancel", new { reason = "  Wrong document.  " });
        var read = await host.Client(reviewer).GetTaskAsync(task.Id);

        Assert.Equal(UserTaskStatus.Cancelled, cancelled.Status);
        Assert.Equal(author.UserId, cancelled.CompletedBy);
        Assert.NotNull(cancelled.CompletedAt);
        Assert.Null(cancelled.Outcome);
        Assert.Equal("Cancelled: Wrong document.", Assert.Single(read.Comments!).Text);
        Assert.Empty((await host.Client(reviewer).InboxAsync("view=Candidate")).Items);
        Assert.Equal(UserTaskStatus.Cancelled, Assert.Single((await host.Client(author).InboxAsync("view=Created")).Items).Status);
    }

    [Fact]
    public async Task Admin_cancels_without_a_body_and_others_may_not_cancel()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var author = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var task = await host.Client(author).NewTaskAsync(documentId, new { title = "Sign", assignee = worker.UserId });

        var byAssignee = await host.Client(worker).ActAsync(task.Id, "cancel");
        var cancelled = await admin.ActOkAsync(task.Id, "cancel");
        var twice = await host.Client(author).ActAsync(task.Id, "cancel");

        Assert.Contains("Only the creator", (await byAssignee.ProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
        Assert.Equal(UserTaskStatus.Cancelled, cancelled.Status);
        Assert.Equal(tenant.Admin.UserId, cancelled.CompletedBy);
        Assert.Equal("Cancelled: no reason given", Assert.Single((await admin.GetTaskAsync(task.Id)).Comments!).Text);
        Assert.Contains("is cancelled", (await twice.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completed_task_cannot_be_cancelled_and_reason_is_limited()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var done = await admin.NewTaskAsync(documentId, new { title = "Sign", assignee = worker.UserId });
        var open = await admin.NewTaskAsync(documentId, new { title = "Sign too", assignee = worker.UserId });
        await host.Client(worker).ActOkAsync(done.Id, "complete", new { outcome = "Done" });

        var completed = await admin.ActAsync(done.Id, "cancel", new { reason = "late" });
        var tooLong = await admin.ActAsync(open.Id, "cancel", new { reason = new string('r', 1001) });

        Assert.Contains("already completed", (await completed.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Equal(["reason"], await tooLong.InvalidFieldsAsync());
        Assert.Equal(UserTaskStatus.Completed, (await admin.GetTaskAsync(done.Id)).Status);
        Assert.Equal(UserTaskStatus.Claimed, (await admin.GetTaskAsync(open.Id)).Status);
    }

    [Fact]
    public async Task Workflow_task_cannot_be_cancelled_through_the_api()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var instanceId = Guid.NewGuid().ToString();
        var taskId = await host.CreateWorkflowTaskAsync(tenant.Id, documentId, instanceId, "review", FlowDocsRoles.Reviewer);

        var response = await admin.ActAsync(taskId, "cancel", new { reason = "not needed" });
        var read = await admin.GetTaskAsync(taskId);

        Assert.Contains($"belongs to workflow instance {instanceId}", (await response.ProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Equal(UserTaskStatus.Open, read.Status);
        Assert.Equal("workflow", read.Origin.Kind);
        Assert.Equal(instanceId, read.Origin.WorkflowInstanceId);
        Assert.Equal("review", read.Origin.ActivityId);
        Assert.Equal("workflow", read.CreatedBy);
    }

    [Fact]
    public async Task Canceller_cancels_only_the_given_tasks_that_are_still_open()
    {
        var (tenant, admin, documentId) = await TenantWithDocumentAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var instanceId = Guid.NewGuid().ToString();
        var open = await host.CreateWorkflowTaskAsync(tenant.Id, documentId, instanceId, "review");
        var claimed = await host.CreateWorkflowTaskAsync(tenant.Id, documentId, instanceId, "review", FlowDocsRoles.Reviewer);
        var decided = await host.CreateWorkflowTaskAsync(tenant.Id, documentId, instanceId, "review", FlowDocsRoles.Reviewer);
        var untouched = await host.CreateWorkflowTaskAsync(tenant.Id, documentId, instanceId, "review", FlowDocsRoles.Reviewer);
        await host.Client(reviewer).ActOkAsync(claimed, "claim");
        await host.Client(reviewer).ActOkAsync(decided, "complete", new { outcome = "Approve" });

        int cancelled;
        UserTaskStatus beforeCommit;
        await using (var scope = host.Server.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id);
            cancelled = await scope.ServiceProvider.GetRequiredService<UserTaskCanceller>()
                .CancelOpenAsync([open, claimed, decided, Guid.NewGuid()], "workflow", "approval decided", Ct);
            beforeCommit = (await admin.GetTaskAsync(open)).Status;
            // The canceller leaves the commit to its caller's unit of work (a workflow burst).
            await scope.ServiceProvider.GetRequiredService<Data.FlowDocsDbContext>().SaveChangesAsync(Ct);
        }

        Assert.Equal(2, cancelled);
        Assert.Equal(UserTaskStatus.Open, beforeCommit);
        foreach (var id in new[] { open, claimed })
        {
            var task = await admin.GetTaskAsync(id);
            Assert.Equal(UserTaskStatus.Cancelled, task.Status);
            Assert.Equal("workflow", task.CompletedBy);
            Assert.Equal("Cancelled: approval decided", Assert.Single(task.Comments!).Text);
        }

        Assert.Equal(UserTaskStatus.Completed, (await admin.GetTaskAsync(decided)).Status);
        Assert.Equal(UserTaskStatus.Open, (await admin.GetTaskAsync(untouched)).Status);
        Assert.Equal([untouched], (await host.Client(reviewer).InboxAsync("view=Candidate")).Ids());
    }
}
