using System.Net;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

/// <summary>An access token stops working when it expires (30 minutes), on the server's clock.</summary>
public sealed class ExpiryTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly IdentityHost _host = new(StoreProfile.Embedded);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Expired_access_token_is_401()
    {
        using var factory = _host.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        var credentials = await CreateClientAsync(factory);
        using var tokenClient = factory.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        var token = await tokenClient.PostAsync(
            new Uri("/connect/token", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = credentials.Client.ClientId,
                ["client_secret"] = credentials.Secret,
                ["scope"] = IdentitySettings.ApiScope,
            }),
            Cancellation);
        var access = System.Text.Json.JsonDocument.Parse(await token.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("access_token").GetString()!;
        using var api = factory.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        api.DefaultRequestHeaders.Authorization = new("Bearer", access);

        var fresh = await api.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);
        _clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await api.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    private static async Task<ServiceClientCredentials> CreateClientAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory)
    {
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDocs.Data.FlowDocsDbContext>();
        var tenant = db.Set<FlowDocs.Data.Identity.Tenant>().Single(t => t.IsDefault).Id;
        return await scope.ServiceProvider.GetRequiredService<ServiceClients>().CreateAsync(tenant, "Clock test", [FlowDocsRoles.Member], Cancellation);
    }
}
