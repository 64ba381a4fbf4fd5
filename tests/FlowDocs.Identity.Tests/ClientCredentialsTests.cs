using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

public sealed class EmbeddedClientCredentialsTests() : ClientCredentialsTests(StoreProfile.Embedded);

public sealed class ProductionClientCredentialsTests() : ClientCredentialsTests(StoreProfile.Production);

/// <summary>Integrations: a service client gets a real token from the token endpoint and calls the API with it.</summary>
public abstract class ClientCredentialsTests(StoreProfile profile) : IAsyncDisposable
{
    private readonly IdentityHost _host = new(profile);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Service_client_token_acts_in_its_tenant_with_its_roles()
    {
        var tenant = await _host.DefaultTenantAsync();
        var credentials = await _host.CreateServiceClientAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var token = await _host.ClientCredentialsAsync(credentials);

        var response = await _host.WithToken(token.GetProperty("access_token").GetString()!)
            .GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(credentials.Client.ClientId, me.GetProperty("userId").GetString());
        Assert.Equal(tenant, me.GetProperty("tenantId").GetGuid());
        Assert.Equal([FlowDocsRoles.Member, FlowDocsRoles.Reviewer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.False(me.GetProperty("platformAdmin").GetBoolean());
    }

    [Fact]
    public async Task Wrong_secret_is_rejected_as_invalid_client()
    {
        var credentials = await _host.CreateServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Member);

        var response = await _host.RequestTokenAsync(
            ("grant_type", "client_credentials"), ("client_id", credentials.Client.ClientId), ("client_secret", "not-the-secret"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Secret_is_stored_hashed()
    {
        var credentials = await _host.CreateServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Member);

        var stored = await _host.WithDbAsync(db => Task.FromResult(
            db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication<Guid>>()
                .Single(a => a.ClientId == credentials.Client.ClientId).ClientSecret));

        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(credentials.Secret, stored!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_without_token_is_401()
    {
        var response = await _host.Anonymous().GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_with_a_forged_token_is_401()
    {
        var response = await _host.WithToken("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Test_users_of_other_modules_still_map_to_the_same_caller()
    {
        var tenant = Guid.NewGuid();
        var client = _host.Factory.CreateClientAs(TestUser.Admin(tenant, "someone") with { PlatformAdmin = true });

        var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal("someone", me.GetProperty("userId").GetString());
        Assert.Equal(tenant, me.GetProperty("tenantId").GetGuid());
        Assert.True(me.GetProperty("platformAdmin").GetBoolean());
    }
}
