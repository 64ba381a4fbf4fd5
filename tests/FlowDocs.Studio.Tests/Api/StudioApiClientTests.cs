using System.Net.Http.Json;
using System.Text;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;
using FlowDocs.Testing;

namespace FlowDocs.Studio.Tests.Api;

/// <summary>The Studio's API client against the real API: what the pages get is what the modules answer.</summary>
public sealed class StudioApiClientTests(StudioHost host) : IClassFixture<StudioHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<UploadedVersion> UploadAsync(StudioApiClient studio, string fileName, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var sent = new List<long>();
        await using var content = new ProgressStream(new MemoryStream(bytes), sent.Add);
        var uploaded = await studio.UploadDocumentAsync(fileName, "text/plain", bytes.Length, content, Ct);
        Assert.Equal(bytes.Length, sent[^1]);
        return uploaded;
    }

    [Fact]
    public async Task Uploaded_documents_are_listed_searched_filtered_and_read_with_their_versions()
    {
        var studio = host.Studio(TestUser.Member(Guid.NewGuid()));
        var contract = await UploadAsync(studio, "contract.txt", "the contract");
        await UploadAsync(studio, "invoice.txt", "the invoice");

        Assert.Equal(("contract", "Draft", 1), (contract.Document.Title, contract.Document.Status, contract.Version.Number));
        var all = await studio.ListDocumentsAsync(new DocumentQuery(), Ct);
        Assert.Equal(["invoice", "contract"], all.Items.Select(d => d.Title));
        var searched = await studio.ListDocumentsAsync(new DocumentQuery("contr"), Ct);
        Assert.Equal([contract.Document.Id], searched.Items.Select(d => d.Id));
        Assert.Empty((await studio.ListDocumentsAsync(new DocumentQuery(Status: "Approved"), Ct)).Items);
        var paged = await studio.ListDocumentsAsync(new DocumentQuery(PageSize: 1), Ct);
        Assert.True(paged.HasMore);
        Assert.Equal(["contract"], (await studio.ListDocumentsAsync(new DocumentQuery(Cursor: paged.NextCursor, PageSize: 1), Ct)).Items.Select(d => d.Title));

        var document = await studio.GetDocumentAsync(contract.Document.Id, Ct);
        var versions = await studio.ListVersionsAsync(contract.Document.Id, Ct);
        Assert.Equal("contract.txt", document.CurrentFileName);
        Assert.Equal([(1, 12L, "contract.txt")], versions.Select(v => (v.Number, v.Size, v.FileName)));
        Assert.Empty((await studio.ListDocumentTasksAsync(contract.Document.Id, Ct)).Items);
    }

    [Fact]
    public async Task A_large_file_goes_through_an_upload_session_in_chunks_and_arrives_byte_exact()
    {
        var member = TestUser.Member(Guid.NewGuid());
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_000);
        var upload = new FileUpload("big.bin", "application/octet-stream", bytes.Length, _ => new MemoryStream(bytes));
        var options = StudioUploadOptions.Default with { ResumableAboveBytes = 100_000, ChunkBytes = 64 * 1024 };

        await upload.RunAsync(host.Studio(member), options, () => { }, Ct);

        Assert.True(upload.State == FileUploadState.Done, upload.Error);
        Assert.True(upload.Resumable);
        var content = await host.Client(member).GetByteArrayAsync($"/api/documents/{upload.Document!.Id}/versions/1/content", Ct);
        Assert.Equal(bytes, content);
    }

    [Fact]
    public async Task An_upload_session_reports_missing_ranges_and_refuses_to_complete_or_a_wrong_range()
    {
        var studio = host.Studio(TestUser.Member(Guid.NewGuid()));
        var session = await studio.CreateUploadSessionAsync("parts.txt", "text/plain", 10, Ct);

        var afterSecond = await studio.PutUploadChunkAsync(session.Id, 5, 5, 10, new MemoryStream("world"u8.ToArray()), Ct);
        var incomplete = await Assert.ThrowsAsync<StudioApiException>(() => studio.CompleteUploadSessionAsync(session.Id, Ct));
        var wrongTotal = await Assert.ThrowsAsync<StudioApiException>(() => studio.PutUploadChunkAsync(session.Id, 0, 5, 11, new MemoryStream("hello"u8.ToArray()), Ct));
        await studio.PutUploadChunkAsync(session.Id, 0, 5, 10, new MemoryStream("hello"u8.ToArray()), Ct);
        var state = await studio.GetUploadSessionAsync(session.Id, Ct);
        var completed = await studio.CompleteUploadSessionAsync(session.Id, Ct);

        Assert.Equal([new ByteRangeItem(0, 4)], afterSecond.MissingRanges);
        Assert.Equal(409, incomplete.Status);
        Assert.Contains("0-4", incomplete.Message, StringComparison.Ordinal);
        Assert.Equal(400, wrongTotal.Status);
        Assert.Contains("the total length 11 differs", wrongTotal.Message, StringComparison.Ordinal);
        Assert.Equal((10L, 0), (state.ReceivedBytes, state.MissingRanges.Count));
        Assert.Equal(("parts", 1, 10L), (completed.Document.Title, completed.Version.Number, completed.Version.Size));
    }

    [Fact]
    public async Task A_revert_adds_a_version_with_the_old_bytes_and_the_history_records_it()
    {
        var member = TestUser.Member(Guid.NewGuid());
        var studio = host.Studio(member);
        var first = await UploadAsync(studio, "memo.txt", "first words");
        var documentId = first.Document.Id;
        using var secondVersion = await host.Client(member).PostAsync(
            $"/api/documents/{documentId}/versions?fileName=memo.txt", new StringContent("second words", Encoding.UTF8, "text/plain"), Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, secondVersion.StatusCode);

        var reverted = await studio.RevertVersionAsync(documentId, 1, Ct);
        var history = await studio.ListDocumentHistoryAsync(documentId, Ct);
        var missing = await Assert.ThrowsAsync<StudioApiException>(() => studio.RevertVersionAsync(documentId, 9, Ct));

        Assert.Equal((3, first.Version.Sha256), (reverted.Version.Number, reverted.Version.Sha256));
        Assert.Equal(3, reverted.Document.CurrentVersionNumber);
        Assert.Equal(3, history.Items[0].VersionNumber);
        Assert.True(history.Items.Count >= 3);
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task Api_refusals_arrive_as_exceptions_with_the_status_and_the_problem_text()
    {
        var studio = host.Studio(TestUser.Member(Guid.NewGuid()));

        var missing = await Assert.ThrowsAsync<StudioApiException>(() => studio.GetDocumentAsync(Guid.NewGuid(), Ct));
        var badName = await Assert.ThrowsAsync<StudioApiException>(() => UploadAsync(studio, "../escape.txt", "x"));

        Assert.Equal(404, missing.Status);
        Assert.False(string.IsNullOrWhiteSpace(missing.Message));
        Assert.Equal(400, badName.Status);
        Assert.Contains("fileName", badName.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_task_offered_to_my_role_is_claimed_and_completed_from_the_inbox()
    {
        var member = TestUser.Member(Guid.NewGuid());
        var studio = host.Studio(member);
        var document = await UploadAsync(studio, "review-me.txt", "please review");
        using var created = await host.Client(member).PostAsJsonAsync(
            $"/api/documents/{document.Document.Id}/tasks",
            new { title = "Review it", candidateRoles = new[] { "Member" }, outcomes = new[] { "Approve", "Reject" } },
            Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));

        var offered = await studio.ListInboxAsync(new InboxQuery(InboxTab.MyRoles), Ct);
        var task = Assert.Single(offered.Items);
        Assert.True(TaskActions.CanClaim(task));
        Assert.Empty((await studio.ListInboxAsync(new InboxQuery(InboxTab.Mine), Ct)).Items);
        Assert.Empty((await studio.ListInboxAsync(new InboxQuery(InboxTab.Overdue), Ct)).Items);

        var claimed = await studio.ClaimTaskAsync(task.Id, Ct);
        Assert.Equal(("Claimed", member.UserId), (claimed.Status, claimed.Assignee));
        Assert.Equal([task.Id], (await studio.ListInboxAsync(new InboxQuery(InboxTab.Mine), Ct)).Items.Select(t => t.Id));

        var unknown = await Assert.ThrowsAsync<StudioApiException>(() => studio.CompleteTaskAsync(task.Id, "Maybe", null, Ct));
        Assert.Equal(422, unknown.Status);
        var completed = await studio.CompleteTaskAsync(task.Id, "Approve", "Looks right", Ct);
        Assert.Equal(("Completed", "Approve", "Looks right"), (completed.Status, completed.Outcome, completed.CompletionComment));
        Assert.Equal([("Review it", "Completed")], (await studio.ListDocumentTasksAsync(document.Document.Id, Ct)).Items.Select(t => (t.Title, t.Status)));
    }

    [Fact]
    public async Task Workflow_definitions_are_listed_and_read_by_version()
    {
        var admin = TestUser.Admin(Guid.NewGuid());
        var studio = host.Studio(admin);
        using var created = await host.Client(admin).PostAsJsonAsync("/api/workflows/definitions", new
        {
            definitionId = "studio-hello",
            name = "Studio hello",
            root = new
            {
                type = "Elsa.Flowchart",
                activities = new object[] { new { id = "start", type = "Elsa.Start" }, new { id = "end", type = "Elsa.End" } },
                connections = new object[] { new { source = new { activity = "start", port = "Done" }, target = new { activity = "end", port = "In" } } },
            },
        }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));

        var list = await studio.ListDefinitionsAsync("hello", 1, Ct);
        var latest = await studio.GetDefinitionAsync("studio-hello", "latest", Ct);

        Assert.Equal([("studio-hello", 1, false)], list.Items.Select(d => (d.DefinitionId, d.Version, d.IsPublished)));
        Assert.Empty((await studio.ListDefinitionsAsync("nothing-like-this", 1, Ct)).Items);
        Assert.NotNull(latest);
        Assert.Equal([new DiagramLink("start", "Done", "end")], DefinitionDiagramMapper.Map(latest.Definition).Links);
        Assert.Null(await studio.GetDefinitionAsync("studio-hello", "published", Ct));
        Assert.Null(await studio.GetDefinitionAsync("no-such-workflow", "latest", Ct));
    }

    [Fact]
    public async Task Import_sources_are_refused_to_members_and_listed_for_admins()
    {
        var member = host.Studio(TestUser.Member(Guid.NewGuid()));
        var admin = host.Studio(TestUser.Admin(Guid.NewGuid()));

        Assert.Equal(403, (await Assert.ThrowsAsync<StudioApiException>(() => member.ListImportSourcesAsync(1, Ct))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<StudioApiException>(() => member.StartImportRunAsync(Guid.NewGuid(), Ct))).Status);
        Assert.Empty((await admin.ListImportSourcesAsync(1, Ct)).Items);
        Assert.Equal(404, (await Assert.ThrowsAsync<StudioApiException>(() => admin.GetImportSourceAsync(Guid.NewGuid(), Ct))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<StudioApiException>(() => admin.StartImportRunAsync(Guid.NewGuid(), Ct))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<StudioApiException>(() => admin.ListImportRunsAsync(Guid.NewGuid(), Ct))).Status);
    }

    [Fact]
    public async Task A_tasks_thread_is_read_and_added_to_by_its_people_and_refused_to_others()
    {
        var tenant = Guid.NewGuid();
        var admin = TestUser.Admin(tenant);
        var reviewer = new TestUser(tenant, "reviewer-1", "Member", "Reviewer");
        var document = await UploadAsync(host.Studio(admin), "discuss-me.txt", "discuss");
        using var created = await host.Client(admin).PostAsJsonAsync(
            $"/api/documents/{document.Document.Id}/tasks", new { title = "Discuss it", candidateRoles = new[] { "Reviewer" } }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var taskId = (await created.Content.ReadFromJsonAsync<TaskItem>(Ct))!.Id;

        var added = await host.Studio(reviewer).AddTaskCommentAsync(taskId, "Which figures?", Ct);
        var thread = await host.Studio(admin).ListTaskCommentsAsync(taskId, Ct);
        var task = await host.Studio(reviewer).GetTaskAsync(taskId, Ct);
        var bystander = host.Studio(TestUser.Member(tenant, "bystander-1"));
        var refusedRead = await Assert.ThrowsAsync<StudioApiException>(() => bystander.ListTaskCommentsAsync(taskId, Ct));
        var refusedWrite = await Assert.ThrowsAsync<StudioApiException>(() => bystander.AddTaskCommentAsync(taskId, "Me too", Ct));
        var seen = await bystander.GetTaskAsync(taskId, Ct);

        Assert.Equal(("reviewer-1", "Which figures?"), (added.Author, added.Text));
        Assert.Equal([added], thread);
        Assert.Equal([added], task.Comments);
        Assert.Equal(("Discuss it", "person"), (task.Title, task.Origin!.Kind));
        Assert.Equal((403, 403), (refusedRead.Status, refusedWrite.Status));
        Assert.Contains("the document's owner can read and add to its comments", refusedRead.Message, StringComparison.Ordinal);
        Assert.Null(seen.Comments);
        Assert.Equal(404, (await Assert.ThrowsAsync<StudioApiException>(() => bystander.GetTaskAsync(Guid.NewGuid(), Ct))).Status);
    }

    [Fact]
    public async Task Decisions_are_listed_per_document_and_per_version_and_the_attention_list_is_for_designers()
    {
        var tenant = Guid.NewGuid();
        var admin = TestUser.Admin(tenant);
        var studio = host.Studio(admin);
        var document = await UploadAsync(studio, "decide-me.txt", "decide");
        using var overridden = await host.Client(admin).PatchAsJsonAsync(
            $"/api/documents/{document.Document.Id}", new { status = "Approved", reason = "Signed on paper" }, Ct);
        Assert.True(overridden.IsSuccessStatusCode, await overridden.Content.ReadAsStringAsync(Ct));

        var all = await studio.ListDecisionsAsync(document.Document.Id, null, Ct);
        var onVersion1 = await studio.ListDecisionsAsync(document.Document.Id, 1, Ct);

        var decision = Assert.Single(all.Items);
        Assert.Equal((1, "Approved", "Override", "admin-1", "Signed on paper"), (decision.VersionNumber, decision.Outcome, decision.Kind, decision.DecidedBy, decision.Comment));
        Assert.Equal([decision.Id], onVersion1.Items.Select(d => d.Id));
        Assert.Equal(404, (await Assert.ThrowsAsync<StudioApiException>(() => studio.ListDecisionsAsync(document.Document.Id, 2, Ct))).Status);
        Assert.Empty((await studio.ListAttentionAsync(1, Ct)).Items);
        Assert.Empty((await host.Studio(new TestUser(tenant, "designer-1", "Designer")).ListAttentionAsync(1, Ct)).Items);
        Assert.Equal(403, (await Assert.ThrowsAsync<StudioApiException>(() => host.Studio(TestUser.Member(tenant)).ListAttentionAsync(1, Ct))).Status);
    }
}
