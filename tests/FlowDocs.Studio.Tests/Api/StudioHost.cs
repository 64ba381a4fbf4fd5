using FlowDocs.Studio.Api;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FlowDocs.Studio.Tests.Api;

/// <summary>One in-process FlowDocs server (embedded profile) shared by a test class; each test uses its own tenant.</summary>
public sealed class StudioHost : IAsyncDisposable
{
    private readonly FlowDocsFactory _factory = new(StoreProfile.Embedded);

    public HttpClient Client(TestUser? user)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, user.ToHeader());
        }

        return client;
    }

    /// <summary>The Studio's API client as the circuit builds it, with the test user in place of the session cookie.</summary>
    public StudioApiClient Studio(TestUser user) => new(Client(user), new Uri("https://localhost/"), new StudioSession());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
