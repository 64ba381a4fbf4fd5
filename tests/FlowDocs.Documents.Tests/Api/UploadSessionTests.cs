using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using FlowDocs.Common.Paging;
using FlowDocs.Documents.UploadSessions;
using FlowDocs.Testing;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Documents.Tests.Api.DocumentsClient;

namespace FlowDocs.Documents.Tests.Api;

public sealed class EmbeddedUploadSessionTests() : UploadSessionTests(StoreProfile.Embedded);

public sealed class ProductionUploadSessionTests() : UploadSessionTests(StoreProfile.Production);

/// <summary>Resumable uploads over HTTP: chunks in any order and repeated, progress, completion, cancel, expiry.</summary>
public abstract class UploadSessionTests(StoreProfile profile) : IAsyncLifetime
{
    private DocumentsHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new DocumentsHost(profile, (DocumentsOptions.MaxUploadBytesKey, "10000000"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Chunks_in_any_order_and_repeated_complete_into_a_new_document_with_the_exact_bytes()
    {
        var client = _host.Client(NewMember());
        var bytes = RandomBytes(2_500_000);
        var session = await CreateAsync(client, new { fileName = "scan.tif", size = bytes.Length, sha256 = Sha(bytes), title = "Scan" });

        var last = await PutAsync(client, session.Id, bytes, 2_000_000, bytes.Length - 1);
        var first = await PutAsync(client, session.Id, bytes, 0, 999_999);
        var again = await PutAsync(client, session.Id, bytes, 0, 999_999);
        var progress = await (await client.GetAsync($"/api/uploads/{session.Id}", Ct)).ReadAsync<UploadSessionResponse>();
        var early = await client.PostAsync($"/api/uploads/{session.Id}/complete", null, Ct);
        await PutAsync(client, session.Id, bytes, 900_000, 2_099_999);
        var completed = await client.PostAsync($"/api/uploads/{session.Id}/complete", null, Ct);
        var added = await completed.ReadAsync<VersionAddedResponse>();

        Assert.Equal(500_000, last.ReceivedBytes);
        Assert.Equal(1_500_000, first.ReceivedBytes);
        Assert.Equal(1_500_000, again.ReceivedBytes);
        Assert.Equal([new ByteRange(1_000_000, 1_999_999)], progress.MissingRanges);
        Assert.Equal(0.6, progress.Progress);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("1000000-1999999", (await early.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        Assert.Equal("Scan", added.Document.Title);
        Assert.Equal(Sha(bytes), added.Version.Sha256);
        Assert.Equal(bytes, await client.DownloadAsync($"/api/documents/{added.Document.Id}/content"));
        var settled = await (await client.GetAsync($"/api/uploads/{session.Id}", Ct)).ReadAsync<UploadSessionResponse>();
        Assert.Equal(added.Version.Id, settled.CompletedVersionId);
        Assert.Equal(added.Document.Id, settled.DocumentId);
        Assert.Empty(settled.MissingRanges);
        Assert.Equal(1.0, settled.Progress);
        Assert.Contains(_host.Events.Received, e => e.DocumentId == added.Document.Id);
        // Only the assembled object remains: every chunk object went with the session.
        await _host.Blobs.AssertCountAsync(1, Ct);
    }

    [Fact]
    public async Task Completing_again_answers_with_the_same_version_and_adds_nothing()
    {
        var client = _host.Client(NewMember());
        var bytes = RandomBytes(3000);
        var session = await CreateAsync(client, new { fileName = "once.bin", size = bytes.Length, title = "Once" });
        await PutAsync(client, session.Id, bytes, 0, bytes.Length - 1);

        var first = await client.PostAsync($"/api/uploads/{session.Id}/complete", null, Ct);
        var again = await client.PostAsync($"/api/uploads/{session.Id}/complete", null, Ct);
        var lateChunk = await SendChunkAsync(client, session.Id, bytes[..10], $"bytes 0-9/{bytes.Length}");
        var cancel = await client.DeleteAsync($"/api/uploads/{session.Id}", Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var added = await first.ReadAsync<VersionAddedResponse>();
        var repeated = await again.ReadAsync<VersionAddedResponse>();
        Assert.Equal(added.Version, repeated.Version);
        Assert.Equal(added.Document.Id, repeated.Document.Id);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        var documents = (await (await client.GetAsync("/api/documents", Ct)).ReadAsync<ListDocuments.DocumentPage>()).Items;
        Assert.Equal([added.Document.Id], documents.Select(d => d.Id));
        Assert.Single(_host.Events.Received, e => e.DocumentId == added.Document.Id);
        Assert.Equal(HttpStatusCode.Conflict, lateChunk.StatusCode);
        Assert.Contains(added.Version.Id.ToString(), (await lateChunk.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(bytes, await client.DownloadAsync($"/api/documents/{added.Document.Id}/content"));
        await _host.Blobs.AssertCountAsync(1, Ct);
    }

    [Fact]
    public async Task Concurrent_completions_of_one_session_add_one_version()
    {
        var client = _host.Client(NewMember());
        var id = (await client.CreateAsync(RandomBytes(10))).Document.Id;
        var bytes = RandomBytes(200_000);
        var session = await CreateAsync(client, new { fileName = "v2.bin", size = bytes.Length, documentId = id });
        await PutAsync(client, session.Id, bytes, 0, bytes.Length - 1);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync($"/api/uploads/{session.Id}/complete", null, Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var answers = await Task.WhenAll(responses.Select(r => r.ReadAsync<VersionAddedResponse>()));
        Assert.Single(answers.Select(a => a.Version.Id).Distinct());
        Assert.Equal(2, answers[0].Version.Number);
        var versions = await (await client.GetAsync($"/api/documents/{id}/versions", Ct)).ReadAsync<PagedList<VersionResponse>>();
        Assert.Equal([2, 1], versions.Items.Select(v => v.Number));
        // The first file and the one assembled copy: the losers' copies and every chunk are gone.
        await _host.Blobs.AssertCountAsync(2, Ct);
    }

    [Fact]
    public async Task Session_for_an_existing_document_adds_a_version()
    {
        var client = _host.Client(NewMember());
        var id = (await client.CreateAsync(RandomBytes(10))).Document.Id;
        var bytes = RandomBytes(1000);
        var session = await CreateAsync(client, new { fileName = "v2.bin", size = bytes.Length, documentId = id });

        await PutAsync(client, session.Id, bytes, 0, bytes.Length - 1);
        var added = await (await client.PostAsync($"/api/uploads/{session.Id}/complete", null, Ct)).ReadAsync<VersionAddedResponse>();

        Assert.Equal(id, added.Document.Id);
        Assert.Equal(2, added.Version.Number);
        Assert.Equal(bytes, await client.DownloadAsync($"/api/documents/{id}/versions/2/content"));
    }

    [Fact]
    public async Task Hash_mismatch_is_422_and_leaves_no_version()
    {
        var client = _host.Client(NewMember());
        var bytes = RandomBytes(1000);
        var session = await CreateAsync(client, new { fileName = "x.bin", size = bytes.Length, sha256 = new string('a', 64) });
        await PutAsync(client, session.Id, bytes, 0, bytes.Length - 1);

        var response = await client.PostAsync($"/api/uploads/{session.Id}/complete", null, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(Sha(bytes), (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await (await client.GetAsync("/api/documents", Ct)).ReadAsync<ListDocuments.DocumentPage>()).Items);
        await _host.Blobs.AssertCountAsync(1, Ct);
    }

    [Fact]
    public async Task Bad_chunks_are_400_naming_the_problem()
    {
        var client = _host.Client(NewMember());
        var session = await CreateAsync(client, new { fileName = "x.bin", size = 100 });

        var outside = await SendChunkAsync(client, session.Id, new byte[10], "bytes 95-104/100");
        var wrongTotal = await SendChunkAsync(client, session.Id, new byte[10], "bytes 0-9/200");
        var missing = await SendChunkAsync(client, session.Id, new byte[10], null);
        var malformed = await SendChunkAsync(client, session.Id, new byte[10], "bytes ten-twenty/100");
        var shortBody = await SendChunkAsync(client, session.Id, new byte[5], "bytes 0-9/100");

        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("outside the session's declared size", (await outside.ProblemAsync()).GetProperty("errors").GetProperty("Content-Range")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongTotal.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shortBody.StatusCode);
        var state = await (await client.GetAsync($"/api/uploads/{session.Id}", Ct)).ReadAsync<UploadSessionResponse>();
        Assert.Equal(0, state.ReceivedBytes);
        await _host.Blobs.AssertCountAsync(0, Ct);
    }

    [Theory]
    [InlineData("{\"size\":10}", "fileName")]
    [InlineData("{\"fileName\":\"a/b\",\"size\":10}", "fileName")]
    [InlineData("{\"fileName\":\"a.bin\"}", "size")]
    [InlineData("{\"fileName\":\"a.bin\",\"size\":10,\"sha256\":\"xyz\"}", "sha256")]
    [InlineData("{\"fileName\":\"a.bin\",\"size\":10,\"contentType\":\"not a type\"}", "contentType")]
    public async Task Bad_session_requests_are_400_naming_the_field(string json, string field)
    {
        var client = _host.Client(NewMember());

        var response = await client.PostAsync("/api/uploads", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Declared_size_over_the_limit_is_413_and_unknown_document_is_404()
    {
        var client = _host.Client(NewMember());

        var tooLarge = await client.PostAsJsonAsync("/api/uploads", new { fileName = "big.iso", size = 10_000_001 }, Ct);
        var unknown = await client.PostAsJsonAsync("/api/uploads", new { fileName = "a.bin", size = 10, documentId = Guid.NewGuid() }, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Cancel_deletes_the_chunks_and_other_people_cannot_see_the_session()
    {
        var owner = NewMember();
        var client = _host.Client(owner);
        var colleague = _host.Client(TestUser.Member(owner.TenantId, "colleague"));
        var bytes = RandomBytes(100);
        var session = await CreateAsync(client, new { fileName = "x.bin", size = 100 });
        await PutAsync(client, session.Id, bytes, 0, 49);

        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/api/uploads/{session.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.DeleteAsync($"/api/uploads/{session.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/uploads/{session.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/uploads/{session.Id}", Ct)).StatusCode);
        await _host.Blobs.AssertCountAsync(0, Ct);
    }

    [Fact]
    public async Task Expired_sessions_answer_404_and_the_hourly_job_deletes_them()
    {
        var client = _host.Client(NewMember());
        var session = await CreateAsync(client, new { fileName = "x.bin", size = 100 });
        await PutAsync(client, session.Id, RandomBytes(100), 0, 99);
        var live = await CreateAsync(client, new { fileName = "y.bin", size = 100 });

        _host.Time.Advance(TimeSpan.FromHours(25));
        var fresh = await CreateAsync(client, new { fileName = "z.bin", size = 100 });
        var deleted = await _host.Server.Services.GetRequiredService<UploadSessionCleanup>().RunAsync(Ct);

        Assert.Equal(2, deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/uploads/{session.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/uploads/{live.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/uploads/{fresh.Id}", Ct)).StatusCode);
        await _host.Blobs.AssertCountAsync(0, Ct);
        using var connection = _host.Server.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs().Single(j => j.Id == UploadSessionCleanup.JobId);
        Assert.Equal(Cron.Hourly(), job.Cron);
    }

    [Fact]
    public async Task An_expired_session_keeps_its_chunks_for_the_grace_period_then_the_job_deletes_them()
    {
        var client = _host.Client(NewMember());
        var session = await CreateAsync(client, new { fileName = "x.bin", size = 100 });
        await PutAsync(client, session.Id, RandomBytes(100), 0, 99);
        var cleanup = _host.Server.Services.GetRequiredService<UploadSessionCleanup>();

        _host.Time.Advance(TimeSpan.FromHours(24) + UploadSessionCleanup.Grace / 2);
        var withinGrace = await cleanup.RunAsync(Ct);
        var answer = await client.GetAsync($"/api/uploads/{session.Id}", Ct);
        await _host.Blobs.AssertCountAsync(1, Ct);
        _host.Time.Advance(UploadSessionCleanup.Grace);
        var afterGrace = await cleanup.RunAsync(Ct);

        Assert.Equal(0, withinGrace);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(1, afterGrace);
        await _host.Blobs.AssertCountAsync(0, Ct);
    }

    private static async Task<UploadSessionResponse> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/uploads", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<UploadSessionResponse>();
    }

    private static async Task<UploadSessionResponse> PutAsync(HttpClient client, Guid sessionId, byte[] bytes, long start, long end)
    {
        var response = await SendChunkAsync(client, sessionId, bytes[(int)start..(int)(end + 1)], $"bytes {start}-{end}/{bytes.Length}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<UploadSessionResponse>();
    }

    private static Task<HttpResponseMessage> SendChunkAsync(HttpClient client, Guid sessionId, byte[] chunk, string? contentRange)
    {
        var content = new ByteArrayContent(chunk);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (contentRange is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        }

        return client.PutAsync($"/api/uploads/{sessionId}", content, Ct);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
