using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Data.Workflows;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using static FlowDocs.Tasks.Tests.Workflows.ApprovalHost;
using static FlowDocs.Testing.TestWaits;

namespace FlowDocs.Tasks.Tests.Workflows;

/// <summary>
/// Issue 18, "Approval integrity", as a new user would try it: each scenario of the issue through HTTP on the
/// shipped document-approval workflow, on both store profiles.
/// </summary>
public sealed class ApprovalIntegrityTests
{
    private const string ReviewTitle = "Review version";
    private const string ReviseTitle = "Revise the document";

    public static TheoryData<StoreProfile> Profiles => [StoreProfile.Embedded, StoreProfile.Production];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_member_cannot_set_or_create_a_process_status_and_an_admin_override_needs_a_reason(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var uploader = await host.UserAsync("uploader");
        await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var admin = await host.UserAsync("admin", FlowDocsRoles.Admin);
        var documentId = await host.UploadAsync(uploader);
        await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 1);
        Assert.Equal("InReview", await host.StatusAsync(uploader, documentId));

        // The member: 403 for the status, with or without a reason; other fields stay editable.
        var member = host.As(uploader);
        var forbidden = await member.PatchAsJsonAsync($"/api/documents/{documentId}", new { status = "Approved" }, Ct);
        Assert.Contains("approval workflow", (await Expect(forbidden, HttpStatusCode.Forbidden))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await Expect(await member.PatchAsJsonAsync($"/api/documents/{documentId}", new { status = "Draft", reason = "mine" }, Ct), HttpStatusCode.Forbidden);
        var renamed = await Expect(await member.PatchAsJsonAsync($"/api/documents/{documentId}", new { title = "Renamed" }, Ct), HttpStatusCode.OK);
        Assert.Equal("Renamed", renamed["title"]!.GetValue<string>());
        Assert.Equal("InReview", await host.StatusAsync(uploader, documentId));

        // Created already approved: 422 naming the field.
        using (var content = new ByteArrayContent("%PDF-1.7\nfresh"u8.ToArray()))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            var created = await Expect(await member.PostAsync("/api/documents?fileName=a.pdf&status=Approved", content, Ct), HttpStatusCode.UnprocessableEntity);
            Assert.NotNull(created["errors"]!["status"]);
        }

        // The admin without a reason: 422 naming reason; with one: an override, audited and recorded as a decision.
        var adminClient = host.As(admin);
        var noReason = await Expect(await adminClient.PatchAsJsonAsync($"/api/documents/{documentId}", new { status = "Approved" }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(noReason["errors"]!["reason"]);
        Assert.Equal("InReview", await host.StatusAsync(uploader, documentId));
        var overridden = await Expect(
            await adminClient.PatchAsJsonAsync($"/api/documents/{documentId}", new { status = "Approved", reason = "Signed on paper by the board" }, Ct), HttpStatusCode.OK);
        Assert.Equal("Approved", overridden["status"]!.GetValue<string>());

        var history = (await Expect(await member.GetAsync($"/api/documents/{documentId}/history", Ct), HttpStatusCode.OK))["items"]!.AsArray();
        var audit = Assert.Single(history, e => e!["action"]!.GetValue<string>() == "document.status-overridden")!;
        Assert.Equal(admin.UserId, audit["actor"]!.GetValue<string>());
        Assert.Equal("Signed on paper by the board", audit["after"]!["reason"]!.GetValue<string>());
        var decision = Assert.Single(await DecisionsAsync(host, uploader, documentId))!;
        Assert.Equal(("Override", "Approved", 1, admin.UserId, "Signed on paper by the board"), (
            decision["kind"]!.GetValue<string>(), decision["outcome"]!.GetValue<string>(), decision["versionNumber"]!.GetValue<int>(),
            decision["decidedBy"]!.GetValue<string>(), decision["comment"]!.GetValue<string>()));
        Assert.Equal(64, decision["versionSha256"]!.GetValue<string>().Length);

        // The decisions endpoints' failure cases.
        await Expect(await member.GetAsync($"/api/documents/{Guid.NewGuid()}/decisions", Ct), HttpStatusCode.NotFound);
        await Expect(await member.GetAsync($"/api/documents/{documentId}/versions/9/decisions", Ct), HttpStatusCode.NotFound);
        Assert.Single((await Expect(await member.GetAsync($"/api/documents/{documentId}/versions/1/decisions", Ct), HttpStatusCode.OK))["items"]!.AsArray());
        var otherTenant = host.As(TestUser.Admin(Guid.NewGuid()));
        await Expect(await otherTenant.GetAsync($"/api/documents/{documentId}/decisions", Ct), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_newer_version_withdraws_the_older_review_and_a_late_decision_on_it_never_changes_the_status(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var uploader = await host.UserAsync("uploader");
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(uploader);
        var first = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 1), ReviewTitle).Single();

        await AddVersionAsync(host, uploader, documentId);
        var tasks = await EventuallyAsync(
            () => host.TasksAsync(uploader, documentId),
            all => Titled(all, ReviewTitle).Count() == 2 && Titled(all, ReviewTitle).Single(t => Version(t) == 1)["status"]!.GetValue<string>() == "Cancelled",
            "the v1 review to be withdrawn and a v2 review to exist");
        var second = Titled(tasks, ReviewTitle).Single(t => Version(t) == 2);
        Assert.Equal("Claimed", second["status"]!.GetValue<string>());

        // The reviewer sees why their task went away; the v1 instance ended as superseded.
        var withdrawn = await Expect(await host.As(alice).GetAsync($"/api/tasks/{first["id"]}", Ct), HttpStatusCode.OK);
        Assert.Contains(withdrawn["comments"]!.AsArray(), c => c!["text"]!.GetValue<string>().Contains("superseded by version 2", StringComparison.Ordinal));
        var instances = await host.WithDbAsync(db => db.Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.CorrelationId == documentId.ToString()).OrderBy(i => i.CreatedAt).Select(i => i.SubStatus).ToListAsync(Ct));
        Assert.Equal(WorkflowSubStatus.Superseded, instances[0]);

        await Expect(await host.CompleteAsync(alice, second, "Approve"), HttpStatusCode.OK);
        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "v2 to be approved");

