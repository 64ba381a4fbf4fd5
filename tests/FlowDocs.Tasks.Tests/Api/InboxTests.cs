using System.Net;
using FlowDocs.Common.Security;
using FlowDocs.Data.Tasks;
using static FlowDocs.Tasks.Tests.Api.TasksClient;

namespace FlowDocs.Tasks.Tests.Api;

public sealed class EmbeddedInboxTests(EmbeddedTasksHost host) : InboxTests(host), IClassFixture<EmbeddedTasksHost>;

public sealed class ProductionInboxTests(ProductionTasksHost host) : InboxTests(host), IClassFixture<ProductionTasksHost>;

/// <summary>The inbox views (Assigned, Candidate, Created, Overdue), its filters, sorts and paging, through HTTP.</summary>
public abstract class InboxTests(TasksHost host)
{
    [Fact]
    public async Task Assigned_view_is_the_default_and_holds_my_open_tasks_only()
    {
        var tenant = await host.NewTenantAsync();
        var ann = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var bob = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();
        var mine = await client.NewTaskAsync(documentId, new { title = "mine", assignee = ann.UserId });
        var done = await client.NewTaskAsync(documentId, new { title = "done", assignee = ann.UserId });
        var cancelled = await client.NewTaskAsync(documentId, new { title = "cancelled", assignee = ann.UserId });
        await client.NewTaskAsync(documentId, new { title = "bob's", assignee = bob.UserId });
        await host.Client(ann).ActOkAsync(done.Id, "complete", new { outcome = "Done" });
        await client.ActOkAsync(cancelled.Id, "cancel");

        var inbox = await host.Client(ann).InboxAsync();
        var assigned = await host.Client(ann).InboxAsync("view=Assigned");

        Assert.Equal([mine.Id], inbox.Ids());
        Assert.Equal([mine.Id], assigned.Ids());
    }

    [Fact]
    public async Task Candidate_view_shows_unclaimed_offers_to_me_or_my_roles_until_someone_claims()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var colleague = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var named = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var outsider = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();
        var forRole = await client.NewTaskAsync(documentId, new { title = "for reviewers", candidateRoles = new[] { FlowDocsRoles.Reviewer } });
        var forUser = await client.NewTaskAsync(documentId, new { title = "for one", candidateUsers = new[] { named.UserId } });
        var forBoth = await client.NewTaskAsync(documentId, new { title = "for both", candidateRoles = new[] { FlowDocsRoles.Reviewer }, candidateUsers = new[] { named.UserId } });

        var reviewerBefore = await host.Client(reviewer).InboxAsync("view=Candidate&sort=Created");
        var namedBefore = await host.Client(named).InboxAsync("view=Candidate&sort=Created");
        var outsiderView = await host.Client(outsider).InboxAsync("view=Candidate");
        await host.Client(colleague).ActOkAsync(forRole.Id, "claim");
        var reviewerAfterClaim = await host.Client(reviewer).InboxAsync("view=Candidate&sort=Created");
        var colleagueAssigned = await host.Client(colleague).InboxAsync("view=Assigned");
        await host.Client(colleague).ActOkAsync(forRole.Id, "unclaim");
        var reviewerAfterUnclaim = await host.Client(reviewer).InboxAsync("view=Candidate&sort=Created");

