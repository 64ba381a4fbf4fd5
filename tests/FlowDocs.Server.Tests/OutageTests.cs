using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Common.Events;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Blobs;
using FlowDocs.Documents.OrphanBlobs;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySql.Data.MySqlClient;
using Serilog.Events;

namespace FlowDocs.Server.Tests;

/// <summary>
/// A dependency that goes down or freezes under a running Production server: the API says so honestly (503,
/// Retry-After, the dependency's class and not its address), readiness answers within two seconds, liveness
/// stays up, and nothing is logged as an Error.
/// </summary>
public sealed class OutageTests : IAsyncLifetime
{
    private readonly DependencyProxy _database;
    private readonly DependencyProxy _blobs;
    private readonly LoggedFactory _factory = new(StoreProfile.Production);
    private readonly TestUser _member = TestUser.Member(Guid.NewGuid());

    public OutageTests()
    {
        var mySql = new MySqlConnectionStringBuilder(BackingServices.MySqlDatabase(_factory.MySqlDatabase!));
        _database = new DependencyProxy(mySql.Server, (int)mySql.Port);
        mySql.Server = "127.0.0.1";
        mySql.Port = (uint)_database.Port;
        mySql.ConnectionTimeout = 3;
        _blobs = new DependencyProxy(BackingServices.S3.Host, BackingServices.S3.Port);
        _factory
            .With(DataModule.ConnectionStringKey, mySql.ConnectionString)
            .With(BlobStoreRegistration.ServiceUrlKey, $"http://127.0.0.1:{_blobs.Port}");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _database.Set(ProxyMode.Forward);
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
        await _blobs.DisposeAsync();
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string dependency)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(dependency, body.GetProperty("dependency").GetString());
        Assert.Contains(dependency, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", text, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Took)> ReadyAsync(HttpClient client)
    {
        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync("/health/ready", Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (response.StatusCode, body, watch.Elapsed);
    }

    [Fact]
    public async Task A_database_that_is_down_answers_503_with_retry_after()
    {
        var client = _factory.CreateClientAs(_member);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/documents", Ct)).StatusCode);

        _database.Set(ProxyMode.Refuse);

        await AssertUnavailableAsync(await client.GetAsync("/api/documents", Ct), "database");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
        var (status, body, _) = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Empty(_factory.Log.AtOrAbove(LogEventLevel.Error));
        Assert.Contains(_factory.Log.Events, e => e.Level == LogEventLevel.Warning && e.MessageTemplate.Text.StartsWith("The {Dependency} is unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_frozen_database_or_blob_store_leaves_readiness_answering_within_two_seconds()
    {
        var client = _factory.CreateClientAs(_member);
        var (healthy, _, _) = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.OK, healthy);

        _database.Set(ProxyMode.Freeze);
        _blobs.Set(ProxyMode.Freeze);

        var (status, body, took) = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.True(took < TimeSpan.FromSeconds(2.5), $"/health/ready took {took.TotalSeconds:0.0} s");
        var checks = body.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", checks.GetProperty("blobs").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task Blob_storage_that_is_down_answers_503_naming_it()
    {
        var client = _factory.CreateClientAs(_member);
        var created = await client.PostAsync("/api/documents?fileName=a.txt&title=A", new ByteArrayContent("hello"u8.ToArray()), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("document").GetProperty("id").GetString();

        var logged = _factory.Log.Events.Count;
        _blobs.Set(ProxyMode.Refuse);

        await AssertUnavailableAsync(await client.GetAsync($"/api/documents/{id}/content", Ct), "blob storage");
        Assert.Empty(_factory.Log.AtOrAbove(LogEventLevel.Error, since: logged));
    }

    [Fact]
    public async Task An_upload_whose_database_goes_away_right_after_the_commit_is_answered_201_and_stored_once()
    {
        // The database goes away between the commit and the answer: while the event's handlers run (the outbox then
        // cannot record their failure either) and while the answer would re-read the document.
        var cut = new CutDatabaseAfterCommit(_database);
        await using var host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<IEventHandler<DocumentVersionAdded>>(_ => cut)));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, _member.ToHeader());

        var response = await client.PostAsync("/api/documents?fileName=kept.txt&title=Kept", new ByteArrayContent("committed"u8.ToArray()), Ct);

        // Saved means answered as saved: a client told 503 would upload again and make a second document.
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(1, cut.Calls);
        _database.Set(ProxyMode.Forward);
        var list = await TestWaits.EventuallyAsync(
            async () => await client.GetAsync("/api/documents?q=Kept", Ct),
            r => r.StatusCode == HttpStatusCode.OK,
            "the database to answer again");
        var items = (await list.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        Assert.Equal(JsonDocument.Parse(text).RootElement.GetProperty("document").GetProperty("id").GetString(), items[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_upload_whose_database_goes_away_after_its_bytes_are_stored_is_answered_503_and_leaves_no_object()
    {
        // The bytes reach the blob store, then the database goes away before the version is written: the client is told
        // to retry and the object that no version will ever refer to is deleted, not left for the hourly sweep.
        var store = new CutDatabaseAfterWrite(_database);
        await using var host = WithStore(store);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, _member.ToHeader());

        var response = await client.PostAsync("/api/documents?fileName=lost.txt&title=Lost", new ByteArrayContent("never saved"u8.ToArray()), Ct);

        await AssertUnavailableAsync(response, "database");
        var key = Assert.Single(store.Written);
        Assert.Null(await store.Inner.GetInfoAsync(key, Ct));
        _database.Set(ProxyMode.Forward);
        var list = await TestWaits.EventuallyAsync(
            async () => await client.GetAsync("/api/documents?q=Lost", Ct), r => r.StatusCode == HttpStatusCode.OK, "the database to answer again");
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_commit_whose_answer_is_lost_keeps_its_content_and_a_failed_one_leaves_no_object()
    {
        // The commit lands, then its answer is lost: the version exists, so its bytes must stay. The same failure on a
        // commit that did not land leaves an object nothing refers to; both are settled by the check after the outage.
        var store = new CutDatabaseAfterWrite(null);
        var lose = new LoseCommitAnswer();
        await using var host = WithStore(store, s => s.ConfigureDbContext<MySqlFlowDocsDbContext>(o => o.AddInterceptors(lose)));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, _member.ToHeader());
        var retries = host.Services.GetRequiredService<BlobDeleteRetries>();

        lose.Landed = true;
        var landed = await client.PostAsync("/api/documents?fileName=landed.txt&title=Landed", new ByteArrayContent("landed"u8.ToArray()), Ct);
        lose.Landed = false;
        var failed = await client.PostAsync("/api/documents?fileName=failed.txt&title=Failed", new ByteArrayContent("did not land"u8.ToArray()), Ct);

        // The server cannot tell the two apart: both are a database that went away mid-commit.
        await AssertUnavailableAsync(landed, "database");
        await AssertUnavailableAsync(failed, "database");
        Assert.Equal(2, lose.Cut);
        Assert.Equal(2, store.Written.Count);
        await TestWaits.EventuallyAsync(() => Task.FromResult(retries.Count), count => count == 0, "the stored objects to be checked");
        Assert.NotNull(await store.Inner.GetInfoAsync(store.Written[0], Ct));
        Assert.Null(await store.Inner.GetInfoAsync(store.Written[1], Ct));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/documents?q=Landed", Ct);
        var id = Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString();
        var content = await client.GetAsync($"/api/documents/{id}/content", Ct);
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal("landed", await content.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/documents?q=Failed", Ct)).GetProperty("items").GetArrayLength());
    }

    private WebApplicationFactory<Program> WithStore(DelegatingBlobStore store, Action<IServiceCollection>? more = null) =>
        _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            var real = s.Last(d => d.ServiceType == typeof(IBlobStore));
            s.Remove(real);
            s.AddSingleton<IBlobStore>(sp =>
            {
                store.Inner = real.ImplementationInstance as IBlobStore ?? (IBlobStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!);
                return store;
            });
            more?.Invoke(s);
        }));

    /// <summary>The real store, remembering the content keys written; takes the database down after the first, when given one.</summary>
    private sealed class CutDatabaseAfterWrite(DependencyProxy? database) : DelegatingBlobStore
    {
        private readonly List<string> _written = [];

        public IReadOnlyList<string> Written
        {
            get
            {
                lock (_written)
                {
                    return [.. _written];
                }
            }
        }

        public override async Task<BlobInfo> WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
        {
            var info = await Inner.WriteAsync(key, content, contentType, cancellationToken);
            lock (_written)
            {
                _written.Add(key);
            }

            database?.Set(ProxyMode.Refuse);
            return info;
        }
    }

    /// <summary>
    /// Fails the commit of a new version as a lost connection would: after the transaction committed (<see cref="Landed"/>)
    /// or instead of committing it (rolled back first).
    /// </summary>
    private sealed class LoseCommitAnswer : DbTransactionInterceptor
    {
        private int _cut;

        public bool Landed { get; set; }

        public int Cut => Volatile.Read(ref _cut);

        private static bool AddsVersion(DbContext? context) =>
            context?.ChangeTracker.Entries<DocumentVersion>().Any(e => e.State == EntityState.Added) == true;

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (!Landed && AddsVersion(eventData.Context))
            {
                await transaction.RollbackAsync(cancellationToken);
                Interlocked.Increment(ref _cut);
                throw new DbUpdateException("An error occurred while saving the entity changes.", new LostConnection());
            }

            return result;
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (Landed && AddsVersion(eventData.Context))
            {
                Interlocked.Increment(ref _cut);
                throw new DbUpdateException("An error occurred while saving the entity changes.", new LostConnection());
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>What a driver throws for a connection that broke: transient.</summary>
    private sealed class LostConnection() : DbException("Reading from the stream has failed.")
    {
        public override bool IsTransient => true;
    }

    /// <summary>A handler of the upload's event that takes the database down, once.</summary>
    private sealed class CutDatabaseAfterCommit(DependencyProxy database) : IEventHandler<DocumentVersionAdded>
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task HandleAsync(DocumentVersionAdded payload, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                database.Set(ProxyMode.Refuse);
                throw new InvalidOperationException("the database went away");
            }

            return Task.CompletedTask;
        }
    }
}
