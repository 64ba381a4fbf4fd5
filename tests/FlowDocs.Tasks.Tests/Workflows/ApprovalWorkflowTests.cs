using System.Net;
using System.Text.Json.Nodes;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Data.Events;
using FlowDocs.Data.Workflows;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FlowDocs.Tasks.Tests.Workflows.ApprovalHost;
using static FlowDocs.Testing.TestWaits;

namespace FlowDocs.Tasks.Tests.Workflows;

/// <summary>The shipped document-approval workflow, end to end over HTTP: upload → review tasks → decision → status.</summary>
public sealed class ApprovalWorkflowTests
{
    private const string ReviewTitle = "Review version";
    private const string ReviseTitle = "Revise the document";
    private const string OverdueTitle = "Review overdue";

    public static TheoryData<StoreProfile> Profiles => [StoreProfile.Embedded, StoreProfile.Production];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Upload_goes_to_review_and_is_approved_when_every_reviewer_approves(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var uploader = await host.UserAsync("uploader");
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var bob = await host.UserAsync("bob", FlowDocsRoles.Reviewer);

        var documentId = await host.UploadAsync(uploader);
        var tasks = await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 2);
        Assert.Equal("InReview", await host.StatusAsync(uploader, documentId));
        var reviews = Titled(tasks, ReviewTitle).ToList();
        Assert.Equal([alice.UserId, bob.UserId], reviews.Select(t => t["assignee"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList());
        Assert.All(reviews, t =>
        {
            Assert.Equal(1, t["documentVersionNumber"]!.GetValue<int>());
            Assert.Equal(["Approve", "Reject"], t["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
            Assert.NotNull(t["dueAt"]);
        });

        await Expect(await host.CompleteAsync(alice, reviews.Single(t => t["assignee"]!.GetValue<string>() == alice.UserId), "Approve"), HttpStatusCode.OK);
        await Task.Delay(300, Ct);
        Assert.Equal("InReview", await host.StatusAsync(uploader, documentId));
        await Expect(await host.CompleteAsync(bob, reviews.Single(t => t["assignee"]!.GetValue<string>() == bob.UserId), "Approve"), HttpStatusCode.OK);

        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "the document to be approved");
        Assert.Empty(Titled(await host.TasksAsync(uploader, documentId), ReviseTitle));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task The_upload_answer_reports_the_status_the_approval_workflow_gave_the_document(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var uploader = await host.UserAsync("uploader");
        await host.UserAsync("alice", FlowDocsRoles.Reviewer);

        var answer = await host.UploadAnswerAsync(uploader);

        var documentId = Guid.Parse(answer["document"]!["id"]!.GetValue<string>());
        Assert.Equal(await host.StatusAsync(uploader, documentId), answer["document"]!["status"]!.GetValue<string>());
        Assert.Equal("InReview", answer["document"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_workflow_resume_after_an_approval_neither_fails_the_reviewer_nor_loses_the_decision()
    {
        var failures = new FailFirstCall();
        await using var host = await StartAsync(StoreProfile.Embedded, services: s => failures.Wrap<UserTaskCompleted>(s));
        var uploader = await host.UserAsync("uploader");
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(uploader);
        var review = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 1), ReviewTitle).Single();

        // The resume throws (as a deadlock or a lost connection would): the reviewer still gets 200, the decision is stored.
        await Expect(await host.CompleteAsync(alice, review, "Approve"), HttpStatusCode.OK);
        Assert.Equal(1, failures.Failed);
        Assert.Equal("InReview", await host.StatusAsync(uploader, documentId));
        var stored = await host.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.TenantId == host.Tenant).ToListAsync(Ct));
        Assert.Contains("resume failed on purpose", Assert.Single(stored).LastError, StringComparison.Ordinal);

        // Once its back-off has passed, the sweep delivers it and the workflow goes on.
        await host.WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.TenantId == host.Tenant)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1)), Ct));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxJobs>().SweepAsync(Ct);
        }

        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "the document to be approved by the retried resume");
        Assert.Empty(await host.WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.TenantId == host.Tenant).ToListAsync(Ct)));
    }

    /// <summary>Wraps the module's handler of an event so that its first call throws.</summary>
    private sealed class FailFirstCall
    {
        private int _calls;

        public int Failed { get; private set; }

        public void Wrap<TEvent>(IServiceCollection services)
        {
            var index = services.ToList().FindIndex(d => d.ServiceType == typeof(IEventHandler<TEvent>));
            var original = services[index].ImplementationType!;
            services[index] = ServiceDescriptor.Scoped<IEventHandler<TEvent>>(sp => new Handler<TEvent>(this, (IEventHandler<TEvent>)ActivatorUtilities.CreateInstance(sp, original)));
        }

        private sealed class Handler<TEvent>(FailFirstCall owner, IEventHandler<TEvent> inner) : IEventHandler<TEvent>
        {
            public Task HandleAsync(TEvent payload, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref owner._calls) == 1)
                {
                    owner.Failed++;
                    throw new InvalidOperationException("The workflow resume failed on purpose.");
                }

                return inner.HandleAsync(payload, cancellationToken);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task One_rejection_rejects_cancels_the_open_review_and_gives_the_uploader_a_revise_task(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var uploader = await host.UserAsync("uploader");
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var bob = await host.UserAsync("bob", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(uploader);
        var reviews = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 2), ReviewTitle).ToList();

        await Expect(await host.CompleteAsync(alice, reviews.Single(t => t["assignee"]!.GetValue<string>() == alice.UserId), "Reject"), HttpStatusCode.OK);

        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Rejected", "the document to be rejected");
        var tasks = await host.TasksEventuallyAsync(uploader, documentId, ReviseTitle, 1);
        var revise = Assert.Single(Titled(tasks, ReviseTitle));
        Assert.Equal(uploader.UserId, revise["assignee"]!.GetValue<string>());
        var bobsReview = Titled(tasks, ReviewTitle).Single(t => t["assignee"]!.GetValue<string>() == bob.UserId);
        Assert.Equal("Cancelled", bobsReview["status"]!.GetValue<string>());
        var late = await Expect(await host.CompleteAsync(bob, bobsReview, "Approve"), HttpStatusCode.Conflict);
        Assert.Contains("cancelled", late["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Quorum_of_two_of_three_approves_and_cancels_the_third_review()
    {
        var edited = ShippedApproval(d =>
        {
            SetInput(d, "review", "mode", "Quorum");
            SetInput(d, "review", "quorum", "60%");
        });
        await using var host = await StartAsync(StoreProfile.Embedded, edited);
        var uploader = await host.UserAsync("uploader");
        var reviewers = new[] { await host.UserAsync("r1", FlowDocsRoles.Reviewer), await host.UserAsync("r2", FlowDocsRoles.Reviewer), await host.UserAsync("r3", FlowDocsRoles.Reviewer) };
        var documentId = await host.UploadAsync(uploader);
        var reviews = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 3), ReviewTitle).ToList();
        JsonNode ReviewOf(TestUser user) => reviews.Single(t => t["assignee"]!.GetValue<string>() == user.UserId);

        await Expect(await host.CompleteAsync(reviewers[0], ReviewOf(reviewers[0]), "Approve"), HttpStatusCode.OK);
        await Expect(await host.CompleteAsync(reviewers[1], ReviewOf(reviewers[1]), "Reject"), HttpStatusCode.OK);
        await Task.Delay(300, Ct);
        Assert.Equal("InReview", await host.StatusAsync(uploader, documentId));
        await Expect(await host.CompleteAsync(reviewers[2], ReviewOf(reviewers[2]), "Approve"), HttpStatusCode.OK);

        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "the quorum to approve");
    }

    [Fact]
    public async Task Quorum_decides_early_and_cancels_the_outstanding_review()
    {
        var edited = ShippedApproval(d =>
        {
            SetInput(d, "review", "mode", "Quorum");
            SetInput(d, "review", "quorum", "2");
        });
        await using var host = await StartAsync(StoreProfile.Embedded, edited);
        var uploader = await host.UserAsync("uploader");
        var reviewers = new[] { await host.UserAsync("r1", FlowDocsRoles.Reviewer), await host.UserAsync("r2", FlowDocsRoles.Reviewer), await host.UserAsync("r3", FlowDocsRoles.Reviewer) };
        var documentId = await host.UploadAsync(uploader);
        var reviews = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 3), ReviewTitle).ToList();
        JsonNode ReviewOf(TestUser user) => reviews.Single(t => t["assignee"]!.GetValue<string>() == user.UserId);

        await Expect(await host.CompleteAsync(reviewers[0], ReviewOf(reviewers[0]), "Approve"), HttpStatusCode.OK);
        await Expect(await host.CompleteAsync(reviewers[1], ReviewOf(reviewers[1]), "Approve"), HttpStatusCode.OK);

        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "the quorum to approve");
        var third = await EventuallyAsync(
            async () => Titled(await host.TasksAsync(uploader, documentId), ReviewTitle).Single(t => t["assignee"]!.GetValue<string>() == reviewers[2].UserId)["status"]!.GetValue<string>(),
            s => s == "Cancelled", "the third review to be cancelled");
        Assert.Equal("Cancelled", third);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Fifty_concurrent_completions_of_one_review_one_wins_and_the_workflow_resumes_once(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var uploader = await host.UserAsync("uploader");
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(uploader);
        var review = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 1), ReviewTitle).Single();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => host.CompleteAsync(alice, review, "Approve")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "the document to be approved");
        var resumed = await host.WithDbAsync(async db =>
        {
            var instance = await db.Set<WorkflowInstance>().IgnoreQueryFilters().SingleAsync(i => i.CorrelationId == documentId.ToString(), Ct);
            return await db.Set<WorkflowJournalEntry>().IgnoreQueryFilters()
                .CountAsync(j => j.InstanceId == instance.Id && j.ActivityId == "review" && j.EventName == "Resumed", Ct);
        });
        Assert.Equal(1, resumed);
    }

    [Fact]
    public async Task Cancelling_the_workflow_cancels_its_open_review_tasks()
    {
        await using var host = await StartAsync(StoreProfile.Embedded);
        var uploader = await host.UserAsync("uploader");
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var designer = host.As(new TestUser(host.Tenant, "designer-1", FlowDocsRoles.Designer, FlowDocsRoles.Member));
        var documentId = await host.UploadAsync(uploader);
        var review = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 1), ReviewTitle).Single();
        var instances = await Expect(await designer.GetAsync($"/api/workflows/instances?correlationId={documentId}", Ct), HttpStatusCode.OK);
        var instanceId = Assert.Single(instances["items"]!.AsArray())!["id"]!.GetValue<string>();

        await Expect(await designer.PostAsync($"/api/workflows/instances/{instanceId}/cancel", null, Ct), HttpStatusCode.NoContent);

        var cancelled = await Expect(await host.As(alice).GetAsync($"/api/tasks/{review["id"]}", Ct), HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Contains(cancelled["comments"]!.AsArray(), c => c!["text"]!.GetValue<string>().Contains("workflow was cancelled", StringComparison.Ordinal));
        await Expect(await host.CompleteAsync(alice, review, "Approve"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_overdue_review_escalates_to_the_tenant_admins_and_stays_open_until_decided()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(StoreProfile.Embedded, services: s => s.AddSingleton<TimeProvider>(clock));
        var uploader = await host.UserAsync("uploader");
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var admin = await host.UserAsync("admin", FlowDocsRoles.Admin);
        var documentId = await host.UploadAsync(uploader);
        var review = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 1), ReviewTitle).Single();

        // Three days later on the server's clock, the due-time timer (a scheduled Hangfire job) runs.
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await host.RunDueTimersAsync(clock.GetUtcNow());

        var tasks = await host.TasksEventuallyAsync(uploader, documentId, OverdueTitle, 1);
        var escalation = Titled(tasks, OverdueTitle).Single();
        Assert.Equal([FlowDocsRoles.Admin], escalation["candidates"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        var overdue = await Expect(await host.As(alice).GetAsync("/api/tasks?view=Overdue", Ct), HttpStatusCode.OK);
        Assert.Contains(overdue["items"]!.AsArray(), t => t!["id"]!.GetValue<string>() == review["id"]!.GetValue<string>());
        var adminInbox = await Expect(await host.As(admin).GetAsync("/api/tasks?view=Candidate", Ct), HttpStatusCode.OK);
        Assert.Contains(adminInbox["items"]!.AsArray(), t => t!["id"]!.GetValue<string>() == escalation["id"]!.GetValue<string>());
        Assert.Equal("InReview", await host.StatusAsync(uploader, documentId));

        await Expect(await host.CompleteAsync(alice, review, "Approve"), HttpStatusCode.OK);
        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "the late approval to count");
        // The workflow finishes once decided: the escalation nobody acknowledged is withdrawn with it.
        var withdrawn = await EventuallyAsync(
            async () => (await Expect(await host.As(admin).GetAsync($"/api/tasks/{escalation["id"]}", Ct), HttpStatusCode.OK))["status"]!.GetValue<string>(),
            s => s == "Cancelled", "the escalation to be withdrawn");
        Assert.Equal("Cancelled", withdrawn);
    }
}
