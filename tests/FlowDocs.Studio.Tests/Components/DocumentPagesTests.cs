using Bunit;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Pages;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using MudBlazor.Extensions;

namespace FlowDocs.Studio.Tests.Components;

public sealed class DocumentPagesTests : StudioTestContext
{
    [Fact]
    public async Task The_list_searches_and_filters_by_status()
    {
        Api.Documents.AddRange([FakeStudioApi.Document("Contract", "Approved"), FakeStudioApi.Document("Invoice", "Draft")]);
        var page = Render<DocumentList>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=documents] tbody tr").Count));

        var status = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Status");
        await page.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync("Draft"));
        page.WaitForAssertion(() => Assert.Equal("Invoice", page.Find("[data-testid=documents] tbody tr a").TextContent));

        await page.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync(null));
        var search = page.FindComponent<MudTextField<string>>();
        await page.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("contr"));
        await page.InvokeAsync(() => search.Instance.OnDebounceIntervalElapsed.InvokeAsync("contr"));
        page.WaitForAssertion(() => Assert.Equal("Contract", page.Find("[data-testid=documents] tbody tr a").TextContent));

        Assert.Contains("api/documents?status=Draft&sort=updated&pageSize=25", Api.Calls);
        Assert.Contains("api/documents?q=contr&sort=updated&pageSize=25", Api.Calls);
    }

    [Fact]
    public void Uploading_several_files_shows_each_one_and_lists_the_new_documents()
    {
        var page = Render<DocumentList>();

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("first file", "a.txt", contentType: "text/plain"),
            InputFileContent.CreateFromText("second, longer file", "b.txt", contentType: "text/plain"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=upload-row]").Count(r => r.TextContent.Contains("uploaded", StringComparison.Ordinal))));
        Assert.Equal([("a.txt", 10L), ("b.txt", 19L)], Api.Uploads);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=documents] tbody tr").Count));
        Assert.All(page.FindComponents<MudProgressLinear>(), bar => Assert.Equal(100, bar.Instance.GetState(x => x.Value)));
    }

    [Fact]
    public void A_refused_upload_says_why_and_the_next_file_still_goes()
    {
        var page = Render<DocumentList>();
        Api.Failure = null;
        page.WaitForAssertion(() => Assert.Contains("api/documents?sort=updated&pageSize=25", Api.Calls));
        Api.Failure = new StudioApiException(413, "The file is larger than the 2 GiB allowed.");

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("too big", "big.bin"),
            InputFileContent.CreateFromText("fine", "ok.txt"));

        page.WaitForAssertion(() => Assert.Contains("failed: The file is larger than the 2 GiB allowed.", page.Find("[data-testid=upload-row]").TextContent));
        Assert.Equal([("ok.txt", 4L)], Api.Uploads);
    }

    private IRenderedComponent<DocumentList> RenderWithSmallChunks()
    {
        // Above 10 bytes a file goes through an upload session, in chunks of 8 bytes.
        Uploads = Uploads with { ResumableAboveBytes = 10, ChunkBytes = 8 };
        var page = Render<DocumentList>();
        page.WaitForAssertion(() => Assert.Contains("api/documents?sort=updated&pageSize=25", Api.Calls));
        return page;
    }

    [Fact]
    public void A_large_file_goes_in_chunks_and_a_failed_chunk_is_sent_again_instead_of_the_whole_file()
    {
        var page = RenderWithSmallChunks();
        Api.ChunkFaults.Add((8, false, new StudioApiException(503, "The server is busy.")));

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("abcdefghijklmnopqrst", "large.txt", contentType: "text/plain"),
            InputFileContent.CreateFromText("tiny!", "tiny.txt", contentType: "text/plain"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=upload-state]").Count(r => r.TextContent.StartsWith("uploaded", StringComparison.Ordinal))));
        Assert.Equal([(0L, 8), (8L, 8), (8L, 8), (16L, 4)], Api.ChunkPuts);
        Assert.Equal("abcdefghijklmnopqrst"u8.ToArray(), Api.Assembled["large.txt"]);
        Assert.Contains("session large.txt 20", Api.Calls);
        Assert.Contains("upload tiny.txt", Api.Calls);
        Assert.DoesNotContain("session tiny.txt 5", Api.Calls);
        Assert.Equal(["uploaded", "uploaded (1 request tried again)"], page.FindAll("[data-testid=upload-state]").Select(r => r.TextContent.Trim()).Order());
        Assert.All(page.FindComponents<MudProgressLinear>(), bar => Assert.Equal(100, bar.Instance.GetState(x => x.Value)));
    }

    [Fact]
    public void A_chunk_the_server_stored_before_the_answer_was_lost_is_not_sent_again()
    {
        var page = RenderWithSmallChunks();
        Api.ChunkFaults.Add((8, true, new HttpRequestException("The connection was reset.")));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("abcdefghijklmnopqrst", "large.txt"));

        page.WaitForAssertion(() => Assert.Equal("uploaded (1 request tried again)", page.Find("[data-testid=upload-state]").TextContent.Trim()));
        Assert.Equal([(0L, 8), (8L, 8), (16L, 4)], Api.ChunkPuts);
        Assert.Equal("abcdefghijklmnopqrst"u8.ToArray(), Api.Assembled["large.txt"]);
    }

    [Fact]
    public void A_completion_whose_answer_is_lost_is_asked_for_again_and_makes_one_document()
    {
        var page = RenderWithSmallChunks();
        Api.CompleteFaults.Enqueue(new HttpRequestException("The connection was reset."));
        Api.CompleteFaults.Enqueue(new StudioApiException(503, "The server is busy."));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("abcdefghijklmnopqrst", "large.txt"));

        page.WaitForAssertion(() => Assert.Equal("uploaded (2 requests tried again)", page.Find("[data-testid=upload-state]").TextContent.Trim()));
        Assert.Equal(3, Api.Calls.Count(c => c == "complete session"));
        Assert.Equal([(0L, 8), (8L, 8), (16L, 4)], Api.ChunkPuts);
        Assert.Single(Api.Documents, d => d.Title == "large.txt");
        Assert.Equal("abcdefghijklmnopqrst"u8.ToArray(), Api.Assembled["large.txt"]);
    }

    [Fact]
    public void A_refused_chunk_fails_its_file_at_once_and_a_chunk_failing_every_attempt_fails_after_the_last()
    {
        var page = RenderWithSmallChunks();
        Api.ChunkFaults.Add((0, false, new StudioApiException(422, "Content-Range: bytes 0-7 lie outside the session's declared size.")));
        Api.ChunkFaults.AddRange(Enumerable.Repeat((8L, false, (Exception)new StudioApiException(503, "The server is busy.")), 4));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("abcdefghijklmnopqrst", "refused.txt"));
        page.WaitForAssertion(() => Assert.Equal(
            "failed: Content-Range: bytes 0-7 lie outside the session's declared size.", page.Find("[data-testid=upload-state]").TextContent.Trim()));
        Assert.Equal([(0L, 8)], Api.ChunkPuts);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("abcdefghijklmnopqrst", "flaky.txt"));
        page.WaitForAssertion(() => Assert.Equal("failed: The server is busy.", page.Find("[data-testid=upload-state]").TextContent.Trim()));
        Assert.Equal(4, Api.ChunkPuts.Count(c => c == (8L, 8)));
        Assert.DoesNotContain("complete session", Api.Calls);
        Assert.Empty(Api.Assembled);
    }

    [Fact]
    public void The_drop_zone_is_a_labelled_file_input_that_lights_up_while_files_are_dragged_over_it()
    {
        var page = Render<DocumentList>();
        var zone = page.Find("[data-testid=dropzone]");

        Assert.Equal("upload-files", page.Find("[data-testid=dropzone] label").GetAttribute("for"));
        Assert.NotNull(page.Find("[data-testid=dropzone] input#upload-files[type=file][multiple]"));
        zone.DragEnter();
        Assert.Contains("flowdocs-dropzone-active", page.Find("[data-testid=dropzone]").ClassList);
        page.Find("[data-testid=dropzone]").Drop();
        Assert.DoesNotContain("flowdocs-dropzone-active", page.Find("[data-testid=dropzone]").ClassList);
    }

    [Fact]
    public void The_document_page_shows_versions_with_download_links_and_the_tasks()
    {
        var document = FakeStudioApi.Document("Contract", "InReview");
        Api.Documents.Add(document);
        Api.Versions.Add(new DocumentVersionItem(Guid.NewGuid(), document.Id, 2, "final", "ab", 1536, "application/pdf", "contract-v2.pdf", "fixed", "Upload", "ann", DateTimeOffset.UnixEpoch));
        Api.Versions.Add(new DocumentVersionItem(Guid.NewGuid(), document.Id, 1, null, "cd", 10, "application/pdf", "contract.pdf", null, "Upload", "ann", DateTimeOffset.UnixEpoch));
        Api.Tasks.Add(FakeStudioApi.NewTask("Review", null) with { DocumentId = document.Id });

        var page = Render<DocumentPage>(p => p.Add(x => x.DocumentId, document.Id));

        page.WaitForAssertion(() => Assert.Equal("InReview", page.Find("[data-testid=document-status]").TextContent.Trim()));
        var links = page.FindAll("[data-testid=versions] a[download]");
        Assert.Equal(
            [$"/api/documents/{document.Id}/versions/2/content", $"/api/documents/{document.Id}/versions/1/content"],
            links.Select(a => a.GetAttribute("href")));
        Assert.Equal("contract-v2.pdf", links[0].GetAttribute("download"));
        Assert.Contains("1.5 KiB", page.Find("[data-testid=versions]").TextContent);
        Assert.Contains("Review", page.Find("[data-testid=document-tasks]").TextContent);
        Assert.Contains("Reviewer", page.Find("[data-testid=document-tasks]").TextContent);
    }

    [Fact]
    public void The_document_page_names_people_instead_of_showing_their_ids_and_asks_once()
    {
        var document = FakeStudioApi.Document("Contract", "Draft") with { UpdatedBy = "u-ann" };
        Api.Documents.Add(document);
        Api.Versions.Add(new DocumentVersionItem(Guid.NewGuid(), document.Id, 1, null, "cd", 10, "text/plain", "contract.txt", null, "Upload", "u-ann", DateTimeOffset.UnixEpoch));
        Api.Tasks.Add(FakeStudioApi.NewTask("Review", "u-bob") with { DocumentId = document.Id });
        Api.History.Add(new HistoryItem(Guid.NewGuid(), "VersionAdded", "system", DateTimeOffset.UnixEpoch, 1));
        Api.People["u-ann"] = "Ann Analyst";
        Api.People["u-bob"] = "Bob Reviewer";

        var page = Render<DocumentPage>(p => p.Add(x => x.DocumentId, document.Id));

        page.WaitForAssertion(() => Assert.Contains("by Ann Analyst", page.Markup));
        Assert.Contains("by Ann Analyst", page.Find("[data-testid=versions]").TextContent);
        Assert.Contains("Bob Reviewer", page.Find("[data-testid=document-tasks]").TextContent);
        // Nobody answers for "system": it shows as it is.
        Assert.Contains("system", page.Find("[data-testid=history]").TextContent);
        Assert.DoesNotContain("u-ann", page.Markup);
        Assert.Single(Api.Calls, c => c.StartsWith("people ", StringComparison.Ordinal));
    }

    /// <summary>A Draft document at version 2, with versions 2 and 1 in the fake API.</summary>
    private DocumentItem DocumentWithTwoVersions()
    {
        var document = FakeStudioApi.Document("Contract", "Draft") with { CurrentVersionNumber = 2 };
        Api.Documents.Add(document);
        Api.Versions.Add(new DocumentVersionItem(Guid.NewGuid(), document.Id, 2, null, "ab", 20, "text/plain", "contract.txt", null, "Upload", "ann", DateTimeOffset.UnixEpoch));
        Api.Versions.Add(new DocumentVersionItem(Guid.NewGuid(), document.Id, 1, null, "cd", 10, "text/plain", "contract.txt", null, "Upload", "ann", DateTimeOffset.UnixEpoch));
        return document;
    }

    [Fact]
    public void Reverting_an_older_version_adds_a_new_one_and_shows_it_in_versions_and_history()
    {
        var document = DocumentWithTwoVersions();
        Api.History.Add(new HistoryItem(Guid.NewGuid(), "VersionAdded", "ann", DateTimeOffset.UnixEpoch, 2));
        var page = Render<DocumentPage>(p => p.Add(x => x.DocumentId, document.Id));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=revert]")));

        page.Find("[data-testid=revert]").Click();

        page.WaitForAssertion(() => Assert.Equal("Version 3 now holds the bytes of version 1.", page.Find("[data-testid=reverted]").TextContent.Trim()));
        Assert.Contains($"revert {document.Id} 1", Api.Calls);
        Assert.Equal(3, page.FindAll("[data-testid=versions] tbody tr").Count);
        Assert.Equal(["Revert to version 2", "Revert to version 1"], page.FindAll("[data-testid=revert]").Select(b => b.GetAttribute("aria-label")));
        Assert.Equal(["VersionReverted", "VersionAdded"], page.FindAll("[data-testid=history] tbody tr").Select(r => r.Children[2].TextContent.Trim()));
    }

    [Fact]
    public void A_refused_revert_shows_the_api_problem_and_changes_nothing()
    {
        var document = DocumentWithTwoVersions();
        var page = Render<DocumentPage>(p => p.Add(x => x.DocumentId, document.Id));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=revert]")));

        Api.Failure = new StudioApiException(423, "The document is checked out by bob until 12:00.");
        page.Find("[data-testid=revert]").Click();

        page.WaitForAssertion(() => Assert.Contains("checked out by bob", page.Find("[data-testid=error]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=reverted]"));
        Assert.Equal(2, Api.Versions.Count);
    }

    [Fact]
    public void An_unknown_document_says_so()
    {
        var page = Render<DocumentPage>(p => p.Add(x => x.DocumentId, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.Equal("The document was not found.", page.Find("[data-testid=error]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=versions]"));
    }
}
