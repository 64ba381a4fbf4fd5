using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using FlowDocs.Common.Documents;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data.Documents;
using FlowDocs.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Documents.Tests.Api.DocumentsClient;

namespace FlowDocs.Documents.Tests.Api;

public sealed class EmbeddedDocumentApiTests() : DocumentApiTests(StoreProfile.Embedded);

public sealed class ProductionDocumentApiTests() : DocumentApiTests(StoreProfile.Production);

/// <summary>Create, version, read and download documents through HTTP, on both store profiles.</summary>
public abstract class DocumentApiTests(StoreProfile profile) : IAsyncLifetime
{
    private DocumentsHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new DocumentsHost(profile, (DocumentsOptions.MaxUploadBytesKey, "3000000"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private HttpClient Client(TestUser user) => _host.Client(user);

    [Fact]
    public async Task Created_document_has_version_one_with_hash_size_and_sniffed_type()
    {
        var user = NewMember();
        var client = Client(user);
        var content = Encoding.ASCII.GetBytes("%PDF-1.7 a tiny pdf");

        var response = await client.UploadAsync(content, "Quarterly report.pdf", "tag=Finance&tag=q3&description=Numbers");
        var created = await response.ReadAsync<VersionAddedResponse>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/documents/{created.Document.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Quarterly report", created.Document.Title);
        Assert.Equal("Numbers", created.Document.Description);
        Assert.Equal(["finance", "q3"], created.Document.Tags);
        Assert.Equal(DocumentStatus.Draft, created.Document.Status);
        Assert.Equal(1, created.Version.Number);
        Assert.Equal(1, created.Document.CurrentVersionNumber);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), created.Version.Sha256);
        Assert.Equal($"\"{created.Version.Sha256}\"", created.Document.ETag);
        Assert.Equal(content.Length, created.Version.Size);
        Assert.Equal("application/pdf", created.Version.SniffedContentType);
        Assert.Equal(VersionOrigin.Upload, created.Version.Origin);
        Assert.Equal(user.UserId, created.Version.CreatedBy);
        Assert.Null(created.DuplicateOf);
    }

    [Fact]
    public async Task Versions_are_numbered_listed_newest_first_and_each_downloads_its_own_bytes()
    {
        var client = Client(NewMember());
        var first = RandomBytes(1000);
        var second = RandomBytes(2000);
        var created = await client.CreateAsync(first, "data.bin");

        var added = await client.AddVersionOkAsync(created.Document.Id, second, "data-v2.bin");
        var versions = await (await client.GetAsync($"/api/documents/{created.Document.Id}/versions", Ct)).ReadAsync<PagedList<VersionResponse>>();
        var one = await (await client.GetAsync($"/api/documents/{created.Document.Id}/versions/1", Ct)).ReadAsync<VersionResponse>();
        var document = await (await client.GetAsync($"/api/documents/{created.Document.Id}", Ct)).ReadAsync<DocumentResponse>();

        Assert.Equal(2, added.Version.Number);
        Assert.Equal([2, 1], versions.Items.Select(v => v.Number));
        Assert.False(versions.HasMore);
        Assert.Equal("data.bin", one.FileName);
        Assert.Equal(2, document.CurrentVersionNumber);
        Assert.Equal("data-v2.bin", document.CurrentFileName);
        Assert.Equal(first, await client.DownloadAsync($"/api/documents/{created.Document.Id}/versions/1/content"));
        Assert.Equal(second, await client.DownloadAsync($"/api/documents/{created.Document.Id}/versions/2/content"));
        Assert.Equal(second, await client.DownloadAsync($"/api/documents/{created.Document.Id}/content"));
    }

    [Fact]
    public async Task Download_sends_etag_content_type_and_rfc5987_file_name()
    {
        var client = Client(NewMember());
        var created = await client.CreateAsync(Encoding.UTF8.GetBytes("%PDF-1.4 x"), "Bericht Müller €.pdf");

        var response = await client.GetAsync($"/api/documents/{created.Document.Id}/content", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{created.Version.Sha256}\"", response.Headers.ETag?.Tag);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Bericht Müller €.pdf", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''Bericht%20M%C3%BCller%20%E2%82%AC.pdf", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_name_can_come_from_content_disposition()
    {
        var client = Client(NewMember());
        var body = Body([1, 2, 3], "application/octet-stream");
        body.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = "Übersicht.xlsx" };

        var response = await client.PostAsync("/api/documents", body, Ct);
        var created = await response.ReadAsync<VersionAddedResponse>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Übersicht.xlsx", created.Version.FileName);
        Assert.Equal("Übersicht", created.Document.Title);
    }

    [Fact]
    public async Task Every_committed_version_publishes_DocumentVersionAdded()
    {
        var user = NewMember();
        var client = Client(user);

        var created = await client.CreateAsync(RandomBytes(10));
        var added = await client.AddVersionOkAsync(created.Document.Id, RandomBytes(10));

        Assert.Collection(
            _host.Events.Received.Where(e => e.DocumentId == created.Document.Id).OrderBy(e => e.VersionNumber),
            e =>
            {
                Assert.Equal(user.TenantId, e.TenantId);
                Assert.Equal(created.Version.Id, e.VersionId);
                Assert.Equal("Upload", e.Origin);
                Assert.Equal(user.UserId, e.AddedBy);
            },
            e => Assert.Equal(added.Version.Id, e.VersionId));
    }

    [Fact]
    public async Task Catalog_finds_documents_and_versions_of_the_current_tenant_only()
    {
        var user = NewMember();
        var created = await Client(user).CreateAsync(RandomBytes(10));
        await Client(user).AddVersionOkAsync(created.Document.Id, RandomBytes(10));

        await using var scope = _host.Server.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(user.TenantId);
        var catalog = scope.ServiceProvider.GetRequiredService<IDocumentCatalog>();
        var found = await catalog.FindAsync(created.Document.Id, Ct);
        var versionOne = await catalog.FindVersionAsync(created.Document.Id, 1, Ct);
        var missing = await catalog.FindVersionAsync(created.Document.Id, 3, Ct);

        Assert.Equal(created.Document.Id, found?.Id);
        Assert.Equal(2, found?.CurrentVersionNumber);
        Assert.Equal(created.Version.Id, versionOne);
        Assert.Null(missing);

        await using var other = _host.Server.Services.CreateAsyncScope();
        other.ServiceProvider.GetRequiredService<ITenantContext>().Enter(Guid.NewGuid());
        Assert.Null(await other.ServiceProvider.GetRequiredService<IDocumentCatalog>().FindAsync(created.Document.Id, Ct));
    }

    [Fact]
    public async Task Another_tenants_document_answers_404_everywhere()
    {
        var created = await Client(NewMember()).CreateAsync(RandomBytes(10));
        var stranger = Client(NewMember());
        var id = created.Document.Id;

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/documents/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/documents/{id}/versions", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/documents/{id}/versions/1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/documents/{id}/content", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/documents/{id}/versions/1/content", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.AddVersionAsync(id, RandomBytes(5))).StatusCode);
    }

    [Fact]
    public async Task Missing_version_answers_404_problem()
    {
        var client = Client(NewMember());
        var created = await client.CreateAsync(RandomBytes(10));

        var response = await client.GetAsync($"/api/documents/{created.Document.Id}/versions/9/content", Ct);
        var problem = await response.ProblemAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no version 9", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_document_and_upload_endpoints()
    {
        var response = await _host.Server.CreateClient().GetAsync("/openapi/v1.json", Ct);
        var paths = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("paths");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var path in new[] { "/api/documents", "/api/documents/{documentId}/versions", "/api/documents/{documentId}/versions/{number}/content", "/api/documents/{documentId}/history", "/api/uploads/{sessionId}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }

    [Fact]
    public async Task Unauthenticated_callers_get_401()
    {
        var client = _host.Server.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/documents?fileName=a.txt", Body([1], "text/plain"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/documents/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("fileName=", "fileName", "required")]
    [InlineData("fileName=a%2Fb.pdf", "fileName", "path separators")]
    [InlineData("fileName=a%5Cb.pdf", "fileName", "path separators")]
    [InlineData("fileName=..pdf", "fileName", "'..'")]
    [InlineData("fileName=a%00b.pdf", "fileName", "control characters")]
    [InlineData("fileName=invoice%E2%80%AEfdp.exe", "fileName", "invisible formatting")]
    [InlineData("fileName=a%E2%80%8Bb.pdf", "fileName", "invisible formatting")]
    [InlineData("fileName=a.pdf&title=pay%E2%80%AEfdp", "title", "invisible formatting")]
    [InlineData("fileName=a.pdf&status=Published", "status", "Draft, InReview, Approved, Rejected, Archived")]
    [InlineData("fileName=a.pdf&tag=a%2Cb", "tags", "without commas")]
    public async Task Bad_upload_input_is_a_400_naming_the_field_and_stores_nothing(string query, string field, string message)
    {
        var client = Client(NewMember());

        var response = await client.PostAsync($"/api/documents?{query}", Body([1, 2, 3], "application/octet-stream"), Ct);
        var problem = await response.ProblemAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        await AssertNoBlobsAsync();
    }

    [Fact]
    public async Task Every_path_that_takes_a_file_name_refuses_bidirectional_overrides()
    {
        var client = Client(NewMember());
        var created = await client.CreateAsync([1, 2, 3]);
        const string Spoofed = "invoice\u202Efdp.exe";

        var version = await client.PostAsync($"/api/documents/{created.Document.Id}/versions?fileName={Uri.EscapeDataString(Spoofed)}", Body([4], "application/pdf"), Ct);
        var session = await client.PostAsJsonAsync("/api/uploads", new { fileName = Spoofed, size = 10 }, Ct);
        var renamed = await client.PatchAsJsonAsync($"/api/documents/{created.Document.Id}", new { title = "a\u2066b" }, Ct);

        foreach (var (response, field) in new[] { (version, "fileName"), (session, "fileName"), (renamed, "title") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("invisible formatting", (await response.ProblemAsync()).GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task File_name_of_1000_characters_and_title_over_the_limit_are_refused()
    {
        var client = Client(NewMember());

        var longName = await client.PostAsync($"/api/documents?fileName={new string('a', 1000)}.pdf", Body([1], "application/pdf"), Ct);
        var longTitle = await client.PostAsync($"/api/documents?fileName=a.pdf&title={new string('t', Document.TitleMaxLength + 1)}", Body([1], "application/pdf"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
        Assert.Contains("shorter than 1000", (await longName.ProblemAsync()).GetProperty("errors").GetProperty("fileName")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longTitle.StatusCode);
        Assert.True((await longTitle.ProblemAsync()).GetProperty("errors").TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Empty_body_is_a_400_and_no_document_appears()
    {
        var client = Client(NewMember());

        var response = await client.PostAsync("/api/documents?fileName=empty.txt", Body([], "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("empty", (await response.ProblemAsync()).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        await AssertNoBlobsAsync();
    }

    [Fact]
    public async Task Body_over_the_size_limit_is_413_without_content_length_too()
    {
        var client = Client(NewMember());
        var tooLarge = RandomBytes(3_000_001);

        var declared = await client.PostAsync("/api/documents?fileName=big.bin", Body(tooLarge, "application/octet-stream"), Ct);
        var streamed = await client.PostAsync("/api/documents?fileName=big.bin", new StreamContent(new MemoryStream(tooLarge)), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Contains("3000000", (await streamed.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoBlobsAsync();
    }

    [Fact]
    public async Task Upload_cut_off_mid_stream_leaves_no_version_and_no_blob()
    {
        var client = Client(NewMember());
        var created = await client.CreateAsync(RandomBytes(100));

        await Assert.ThrowsAnyAsync<Exception>(() => client.PostAsync(
            $"/api/documents/{created.Document.Id}/versions?fileName=cut.bin", new StreamContent(new BreakingStream(200_000)), Ct));

        var versions = await (await client.GetAsync($"/api/documents/{created.Document.Id}/versions", Ct)).ReadAsync<PagedList<VersionResponse>>();
        Assert.Single(versions.Items);
        await AssertBlobCountAsync(1);
    }

    private Task AssertNoBlobsAsync() => AssertBlobCountAsync(0);

    private Task AssertBlobCountAsync(int expected) => _host.Blobs.AssertCountAsync(expected, Ct);
}