        // Issue scenario 2: rejecting the old review afterwards is refused and changes nothing.
        await Expect(await host.CompleteAsync(alice, first, "Reject", confirmNewerVersion: true), HttpStatusCode.Conflict);
        Assert.Equal("Approved", await host.StatusAsync(uploader, documentId));

        var decision = Assert.Single(await DecisionsAsync(host, uploader, documentId))!;
        Assert.Equal(("Workflow", "Approved", 2, alice.UserId, "Approve by alice", "document-approval"), (
            decision["kind"]!.GetValue<string>(), decision["outcome"]!.GetValue<string>(), decision["versionNumber"]!.GetValue<int>(),
            decision["decidedBy"]!.GetValue<string>(), decision["comment"]!.GetValue<string>(), decision["workflowDefinitionId"]!.GetValue<string>()));
        Assert.True(decision["workflowDefinitionVersion"]!.GetValue<int>() >= 1);
        Assert.Equal(alice.UserId, Assert.Single(decision["votes"]!.AsArray())!["by"]!.GetValue<string>());
        Assert.DoesNotContain(Titled(await host.TasksAsync(uploader, documentId), ReviewTitle), t => Version(t) == 1 && IsOpen(t));
    }

    [Fact]
    public async Task With_keep_the_older_review_stays_open_and_its_rejection_is_recorded_on_its_version_only()
    {
        await using var host = await StartAsync(StoreProfile.Embedded, ShippedApproval(d => SetInput(d, "review", "whenNewerVersion", "Keep")));
        var uploader = await host.UserAsync("uploader");
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(uploader);
        await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 1);
        await AddVersionAsync(host, uploader, documentId);
        var reviews = Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 2), ReviewTitle).ToList();
        Assert.All(reviews, t => Assert.True(IsOpen(t)));

        await Expect(await host.CompleteAsync(alice, reviews.Single(t => Version(t) == 2), "Approve"), HttpStatusCode.OK);
        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "v2 to be approved");
        await Expect(await host.CompleteAsync(alice, reviews.Single(t => Version(t) == 1), "Reject", confirmNewerVersion: true), HttpStatusCode.OK);

        var onV1 = await EventuallyAsync(
            async () => (await Expect(await host.As(uploader).GetAsync($"/api/documents/{documentId}/versions/1/decisions", Ct), HttpStatusCode.OK))["items"]!.AsArray(),
            items => items.Count == 1, "the v1 rejection to be recorded");
        Assert.Equal("Rejected", onV1[0]!["outcome"]!.GetValue<string>());
        Assert.Equal("Approved", await host.StatusAsync(uploader, documentId));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task The_uploader_never_reviews_their_own_version(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var bob = await host.UserAsync("bob", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(alice);
        var review = Assert.Single(Titled(await host.TasksEventuallyAsync(alice, documentId, ReviewTitle, 1), ReviewTitle));
        Assert.Equal(bob.UserId, review["assignee"]!.GetValue<string>());
        await Expect(await host.CompleteAsync(bob, review, "Approve"), HttpStatusCode.OK);
        await EventuallyAsync(() => host.StatusAsync(alice, documentId), s => s == "Approved", "the document to be approved by bob");
    }

    [Fact]
    public async Task A_lone_admin_reviews_others_versions_but_cannot_approve_their_own()
    {
        await using var host = await StartAsync(StoreProfile.Embedded);
        var admin = await host.UserAsync("admin", FlowDocsRoles.Admin);
        var member = await host.UserAsync("member");

        var own = await host.UploadAsync(admin);
        var ownReview = Assert.Single(Titled(await host.TasksEventuallyAsync(admin, own, ReviewTitle, 1), ReviewTitle));
        Assert.Equal(admin.UserId, ownReview["excludedUser"]!.GetValue<string>());
        var refused = await Expect(await host.CompleteAsync(admin, ownReview, "Approve"), HttpStatusCode.Forbidden);
        Assert.Contains("four eyes", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("InReview", await host.StatusAsync(admin, own));

        // Nor can they take it: claiming the administrators' fallback review of their own version is refused the same
        // way, and nobody can hand it to them either; the task stays offered to the other administrators.
        var claim = await Expect(await host.As(admin).PostAsync($"/api/tasks/{ownReview["id"]}/claim", null, Ct), HttpStatusCode.Forbidden);
        Assert.Contains("which you uploaded; someone else must decide on it (four eyes)", claim["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var secondAdmin = await host.UserAsync("second-admin", FlowDocsRoles.Admin);
        var handed = await Expect(
            await host.As(secondAdmin).PostAsJsonAsync($"/api/tasks/{ownReview["id"]}/delegate", new { assignee = admin.UserId }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("four eyes", handed["errors"]!["assignee"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var stillOffered = await Expect(await host.As(admin).GetAsync($"/api/tasks/{ownReview["id"]}", Ct), HttpStatusCode.OK);
        Assert.Equal("Open", stillOffered["status"]!.GetValue<string>());
        Assert.Null(stillOffered["assignee"]?.GetValue<string>());
        await Expect(await host.As(secondAdmin).PostAsync($"/api/tasks/{ownReview["id"]}/claim", null, Ct), HttpStatusCode.OK);

        var theirs = await host.UploadAsync(member);
        var review = Assert.Single(Titled(await host.TasksEventuallyAsync(member, theirs, ReviewTitle, 1), ReviewTitle));
        await Expect(await host.CompleteAsync(admin, review, "Approve"), HttpStatusCode.OK);
        await EventuallyAsync(() => host.StatusAsync(member, theirs), s => s == "Approved", "the member's document to be approved by the admin");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task On_a_fresh_install_without_reviewers_the_review_goes_to_the_administrators_with_the_reason(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var uploader = await host.UserAsync("uploader");
        var admin = await host.UserAsync("admin", FlowDocsRoles.Admin);
        var documentId = await host.UploadAsync(uploader);

        var review = Assert.Single(Titled(await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 1), ReviewTitle));
        Assert.Equal(["Admin"], review["candidates"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("Role 'Reviewer' has no active members", review["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var detail = await Expect(await host.As(admin).GetAsync($"/api/tasks/{review["id"]}", Ct), HttpStatusCode.OK);
        Assert.Contains(detail["comments"]!.AsArray(), c => c!["text"]!.GetValue<string>().Contains("administrators", StringComparison.Ordinal));
        Assert.Equal(0, await host.WithDbAsync(db => db.Set<WorkflowInstance>().IgnoreQueryFilters().CountAsync(i => i.SubStatus == WorkflowSubStatus.Faulted, Ct)));

        await Expect(await host.CompleteAsync(admin, review, "Approve"), HttpStatusCode.OK);
        await EventuallyAsync(() => host.StatusAsync(uploader, documentId), s => s == "Approved", "the administrator's approval");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_rejected_version_uploaded_by_a_service_client_is_revised_by_the_documents_owner(StoreProfile profile)
    {
        await using var host = await StartAsync(profile);
        var service = new TestUser(host.Tenant, $"svc-{Guid.NewGuid():N}", FlowDocsRoles.Member);
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var carol = await host.UserAsync("carol");
        var documentId = await host.UploadAsync(service);
        var document = await Expect(await host.As(service).GetAsync($"/api/documents/{documentId}", Ct), HttpStatusCode.OK);
        Assert.Null(document["owner"]);
        await Expect(await host.As(carol).PatchAsJsonAsync($"/api/documents/{documentId}", new { owner = "nobody-here" }, Ct), HttpStatusCode.UnprocessableEntity);
        await Expect(await host.As(carol).PatchAsJsonAsync($"/api/documents/{documentId}", new { owner = carol.UserId }, Ct), HttpStatusCode.OK);

        var review = Assert.Single(Titled(await host.TasksEventuallyAsync(alice, documentId, ReviewTitle, 1), ReviewTitle));
        await Expect(await host.CompleteAsync(alice, review, "Reject"), HttpStatusCode.OK);
        var revise = Assert.Single(Titled(await host.TasksEventuallyAsync(alice, documentId, ReviseTitle, 1), ReviseTitle));
        Assert.Equal(carol.UserId, revise["assignee"]!.GetValue<string>());
        Assert.Equal("Rejected", await host.StatusAsync(carol, documentId));
        Assert.Equal(0, await host.WithDbAsync(db => db.Set<WorkflowInstance>().IgnoreQueryFilters().CountAsync(i => i.SubStatus == WorkflowSubStatus.Faulted, Ct)));
    }

    [Fact]
    public async Task Without_an_owner_the_revise_task_of_a_service_clients_version_goes_to_the_administrators()
    {
        await using var host = await StartAsync(StoreProfile.Embedded);
        var service = new TestUser(host.Tenant, $"svc-{Guid.NewGuid():N}", FlowDocsRoles.Member);
        var alice = await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var documentId = await host.UploadAsync(service);
        var review = Assert.Single(Titled(await host.TasksEventuallyAsync(alice, documentId, ReviewTitle, 1), ReviewTitle));
        await Expect(await host.CompleteAsync(alice, review, "Reject"), HttpStatusCode.OK);

        var revise = Assert.Single(Titled(await host.TasksEventuallyAsync(alice, documentId, ReviseTitle, 1), ReviseTitle));
        Assert.Null(revise["assignee"]);
        Assert.Contains("Admin", revise["candidates"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_faulted_instance_is_listed_as_needing_attention_with_its_reason_and_retried_from_there(StoreProfile profile)
    {
        await using var host = await StartAsync(profile, ShippedApproval(d =>
        {
            SetInput(d, "review", "mode", "Quorum");
            SetInput(d, "review", "quorum", "2");
        }));
        var uploader = await host.UserAsync("uploader");
        await host.UserAsync("alice", FlowDocsRoles.Reviewer);
        var admin = await host.UserAsync("admin", FlowDocsRoles.Admin);
        var documentId = await host.UploadAsync(uploader);

        var items = await EventuallyAsync(
            async () => (await Expect(await host.As(admin).GetAsync("/api/workflows/attention", Ct), HttpStatusCode.OK))["items"]!.AsArray(),
            list => list.Count == 1, "the faulted instance to need attention");
        var item = items[0]!;
        Assert.Equal(documentId.ToString(), item["instance"]!["correlationId"]!.GetValue<string>());
        Assert.Equal("review", item["activityId"]!.GetValue<string>());
        Assert.Contains("quorum 2 is larger than the 1 reviewers", item["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(documentId.ToString(), item["documentId"]!.GetValue<string>());
        Assert.Equal("contract", item["documentTitle"]!.GetValue<string>());
        Assert.Equal("Document approval", item["instance"]!["name"]!.GetValue<string>());
        await Expect(await host.As(uploader).GetAsync("/api/workflows/attention", Ct), HttpStatusCode.Forbidden);
        await Expect(await host.As(admin).GetAsync("/api/workflows/attention?pageSize=0", Ct), HttpStatusCode.BadRequest);

        // Fixed by adding a reviewer, then retried from the list: the review goes out and nothing needs attention.
        await host.UserAsync("bob", FlowDocsRoles.Reviewer);
        await Expect(await host.As(admin).PostAsync(item["retryUrl"]!.GetValue<string>(), null, Ct), HttpStatusCode.Accepted);
        await host.TasksEventuallyAsync(uploader, documentId, ReviewTitle, 2);
        Assert.Empty((await Expect(await host.As(admin).GetAsync("/api/workflows/attention", Ct), HttpStatusCode.OK))["items"]!.AsArray());
    }

    internal static int Version(JsonNode task) => task["documentVersionNumber"]!.GetValue<int>();

    internal static bool IsOpen(JsonNode task) => task["status"]!.GetValue<string>() is "Open" or "Claimed";

    internal static async Task<JsonArray> DecisionsAsync(ApprovalHost host, TestUser user, Guid documentId) =>
        (await Expect(await host.As(user).GetAsync($"/api/documents/{documentId}/decisions", Ct), HttpStatusCode.OK))["items"]!.AsArray();

    internal static async Task AddVersionAsync(ApprovalHost host, TestUser uploader, Guid documentId)
    {
        using var content = new ByteArrayContent([.. "%PDF-1.7\n"u8.ToArray(), .. Guid.NewGuid().ToByteArray()]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await Expect(await host.As(uploader).PostAsync($"/api/documents/{documentId}/versions?fileName=contract.pdf", content, Ct), HttpStatusCode.Created);
    }
}
