using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Documents.Blobs;
using FlowDocs.Server.Hosting;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Server.Tests;

/// <summary>
/// Backpressure instead of collapse: with every write slot busy and the queue full, the next write is turned away at once
/// with 503 + Retry-After and writes nothing; reads have their own slots and still answer; the busy write completes.
/// </summary>
public sealed class ApiConcurrencyTests : IAsyncLifetime
{
    private readonly FlowDocsFactory _factory = new FlowDocsFactory()
        .With(ApiConcurrency.MaxWritesKey, "1")
        .With(ApiConcurrency.QueueKey, "0");

    private WebApplicationFactory<Program> _host = null!;
    private readonly GatedBlobStore _store = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            var real = s.Last(d => d.ServiceType == typeof(IBlobStore));
            s.Remove(real);
            s.AddSingleton<IBlobStore>(sp =>
            {
                _store.Inner = real.ImplementationInstance as IBlobStore ?? (IBlobStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!);
                return _store;
            });
        }));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_write_beyond_the_limit_gets_503_with_Retry_After_and_writes_nothing_while_reads_still_answer()
    {
        var tenant = Guid.NewGuid();
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, TestUser.Member(tenant).ToHeader());

        var slow = client.PostAsync("/api/documents?fileName=slow.txt", new StringContent("slow"), Ct);
        await _store.Started.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct); // the first upload holds the only write slot

        using var refused = await client.PostAsync("/api/documents?fileName=second.txt", new StringContent("second"), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(ApiConcurrency.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("nothing was saved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var read = await client.GetAsync("/api/documents", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        _store.Release.SetResult();
        using var created = await slow;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/documents", Ct);
        var only = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("slow", only.GetProperty("title").GetString());

        using var after = await client.PostAsync("/api/documents?fileName=third.txt", new StringContent("third"), Ct);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode); // the slot is free again
    }

    /// <summary>
    /// The real store, except that the first write signals <see cref="Started"/> and waits for <see cref="Release"/>:
    /// the upload is then inside its endpoint, past the limiter, holding its slot.
    /// </summary>
    private sealed class GatedBlobStore : DelegatingBlobStore
    {
        private int _writes;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<BlobInfo> WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                Started.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            return await Inner.WriteAsync(key, content, contentType, cancellationToken);
        }
    }
}
