using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using FlowDocs.Common.Events;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowDocs.Documents.Tests.Api;

/// <summary>
/// A FlowDocs server for document tests: records published <see cref="DocumentVersionAdded"/> events, keeps
/// an inventory of stored objects, and runs on a fake clock that moves 5 ms per reading (so timestamps
/// are distinct and ordered) and can be advanced (check-out and session expiry).
/// </summary>
internal sealed class DocumentsHost : IAsyncDisposable
{
    private readonly FlowDocsFactory _factory;

    public DocumentsHost(StoreProfile profile, params (string Key, string Value)[] settings)
        : this(profile, _ => { }, settings)
    {
    }

    /// <summary>A host with the test's own services added (<paramref name="services"/> runs last).</summary>
    public DocumentsHost(StoreProfile profile, Action<IServiceCollection> services, params (string Key, string Value)[] settings)
    {
        _factory = new FlowDocsFactory(profile);
        foreach (var (key, value) in settings)
        {
            _factory.With(key, value);
        }

        Server = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IEventHandler<DocumentVersionAdded>>(Events);
            s.AddSingleton<TimeProvider>(Time);
            BlobInventory.Install(s);
            services(s);
        }));
    }

    public WebApplicationFactory<Program> Server { get; }

    public RecordingHandler Events { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(5) };

    public BlobInventory Blobs => Server.Services.GetRequiredService<BlobInventory>();

    /// <param name="user">Who the requests are from.</param>
    /// <param name="followRedirects">
    /// False for a client whose request body must stream: the redirect-following client reads a body to the end before
    /// sending it (to resend it on a redirect), so a body that stalls or breaks never reaches the server.
    /// </param>
    public HttpClient Client(TestUser user, bool followRedirects = true)
    {
        var client = Server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(user))));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _factory.DisposeAsync();
    }

    internal sealed class RecordingHandler : IEventHandler<DocumentVersionAdded>
    {
        private readonly ConcurrentQueue<DocumentVersionAdded> _received = new();

        public IReadOnlyCollection<DocumentVersionAdded> Received => _received;

        public Task HandleAsync(DocumentVersionAdded payload, CancellationToken cancellationToken)
        {
            _received.Enqueue(payload);
            return Task.CompletedTask;
        }
    }
}
