using FlowDocs.Common.Security;

namespace FlowDocs.Tasks.Tests.Api;

public sealed class EmbeddedOverdueTests(EmbeddedTasksHost host) : OverdueTests(host), IClassFixture<EmbeddedTasksHost>;

public sealed class ProductionOverdueTests(ProductionTasksHost host) : OverdueTests(host), IClassFixture<ProductionTasksHost>;

/// <summary>Overdue tasks on a fake clock: they show as overdue once the due date passes while they are still open.</summary>
public abstract class OverdueTests(TasksHost host)
{
    [Fact]
    public async Task Open_task_past_its_due_date_is_overdue_for_its_holder_and_its_candidates()
    {
        var tenant = await host.NewTenantAsync();
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var outsider = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        var now = host.Time.GetUtcNow();
        var held = await admin.NewTaskAsync(documentId, new { title = "held", assignee = worker.UserId, dueAt = now.AddHours(1) });
        var offered = await admin.NewTaskAsync(documentId, new { title = "offered", candidateRoles = new[] { FlowDocsRoles.Reviewer }, dueAt = now.AddHours(2) });
        var later = await admin.NewTaskAsync(documentId, new { title = "later", assignee = worker.UserId, dueAt = now.AddDays(2) });
        var undated = await admin.NewTaskAsync(documentId, new { title = "undated", assignee = worker.UserId });

        var before = await host.Client(worker).InboxAsync("view=Overdue");
        host.Time.Advance(TimeSpan.FromHours(3));
        var workerOverdue = await host.Client(worker).InboxAsync("view=Overdue");
        var reviewerOverdue = await host.Client(reviewer).InboxAsync("view=Overdue");
        var outsiderOverdue = await host.Client(outsider).InboxAsync("view=Overdue");
        var heldNow = await host.Client(worker).GetTaskAsync(held.Id);
        var assigned = await host.Client(worker).InboxAsync();

        Assert.Empty(before.Items);
        Assert.False(held.IsOverdue);
        Assert.Equal([held.Id], workerOverdue.Ids());
        Assert.Equal([offered.Id], reviewerOverdue.Ids());
        Assert.Empty(outsiderOverdue.Items);
        Assert.True(heldNow.IsOverdue);
        Assert.Equal([true, false, false], assigned.Items.Select(t => t.IsOverdue));
        Assert.Equal([held.Id, later.Id, undated.Id], assigned.Ids());
    }

    [Fact]
    public async Task Overdue_view_holds_tasks_I_hold_and_could_pick_up_sorted_and_filtered()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        var otherDocument = await admin.UploadDocumentAsync();
        var now = host.Time.GetUtcNow();
        var mineLow = await admin.NewTaskAsync(documentId, new { title = "mine", priority = "Low", assignee = reviewer.UserId, dueAt = now.AddMinutes(10) });
        var offeredUrgent = await admin.NewTaskAsync(otherDocument, new { title = "offered", priority = "Urgent", candidateRoles = new[] { FlowDocsRoles.Reviewer }, dueAt = now.AddMinutes(20) });

        host.Time.Advance(TimeSpan.FromHours(1));
        var byDue = await host.Client(reviewer).InboxAsync("view=Overdue");
        var byPriority = await host.Client(reviewer).InboxAsync("view=Overdue&sort=Priority");
        var urgentOnly = await host.Client(reviewer).InboxAsync("view=Overdue&priority=Urgent");
        var onDocument = await host.Client(reviewer).InboxAsync($"view=Overdue&documentId={documentId}");
        var firstPage = await host.Client(reviewer).InboxAsync("view=Overdue&pageSize=1");

        Assert.Equal([mineLow.Id, offeredUrgent.Id], byDue.Ids());
        Assert.All(byDue.Items, t => Assert.True(t.IsOverdue));
        Assert.Equal([offeredUrgent.Id, mineLow.Id], byPriority.Ids());
        Assert.Equal([offeredUrgent.Id], urgentOnly.Ids());
        Assert.Equal([mineLow.Id], onDocument.Ids());
        Assert.Equal([mineLow.Id], firstPage.Ids());
        Assert.True(firstPage.HasMore);
    }

    [Fact]
    public async Task Overdue_pages_interleave_held_and_offered_tasks_by_due_date()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        var now = host.Time.GetUtcNow();
        var reviewers = new[] { FlowDocsRoles.Reviewer };
        var held10 = await admin.NewTaskAsync(documentId, new { title = "held 10", assignee = reviewer.UserId, dueAt = now.AddMinutes(10) });
        var offered20 = await admin.NewTaskAsync(documentId, new { title = "offered 20", candidateRoles = reviewers, dueAt = now.AddMinutes(20) });
        var held30 = await admin.NewTaskAsync(documentId, new { title = "held 30", priority = "Urgent", assignee = reviewer.UserId, dueAt = now.AddMinutes(30) });
        var offered40 = await admin.NewTaskAsync(documentId, new { title = "offered 40", priority = "High", candidateUsers = new[] { reviewer.UserId }, dueAt = now.AddMinutes(40) });
        await admin.NewTaskAsync(documentId, new { title = "offered, not yet due", candidateRoles = reviewers, dueAt = now.AddHours(5) });

        host.Time.Advance(TimeSpan.FromHours(1));
        var first = await host.Client(reviewer).InboxAsync("view=Overdue&pageSize=3");
        var second = await host.Client(reviewer).InboxAsync("view=Overdue&pageSize=3&page=2");
        var byPriority = await host.Client(reviewer).InboxAsync("view=Overdue&sort=Priority");
        var openOnly = await host.Client(reviewer).InboxAsync("view=Overdue&status=Open");

        Assert.Equal([held10.Id, offered20.Id, held30.Id], first.Ids());
        Assert.True(first.HasMore);
        Assert.Equal([offered40.Id], second.Ids());
        Assert.False(second.HasMore);
        Assert.Equal([held30.Id, offered40.Id, held10.Id, offered20.Id], byPriority.Ids());
        // Tasks assigned at creation are Claimed; offers are Open.
        Assert.Equal([offered20.Id, offered40.Id], openOnly.Ids());
    }

    [Fact]
    public async Task Closed_tasks_are_never_overdue()
    {
        var tenant = await host.NewTenantAsync();
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var admin = host.Client(tenant.Admin);
        var documentId = await admin.UploadDocumentAsync();
        var due = host.Time.GetUtcNow().AddMinutes(30);
        var done = await admin.NewTaskAsync(documentId, new { title = "done", assignee = worker.UserId, dueAt = due });
        var cancelled = await admin.NewTaskAsync(documentId, new { title = "cancelled", assignee = worker.UserId, dueAt = due });
        var open = await admin.NewTaskAsync(documentId, new { title = "open", assignee = worker.UserId, dueAt = due });

        host.Time.Advance(TimeSpan.FromHours(1));
        var completed = await host.Client(worker).ActOkAsync(done.Id, "complete", new { outcome = "Done" });
        await admin.ActOkAsync(cancelled.Id, "cancel");

        Assert.Equal([open.Id], (await host.Client(worker).InboxAsync("view=Overdue")).Ids());
        Assert.False(completed.IsOverdue);
        Assert.False((await admin.GetTaskAsync(cancelled.Id)).IsOverdue);
        Assert.Equal(
            [true, false, false],
            (await admin.DocumentTasksAsync(documentId, "sort=Created")).Items.Select(t => t.IsOverdue));
    }
}