        Assert.Equal([forBoth.Id, forRole.Id], reviewerBefore.Ids());
        Assert.Equal([forBoth.Id, forUser.Id], namedBefore.Ids());
        Assert.Empty(outsiderView.Items);
        Assert.Equal([forBoth.Id], reviewerAfterClaim.Ids());
        Assert.Equal([forRole.Id], colleagueAssigned.Ids());
        Assert.Equal([forBoth.Id, forRole.Id], reviewerAfterUnclaim.Ids());
        Assert.Equal([FlowDocsRoles.Reviewer], reviewerBefore.Items[0].Candidates.Roles);
        Assert.Equal([named.UserId], reviewerBefore.Items[0].Candidates.Users);
    }

    [Fact]
    public async Task Candidate_view_merges_offers_to_me_and_each_of_my_roles_in_order_and_across_pages()
    {
        var tenant = await host.NewTenantAsync();
        var me = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();
        var now = host.Time.GetUtcNow();
        var reviewers = new[] { FlowDocsRoles.Reviewer };
        var members = new[] { FlowDocsRoles.Member };
        var mine = new[] { me.UserId };
        var day3 = await client.NewTaskAsync(documentId, new { title = "d3", candidateRoles = reviewers, dueAt = now.AddDays(3) });
        var day1Low = await client.NewTaskAsync(documentId, new { title = "d1 low", priority = "Low", candidateRoles = members, dueAt = now.AddDays(1) });
        var day2Urgent = await client.NewTaskAsync(documentId, new { title = "d2 urgent", priority = "Urgent", candidateUsers = mine, dueAt = now.AddDays(2) });
        var day1High = await client.NewTaskAsync(documentId, new { title = "d1 high", priority = "High", candidateRoles = reviewers, dueAt = now.AddDays(1) });
        var everyone = await client.NewTaskAsync(documentId, new { title = "to me and both roles", candidateRoles = new[] { FlowDocsRoles.Reviewer, FlowDocsRoles.Member }, candidateUsers = mine, dueAt = now.AddDays(4) });
        var undatedHigh = await client.NewTaskAsync(documentId, new { title = "undated high", priority = "High", candidateRoles = members });
        var undated = await client.NewTaskAsync(documentId, new { title = "undated", candidateRoles = reviewers });
        var claimed = await client.NewTaskAsync(documentId, new { title = "claimed by admin", candidateRoles = reviewers, dueAt = now.AddHours(1) });
        await client.NewTaskAsync(documentId, new { title = "not mine", candidateRoles = new[] { FlowDocsRoles.Designer }, dueAt = now.AddHours(1) });
        await client.ActOkAsync(claimed.Id, "claim");

        var byDue = await host.Client(me).InboxAsync("view=Candidate");
        var byPriority = await host.Client(me).InboxAsync("view=Candidate&sort=Priority");
        var pages = new List<Common.Paging.PagedList<Tasks.TaskModel.TaskResponse>>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await host.Client(me).InboxAsync($"view=Candidate&pageSize=3&page={page}"));
        }

        var high = await host.Client(me).InboxAsync("view=Candidate&priority=High");
        var open = await host.Client(me).InboxAsync("view=Candidate&status=Open&sort=Priority");
        var claimedOnes = await host.Client(me).InboxAsync("view=Candidate&status=Claimed");

        // Due: earliest first (equal dates by priority), undated last; a task offered three ways appears once.
        Assert.Equal([day1High.Id, day1Low.Id, day2Urgent.Id, day3.Id, everyone.Id, undatedHigh.Id, undated.Id], byDue.Ids());
        Assert.Equal([day2Urgent.Id, day1High.Id, undatedHigh.Id, day3.Id, everyone.Id, undated.Id, day1Low.Id], byPriority.Ids());
        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal(byDue.Ids(), pages.SelectMany(p => p.Ids()));
        Assert.Equal([day1High.Id, undatedHigh.Id], high.Ids());
        Assert.Equal(byPriority.Ids(), open.Ids());
        Assert.Empty(claimedOnes.Items);
    }

    [Fact]
    public async Task Candidate_view_follows_changes_of_the_tasks_it_orders_by()
    {
        var tenant = await host.NewTenantAsync();
        var me = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var other = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();
        var now = host.Time.GetUtcNow();
        var first = await client.NewTaskAsync(documentId, new { title = "first", candidateRoles = new[] { FlowDocsRoles.Reviewer }, dueAt = now.AddDays(1) });
        var second = await client.NewTaskAsync(documentId, new { title = "second", candidateRoles = new[] { FlowDocsRoles.Reviewer }, dueAt = now.AddDays(2) });

        await host.Client(other).ActOkAsync(first.Id, "claim");
        var whileClaimed = await host.Client(me).InboxAsync("view=Candidate");
        await host.Client(other).ActOkAsync(first.Id, "unclaim");
        var afterUnclaim = await host.Client(me).InboxAsync("view=Candidate");
        await host.Client(other).ActOkAsync(second.Id, "complete", new { outcome = "Done" });
        var afterComplete = await host.Client(me).InboxAsync("view=Candidate&sort=Priority");

        Assert.Equal([second.Id], whileClaimed.Ids());
        Assert.Equal([first.Id, second.Id], afterUnclaim.Ids());
        Assert.Equal([first.Id], afterComplete.Ids());
    }

    [Fact]
    public async Task Closed_tasks_leave_the_candidate_view()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();
        var completed = await client.NewTaskAsync(documentId, new { title = "a", candidateRoles = new[] { FlowDocsRoles.Reviewer } });
        var cancelled = await client.NewTaskAsync(documentId, new { title = "b", candidateRoles = new[] { FlowDocsRoles.Reviewer } });
        var open = await client.NewTaskAsync(documentId, new { title = "c", candidateRoles = new[] { FlowDocsRoles.Reviewer } });

        await host.Client(reviewer).ActOkAsync(completed.Id, "complete", new { outcome = "Done" });
        await client.ActOkAsync(cancelled.Id, "cancel");

        Assert.Equal([open.Id], (await host.Client(reviewer).InboxAsync("view=Candidate")).Ids());
    }

    [Fact]
    public async Task Created_view_lists_what_I_created_in_any_status()
    {
        var tenant = await host.NewTenantAsync();
        var author = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(author);
        var documentId = await client.UploadDocumentAsync();
        var open = await client.NewTaskAsync(documentId, new { title = "open", assignee = worker.UserId });
        var done = await client.NewTaskAsync(documentId, new { title = "done", assignee = worker.UserId });
        var cancelled = await client.NewTaskAsync(documentId, new { title = "cancelled", assignee = worker.UserId });
        await host.Client(tenant.Admin).NewTaskAsync(documentId, new { title = "someone else's", assignee = worker.UserId });
        await host.Client(worker).ActOkAsync(done.Id, "complete", new { outcome = "Done" });
        await client.ActOkAsync(cancelled.Id, "cancel");

        var created = await client.InboxAsync("view=Created&sort=Created");
        var createdCompleted = await client.InboxAsync("view=Created&status=Completed");

        Assert.Equal([cancelled.Id, done.Id, open.Id], created.Ids());
        Assert.Equal([UserTaskStatus.Cancelled, UserTaskStatus.Completed, UserTaskStatus.Claimed], created.Items.Select(t => t.Status));
        Assert.Equal([done.Id], createdCompleted.Ids());
    }

    [Fact]
    public async Task Filters_by_status_priority_and_document_combine()
    {
        var tenant = await host.NewTenantAsync();
        var me = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var client = host.Client(me);
        var contract = await client.UploadDocumentAsync();
        var invoice = await client.UploadDocumentAsync();
        var urgentContract = await client.NewTaskAsync(contract, new { title = "1", priority = "Urgent", assignee = me.UserId });
        var lowContract = await client.NewTaskAsync(contract, new { title = "2", priority = "Low", assignee = me.UserId });
        var urgentInvoice = await client.NewTaskAsync(invoice, new { title = "3", priority = "Urgent", assignee = me.UserId });
        var offered = await client.NewTaskAsync(contract, new { title = "4", priority = "Urgent", candidateRoles = new[] { FlowDocsRoles.Reviewer } });

        var urgent = await client.InboxAsync("priority=Urgent&sort=Created");
        var onContract = await client.InboxAsync($"documentId={contract}&sort=Created");
        var urgentOnContract = await client.InboxAsync($"documentId={contract}&priority=Urgent");
        var claimedOnly = await client.InboxAsync("view=Created&status=Claimed&sort=Created");
        var openOnly = await client.InboxAsync("view=Created&status=Open");

        Assert.Equal([urgentInvoice.Id, urgentContract.Id], urgent.Ids());
        Assert.Equal([lowContract.Id, urgentContract.Id], onContract.Ids());
        Assert.Equal([urgentContract.Id], urgentOnContract.Ids());
        Assert.Equal([urgentInvoice.Id, lowContract.Id, urgentContract.Id], claimedOnly.Ids());
        Assert.Equal([offered.Id], openOnly.Ids());
    }

    [Fact]
    public async Task Sorts_by_due_date_priority_or_creation()
    {
        var tenant = await host.NewTenantAsync();
        var me = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(me);
        var documentId = await client.UploadDocumentAsync();
        var now = host.Time.GetUtcNow();
        var noDueHigh = await client.NewTaskAsync(documentId, new { title = "a", priority = "High", assignee = me.UserId });
        var dueLaterLow = await client.NewTaskAsync(documentId, new { title = "b", priority = "Low", dueAt = now.AddDays(5), assignee = me.UserId });
        var dueSoonNormal = await client.NewTaskAsync(documentId, new { title = "c", dueAt = now.AddDays(1), assignee = me.UserId });
        var dueLaterUrgent = await client.NewTaskAsync(documentId, new { title = "d", priority = "Urgent", dueAt = now.AddDays(5), assignee = me.UserId });
        var noDueLow = await client.NewTaskAsync(documentId, new { title = "e", priority = "Low", assignee = me.UserId });

        var byDue = await client.InboxAsync("sort=Due");
        var byDefault = await client.InboxAsync();
        var byPriority = await client.InboxAsync("sort=Priority");
        var byCreated = await client.InboxAsync("sort=Created");

        // Due: earliest first, undated last; equal due dates by priority.
        Assert.Equal([dueSoonNormal.Id, dueLaterUrgent.Id, dueLaterLow.Id, noDueHigh.Id, noDueLow.Id], byDue.Ids());
        Assert.Equal(byDue.Ids(), byDefault.Ids());
        // Priority: highest first; equal priorities by due date, undated last.
        Assert.Equal([dueLaterUrgent.Id, noDueHigh.Id, dueSoonNormal.Id, dueLaterLow.Id, noDueLow.Id], byPriority.Ids());
        Assert.Equal([noDueLow.Id, dueLaterUrgent.Id, dueSoonNormal.Id, dueLaterLow.Id, noDueHigh.Id], byCreated.Ids());
    }

    [Fact]
    public async Task Pages_are_disjoint_and_say_whether_more_follow()
    {
        var tenant = await host.NewTenantAsync();
        var me = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(me);
        var documentId = await client.UploadDocumentAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.NewTaskAsync(documentId, new { title = $"t{i}", assignee = me.UserId })).Id);
        }

        var pages = new List<Common.Paging.PagedList<Tasks.TaskModel.TaskResponse>>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await client.InboxAsync($"sort=Created&pageSize=2&page={page}"));
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal(Enumerable.Reverse(created), pages.SelectMany(p => p.Ids()));
        Assert.Equal(50, (await client.InboxAsync()).PageSize);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-3", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    public async Task Paging_out_of_range_answers_422_naming_the_parameter(string query, string field)
    {
        var tenant = await host.NewTenantAsync();

        var response = await host.Client(tenant.Admin).GetAsync($"/api/tasks?{query}", Ct);

        Assert.Equal([field], await response.InvalidFieldsAsync());
    }

    [Theory]
    [InlineData("view=Everything", "view")]
    [InlineData("status=Lost", "status")]
    [InlineData("priority=Extreme", "priority")]
    [InlineData("sort=Random", "sort")]
    [InlineData("documentId=not-a-guid", "documentId")]
    public async Task Unknown_query_values_are_refused_naming_the_parameter(string query, string parameter)
    {
        var tenant = await host.NewTenantAsync();

        var response = await host.Client(tenant.Admin).GetAsync($"/api/tasks?{query}", Ct);
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(parameter, problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenants_tasks_never_appear()
    {
        var tenant = await host.NewTenantAsync();
        var other = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var theirReviewer = await host.NewUserAsync(other, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var theirs = host.Client(other.Admin);
        var theirTask = await theirs.NewTaskAsync(await theirs.UploadDocumentAsync(), new { title = "their review", candidateRoles = new[] { FlowDocsRoles.Reviewer } });
        var ours = host.Client(tenant.Admin);
        var ourTask = await ours.NewTaskAsync(await ours.UploadDocumentAsync(), new { title = "ours", candidateRoles = new[] { FlowDocsRoles.Reviewer } });

        Assert.Equal([ourTask.Id], (await host.Client(reviewer).InboxAsync("view=Candidate")).Ids());
        Assert.Equal([theirTask.Id], (await host.Client(theirReviewer).InboxAsync("view=Candidate")).Ids());
        Assert.Equal([ourTask.Id], (await ours.InboxAsync("view=Created")).Ids());
    }
}
