using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FlowDocs.Common.Documents;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.DocumentHistory;
using FlowDocs.Documents.ListDocuments;
using FlowDocs.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Documents.Tests.Api.DocumentsClient;

namespace FlowDocs.Documents.Tests.Api;

public sealed class EmbeddedDocumentLifecycleTests() : DocumentLifecycleTests(StoreProfile.Embedded);

public sealed class ProductionDocumentLifecycleTests() : DocumentLifecycleTests(StoreProfile.Production);

/// <summary>Preconditions, ranges, dedup, revert, properties, history, lists, trash and check-out over HTTP.</summary>
public abstract class DocumentLifecycleTests(StoreProfile profile) : IAsyncLifetime
{
    private DocumentsHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new DocumentsHost(profile);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Upload_range_conditional_download_and_revert_keep_every_versions_bytes_exact()
    {
        var client = _host.Client(NewMember());
        var v1 = RandomBytes(6 * 1024 * 1024 + 17);
        var v2 = RandomBytes(300_000);
        var created = await client.CreateAsync(v1, "plan.bin");
        var id = created.Document.Id;
        await client.AddVersionOkAsync(id, v2, "plan.bin");

        var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{id}/versions/1/content");
        ranged.Headers.Range = new RangeHeaderValue(5_000_000, 5_000_999);
        var partial = await client.SendAsync(ranged, Ct);
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{id}/versions/1/content");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{created.Version.Sha256}\""));
        var notModified = await client.SendAsync(conditional, Ct);
        var reverted = await client.PostAsync($"/api/documents/{id}/versions/1/revert", null, Ct);
        var v3 = await reverted.ReadAsync<VersionAddedResponse>();

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 5000000-5000999/" + v1.Length, partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(v1.AsSpan(5_000_000, 1000).ToArray(), await partial.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.Created, reverted.StatusCode);
        Assert.Equal(3, v3.Version.Number);
        Assert.Equal(VersionOrigin.Revert, v3.Version.Origin);
        Assert.Equal(1, v3.Version.SourceVersionNumber);
        Assert.Equal(created.Version.Sha256, v3.Version.Sha256);
        Assert.Equal(1, v3.DuplicateOf?.VersionNumber);
        Assert.Equal(v1, await client.DownloadAsync($"/api/documents/{id}/versions/1/content"));
        Assert.Equal(v2, await client.DownloadAsync($"/api/documents/{id}/versions/2/content"));
        Assert.Equal(v1, await client.DownloadAsync($"/api/documents/{id}/versions/3/content"));
        Assert.Equal(v1, await client.DownloadAsync($"/api/documents/{id}/content"));
        Assert.Contains(_host.Events.Received, e => e.DocumentId == id && e.VersionNumber == 3 && e.Origin == "Revert");
        // Revert shares the stored object: two distinct contents, two objects.
        await _host.Blobs.AssertCountAsync(2, Ct);
    }

    [Fact]
    public async Task Suffix_range_unsatisfiable_and_malformed_ranges()
    {
        var client = _host.Client(NewMember());
        var bytes = RandomBytes(1000);
        var id = (await client.CreateAsync(bytes)).Document.Id;

        var suffix = await GetWithRangeAsync(client, id, "bytes=-100");
        var beyond = await GetWithRangeAsync(client, id, "bytes=5000-6000");
        var malformed = await GetWithRangeAsync(client, id, "bytes=abc");
        var wrongUnit = await GetWithRangeAsync(client, id, "pages=1-2");

        Assert.Equal(HttpStatusCode.PartialContent, suffix.StatusCode);
        Assert.Equal(bytes[900..], await suffix.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal("bytes */1000", beyond.Content.Headers.ContentRange?.ToString());
        Assert.Equal("application/problem+json", beyond.Content.Headers.ContentType?.MediaType);
        Assert.Contains("1000 bytes", (await beyond.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.ProblemAsync()).GetProperty("errors").TryGetProperty("Range", out _));
        Assert.Equal(HttpStatusCode.BadRequest, wrongUnit.StatusCode);
    }

    [Fact]
    public async Task Head_on_content_answers_like_get_without_the_body()
    {
        var client = _host.Client(NewMember());
        var bytes = RandomBytes(1000);
        var id = (await client.CreateAsync(bytes)).Document.Id;

        foreach (var url in new[] { $"/api/documents/{id}/content", $"/api/documents/{id}/versions/1/content" })
        {
            var get = await client.GetAsync(url, Ct);
            var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), Ct);

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(1000, head.Content.Headers.ContentLength);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            Assert.Contains("bytes", head.Headers.AcceptRanges);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync(Ct));
        }

        var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/documents/{Guid.NewGuid()}/content"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task If_match_with_a_stale_etag_is_412_and_adds_nothing()
    {
        var client = _host.Client(NewMember());
        var created = await client.CreateAsync(RandomBytes(100));
        var id = created.Document.Id;

        var first = await client.AddVersionAsync(id, RandomBytes(100), ifMatch: created.Document.ETag);
        var stale = await client.AddVersionAsync(id, RandomBytes(100), ifMatch: created.Document.ETag);
        var problem = await stale.ProblemAsync();
        var versions = await (await client.GetAsync($"/api/documents/{id}/versions", Ct)).ReadAsync<PagedList<VersionResponse>>();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("If-Match", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, versions.Items.Count);
        await _host.Blobs.AssertCountAsync(2, Ct);
    }

    [Fact]
    public async Task Same_bytes_are_stored_once_per_tenant_and_the_answer_names_the_duplicate()
    {
        var user = NewMember();
        var client = _host.Client(user);
        var bytes = RandomBytes(50_000);

        var original = await client.CreateAsync(bytes, "a.bin");
        var copy = await client.CreateAsync(bytes, "b.bin");
        var otherTenant = await _host.Client(NewMember()).CreateAsync(bytes, "c.bin");

        Assert.Null(original.DuplicateOf);
        Assert.Equal(new DuplicateOf(original.Document.Id, original.Version.Id, 1), copy.DuplicateOf);
        Assert.Null(otherTenant.DuplicateOf);
        Assert.Equal(bytes, await client.DownloadAsync($"/api/documents/{copy.Document.Id}/content"));
        await _host.Blobs.AssertCountAsync(2, Ct);
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_bytes_all_succeed_and_share_one_object()
    {
        var client = _host.Client(NewMember());
        var bytes = RandomBytes(200_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.CreateAsync(bytes, $"same-{i}.bin")));

        Assert.Single(results.Select(r => r.Version.Sha256).Distinct());
        foreach (var result in results)
        {
            Assert.Equal(bytes, await client.DownloadAsync($"/api/documents/{result.Document.Id}/content"));
        }

        await _host.Blobs.AssertCountAsync(1, Ct);
    }

    [Fact]
    public async Task Concurrent_versions_of_one_document_get_distinct_numbers()
    {
        var client = _host.Client(NewMember());
        var id = (await client.CreateAsync(RandomBytes(10))).Document.Id;

        var added = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.AddVersionOkAsync(id, RandomBytes(1000))));

        Assert.Equal([2, 3, 4, 5, 6], added.Select(a => a.Version.Number).Order());
        var document = await (await client.GetAsync($"/api/documents/{id}", Ct)).ReadAsync<DocumentResponse>();
        Assert.Equal(6, document.CurrentVersionNumber);
    }

    [Fact]
    public async Task Patch_changes_properties_merges_metadata_and_records_before_and_after()
    {
        var user = NewMember();
        var client = _host.Client(user);
        var id = (await client.CreateAsync(RandomBytes(10), "contract.pdf", "tag=legal")).Document.Id;

        var first = await client.PatchAsJsonAsync($"/api/documents/{id}", new { title = "Contract 2026", status = "Archived", tags = new[] { "Legal", "2026" }, metadata = new { client = "ACME", region = "EU" } }, Ct);
        var second = await client.PatchAsJsonAsync($"/api/documents/{id}", new { description = "Signed copy", metadata = new Dictionary<string, string?> { ["region"] = null, ["owner"] = "kim" } }, Ct);
        var document = await second.ReadAsync<DocumentResponse>();
        var history = await (await client.GetAsync($"/api/documents/{id}/history", Ct)).ReadAsync<PagedList<HistoryEntry>>();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Contract 2026", document.Title);
        Assert.Equal("Signed copy", document.Description);
        Assert.Equal(DocumentStatus.Archived, document.Status);
        Assert.Equal(["legal", "2026"], document.Tags);
        Assert.Equal(new Dictionary<string, string> { ["client"] = "ACME", ["owner"] = "kim" }, document.Metadata);
        Assert.Equal(
            [DocumentActions.Updated, DocumentActions.Updated, DocumentActions.Created],
            history.Items.Select(e => e.Action));
        var update = history.Items[1];
        Assert.Equal(user.UserId, update.Actor);
        Assert.Equal("contract", update.Before!.Value.GetProperty("title").GetString());
        Assert.Equal("Contract 2026", update.After!.Value.GetProperty("title").GetString());
        Assert.Equal("Archived", update.After!.Value.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"status\":\"Published\"}", "status")]
    [InlineData("{\"title\":\"\"}", "title")]
    [InlineData("{\"tags\":[\"a,b\"]}", "tags")]
    [InlineData("{\"metadata\":{\"\":\"x\"}}", "metadata")]
    public async Task Patch_with_bad_values_is_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var client = _host.Client(NewMember());
        var created = await client.CreateAsync(RandomBytes(10), "keep.pdf");

        var response = await client.PatchAsync($"/api/documents/{created.Document.Id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        var document = await (await client.GetAsync($"/api/documents/{created.Document.Id}", Ct)).ReadAsync<DocumentResponse>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(created.Document.UpdatedAt, document.UpdatedAt);
    }

    [Fact]
    public async Task Patch_with_a_title_over_the_limit_or_broken_json_is_400()
    {
        var client = _host.Client(NewMember());
        var id = (await client.CreateAsync(RandomBytes(10))).Document.Id;

        var longTitle = await client.PatchAsJsonAsync($"/api/documents/{id}", new { title = new string('x', Document.TitleMaxLength + 1) }, Ct);
        var broken = await client.PatchAsync($"/api/documents/{id}", new StringContent("{\"title\":", System.Text.Encoding.UTF8, "application/json"), Ct);
        var missing = await client.PatchAsJsonAsync($"/api/documents/{Guid.NewGuid()}", new { title = "x" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, longTitle.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task History_pages_with_the_hard_maximum()
    {
        var client = _host.Client(NewMember());
        var id = (await client.CreateAsync(RandomBytes(10))).Document.Id;
        for (var i = 0; i < 3; i++)
        {
            await client.AddVersionOkAsync(id, RandomBytes(10));
        }

        var first = await (await client.GetAsync($"/api/documents/{id}/history?pageSize=2", Ct)).ReadAsync<PagedList<HistoryEntry>>();
        var last = await (await client.GetAsync($"/api/documents/{id}/history?pageSize=2&page=2", Ct)).ReadAsync<PagedList<HistoryEntry>>();
        var tooBig = await client.GetAsync($"/api/documents/{id}/history?pageSize={PageRequest.MaxSize + 1}", Ct);

        Assert.Equal([4, 3], first.Items.Select(e => e.VersionNumber));
        Assert.True(first.HasMore);
        Assert.Equal([DocumentActions.VersionAdded, DocumentActions.Created], last.Items.Select(e => e.Action));
        Assert.Equal([2, 1], last.Items.Select(e => e.VersionNumber));
        Assert.False(last.HasMore);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.True((await tooBig.ProblemAsync()).GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task List_filters_by_status_tag_text_and_updated_since_and_sorts_by_title()
    {
        var client = _host.Client(NewMember());
        var alpha = await client.CreateAsync(RandomBytes(10), "alpha-notes.txt", "title=Alpha&tag=blue&description=Quarterly%20numbers");
        var beta = await client.CreateAsync(RandomBytes(10), "beta.txt", "title=beta&tag=red&status=Archived");
        var since = _host.Time.GetUtcNow();
        var gamma = await client.CreateAsync(RandomBytes(10), "Gamma-Report.pdf", "title=Gamma&tag=blue");
        await _host.Client(NewMember()).CreateAsync(RandomBytes(10), "alien.txt", "title=Alpha%20elsewhere");

        async Task<IEnumerable<string>> TitlesAsync(string query)
        {
            var response = await client.GetAsync($"/api/documents?{query}", Ct);
            Assert.True(response.IsSuccessStatusCode, $"{query}: {await response.Content.ReadAsStringAsync(Ct)}");
            return (await response.ReadAsync<DocumentPage>()).Items.Select(d => d.Title);
        }

        Assert.Equal(["Gamma", "beta", "Alpha"], await TitlesAsync(""));
        Assert.Equal(["Alpha", "beta", "Gamma"], await TitlesAsync("sort=title"));
        Assert.Equal(["beta"], await TitlesAsync("status=archived"));
        Assert.Equal(["Gamma", "Alpha"], await TitlesAsync("tag=Blue"));
        Assert.Equal(["Alpha"], await TitlesAsync("q=QUARTERLY"));
        Assert.Equal(["Gamma"], await TitlesAsync("q=report.pdf"));
        Assert.Equal(["Alpha"], await TitlesAsync("q=alph"));
        Assert.Empty(await TitlesAsync("q=100%25"));
        Assert.Equal(["Gamma"], await TitlesAsync($"updatedSince={Uri.EscapeDataString(since.ToString("O"))}"));
        // SQLite's LIKE folds ASCII only: an upper-case non-ASCII query still finds the title on both stores.
        await client.CreateAsync(RandomBytes(10), "cv.pdf", "title=" + Uri.EscapeDataString("R\u00e9sum\u00e9 2026"));
        Assert.Equal(["R\u00e9sum\u00e9 2026"], await TitlesAsync("q=" + Uri.EscapeDataString("R\u00c9SUM\u00c9")));
        Assert.NotEqual(alpha.Document.Id, beta.Document.Id);
        Assert.NotEqual(gamma.Document.Id, beta.Document.Id);
    }

    [Fact]
    public async Task Titles_are_stored_composed_and_sort_and_search_alike_on_both_stores()
    {
        var client = _host.Client(NewMember());
        async Task<DocumentResponse> CreateAsync(string title) =>
            (await client.CreateAsync(RandomBytes(10), "file.txt", "title=" + Uri.EscapeDataString(title))).Document;
        async Task<List<string>> TitlesAsync(string query) =>
            [.. (await (await client.GetAsync($"/api/documents?{query}", Ct)).ReadAsync<DocumentPage>()).Items.Select(d => d.Title)];

        // "Émile" typed with a combining accent (E + U+0301) is stored as the composed É (U+00C9).
        var decomposed = await CreateAsync("E\u0301mile's notes");
        await CreateAsync("zebra");
        await CreateAsync("Eagle");
        await CreateAsync("\u00c4pfel");
        await CreateAsync("apple_pie");
        await CreateAsync("apple pie");

        Assert.Equal("\u00c9mile's notes", decomposed.Title);
        Assert.Equal(["\u00c4pfel", "apple pie", "apple_pie", "Eagle", "\u00c9mile's notes", "zebra"], await TitlesAsync("sort=title"));
        // Accents and case do not matter to search, however the query was typed.
        Assert.Equal(["\u00c9mile's notes"], await TitlesAsync("q=" + Uri.EscapeDataString("EMILE")));
        Assert.Equal(["\u00c9mile's notes"], await TitlesAsync("q=" + Uri.EscapeDataString("e\u0301mile")));
        Assert.Equal(["\u00c4pfel"], await TitlesAsync("q=" + Uri.EscapeDataString("apfel")));
    }

    [Fact]
    public async Task Cursor_and_page_paging_walk_every_document_once()
    {
        var client = _host.Client(NewMember());
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await client.CreateAsync(RandomBytes(10), $"doc-{i % 3}.txt", $"title=Doc%20{i % 3}")).Document.Id);
        }

        foreach (var sort in new[] { "updated", "title" })
        {
            var seen = new List<Guid>();
            string? cursor = null;
            do
            {
                var page = await (await client.GetAsync($"/api/documents?sort={sort}&pageSize=3{(cursor is null ? "" : "&cursor=" + cursor)}", Ct)).ReadAsync<DocumentPage>();
                seen.AddRange(page.Items.Select(d => d.Id));
                cursor = page.NextCursor;
                Assert.Equal(page.HasMore, cursor is not null);
            }
            while (cursor is not null);

            var paged = new List<Guid>();
            for (var p = 1; p <= 3; p++)
            {
                paged.AddRange((await (await client.GetAsync($"/api/documents?sort={sort}&pageSize=3&page={p}", Ct)).ReadAsync<DocumentPage>()).Items.Select(d => d.Id));
            }

            Assert.Equal(7, seen.Distinct().Count());
            Assert.Equal(seen, paged);
        }
    }

    [Theory]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=size", "sort")]
    [InlineData("status=Lost", "status")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    public async Task List_with_bad_parameters_is_400_naming_the_parameter(string query, string field)
    {
        var client = _host.Client(NewMember());

        var response = await client.GetAsync($"/api/documents?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Trash_hides_documents_restore_brings_them_back_and_admins_purge_them()
    {
        var tenant = Guid.NewGuid();
        var member = _host.Client(TestUser.Member(tenant));
        var admin = _host.Client(TestUser.Admin(tenant));
        var shared = RandomBytes(1000);
        var doomed = await member.CreateAsync(shared, "doomed.bin");
        await member.AddVersionOkAsync(doomed.Document.Id, RandomBytes(1000));
        var keeper = await member.CreateAsync(shared, "keeper.bin");
        var id = doomed.Document.Id;

        var notTrashedPurge = await admin.DeleteAsync($"/api/documents/{id}", Ct);
        var trashed = await member.PostAsync($"/api/documents/{id}/trash", null, Ct);
        var twice = await member.PostAsync($"/api/documents/{id}/trash", null, Ct);
        var listed = await (await member.GetAsync("/api/documents", Ct)).ReadAsync<DocumentPage>();
        var inTrash = await (await member.GetAsync("/api/documents?trash=true", Ct)).ReadAsync<DocumentPage>();
        var addToTrashed = await member.AddVersionAsync(id, RandomBytes(10));
        Assert.Null(await FindInCatalogAsync(tenant, id));

        Assert.Equal(HttpStatusCode.Conflict, notTrashedPurge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, trashed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal([keeper.Document.Id], listed.Items.Select(d => d.Id));
        Assert.Equal([id], inTrash.Items.Select(d => d.Id));
        Assert.Equal(HttpStatusCode.Conflict, addToTrashed.StatusCode);

        var restored = await member.PostAsync($"/api/documents/{id}/restore", null, Ct);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(2, (await (await member.GetAsync("/api/documents", Ct)).ReadAsync<DocumentPage>()).Items.Count);
        Assert.Equal(HttpStatusCode.Conflict, (await member.PostAsync($"/api/documents/{id}/restore", null, Ct)).StatusCode);

        await member.PostAsync($"/api/documents/{id}/trash", null, Ct);
        var byMember = await member.DeleteAsync($"/api/documents/{id}", Ct);
        var byAdmin = await admin.DeleteAsync($"/api/documents/{id}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/documents/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/documents/{id}", Ct)).StatusCode);
        // The purged document's second version is gone; the object it shared with the keeper stays.
        await _host.Blobs.AssertCountAsync(1, Ct);
        Assert.Equal(shared, await member.DownloadAsync($"/api/documents/{keeper.Document.Id}/content"));
    }

    [Fact]
    public async Task Check_out_blocks_other_peoples_versions_until_check_in_release_or_expiry()
    {
        var tenant = Guid.NewGuid();
        var kim = _host.Client(TestUser.Member(tenant, "kim"));
        var lee = _host.Client(TestUser.Member(tenant, "lee"));
        var admin = _host.Client(TestUser.Admin(tenant));
        var id = (await kim.CreateAsync(RandomBytes(10))).Document.Id;

        var checkedOut = await (await kim.PostAsync($"/api/documents/{id}/checkout?minutes=30", null, Ct)).ReadAsync<DocumentResponse>();
        var leeUpload = await lee.AddVersionAsync(id, RandomBytes(10));
        var leeRevert = await lee.PostAsync($"/api/documents/{id}/versions/1/revert", null, Ct);
        var leeCheckout = await lee.PostAsync($"/api/documents/{id}/checkout", null, Ct);
        var leeCheckin = await lee.PostAsync($"/api/documents/{id}/checkin", null, Ct);
        var kimUpload = await kim.AddVersionAsync(id, RandomBytes(10));

        Assert.Equal("kim", checkedOut.CheckedOutBy);
        Assert.Equal(HttpStatusCode.Locked, leeUpload.StatusCode);
        Assert.Contains("kim", (await leeUpload.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Locked, leeRevert.StatusCode);
        Assert.Equal(HttpStatusCode.Locked, leeCheckout.StatusCode);
        Assert.Equal(HttpStatusCode.Locked, leeCheckin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, kimUpload.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await kim.PostAsync($"/api/documents/{id}/checkin", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lee.AddVersionAsync(id, RandomBytes(10))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await kim.PostAsync($"/api/documents/{id}/checkin", null, Ct)).StatusCode);

        await kim.PostAsync($"/api/documents/{id}/checkout", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await lee.DeleteAsync($"/api/documents/{id}/checkout", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/documents/{id}/checkout", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lee.AddVersionAsync(id, RandomBytes(10))).StatusCode);

        await kim.PostAsync($"/api/documents/{id}/checkout?minutes=5", null, Ct);
        Assert.Equal(HttpStatusCode.Locked, (await lee.AddVersionAsync(id, RandomBytes(10))).StatusCode);
        _host.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.Created, (await lee.AddVersionAsync(id, RandomBytes(10))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await kim.PostAsync($"/api/documents/{id}/checkout?minutes=0", null, Ct)).StatusCode);

        var history = await (await kim.GetAsync($"/api/documents/{id}/history?pageSize=50", Ct)).ReadAsync<PagedList<HistoryEntry>>();
        Assert.Contains(history.Items, e => e.Action == DocumentActions.CheckoutReleased && e.After!.Value.GetProperty("releasedFrom").GetString() == "kim");
    }

    private async Task<DocumentSummary?> FindInCatalogAsync(Guid tenant, Guid id)
    {
        await using var scope = _host.Server.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
        return await scope.ServiceProvider.GetRequiredService<IDocumentCatalog>().FindAsync(id, Ct);
    }

    private static Task<HttpResponseMessage> GetWithRangeAsync(HttpClient client, Guid id, string range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{id}/content");
        request.Headers.TryAddWithoutValidation("Range", range);
        return client.SendAsync(request, Ct);
    }
}
