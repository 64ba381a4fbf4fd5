using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

public sealed class EmbeddedAuthorizationCodeTests() : AuthorizationCodeTests(StoreProfile.Embedded);

public sealed class ProductionAuthorizationCodeTests() : AuthorizationCodeTests(StoreProfile.Production);

/// <summary>People: authorization code + PKCE through the real login page, then refresh, revoke, introspect, userinfo.</summary>
public abstract class AuthorizationCodeTests(StoreProfile profile) : IAsyncDisposable
{
    private readonly IdentityHost _host = new(profile);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static string Access(JsonElement token) => token.GetProperty("access_token").GetString()!;

    [Fact]
    public async Task Login_page_code_flow_gives_tokens_that_act_as_the_user()
    {
        var token = await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword);

        var me = await _host.WithToken(Access(token)).GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.True(token.TryGetProperty("id_token", out _));
        Assert.True(token.TryGetProperty("refresh_token", out _));
        Assert.Equal(await _host.DefaultTenantAsync(), me.GetProperty("tenantId").GetGuid());
        Assert.Equal("Administrator", me.GetProperty("displayName").GetString());
        Assert.Equal([FlowDocsRoles.Admin, FlowDocsRoles.Member], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.True(me.GetProperty("platformAdmin").GetBoolean());
    }

    [Fact]
    public async Task Refresh_rotates_and_a_replayed_refresh_token_revokes_the_chain()
    {
        var token = await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword);
        var first = token.GetProperty("refresh_token").GetString()!;

        var refreshed = await _host.RequestTokenAsync(("grant_type", "refresh_token"), ("refresh_token", first), ("client_id", IdentitySettings.StudioClientId));
        var body = await refreshed.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var api = _host.WithToken(Access(body));
        var meBefore = await api.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);
        var replay = await _host.RequestTokenAsync(("grant_type", "refresh_token"), ("refresh_token", first), ("client_id", IdentitySettings.StudioClientId));
        var replayBody = await replay.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var meAfter = await api.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(first, body.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.OK, meBefore.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", replayBody.GetProperty("error").GetString());
        // A replay means the refresh token leaked: every token of that sign-in stops working.
        Assert.Equal(HttpStatusCode.Unauthorized, meAfter.StatusCode);
    }

    [Fact]
    public async Task Revoked_access_token_is_rejected_at_once()
    {
        var token = await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword);
        var api = _host.WithToken(Access(token));
        var before = await api.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        var revoke = await _host.Anonymous().PostAsync(
            new Uri("/connect/revoke", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Access(token), ["client_id"] = IdentitySettings.StudioClientId }),
            Cancellation);
        var after = await api.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Introspection_reports_active_then_inactive_after_revocation()
    {
        var credentials = await _host.CreateServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Member);
        var access = Access(await _host.ClientCredentialsAsync(credentials));
        var form = new Dictionary<string, string> { ["token"] = access, ["client_id"] = credentials.Client.ClientId, ["client_secret"] = credentials.Secret };

        var active = await (await _host.Anonymous().PostAsync(new Uri("/connect/introspect", UriKind.Relative), new FormUrlEncodedContent(form), Cancellation))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        await _host.Anonymous().PostAsync(new Uri("/connect/revoke", UriKind.Relative), new FormUrlEncodedContent(form), Cancellation);
        var inactive = await (await _host.Anonymous().PostAsync(new Uri("/connect/introspect", UriKind.Relative), new FormUrlEncodedContent(form), Cancellation))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.True(active.GetProperty("active").GetBoolean(), active.ToString());
        Assert.Equal(credentials.Client.ClientId, active.GetProperty("sub").GetString());
        Assert.False(inactive.GetProperty("active").GetBoolean(), inactive.ToString());
    }

    [Fact]
    public async Task Userinfo_returns_the_granted_claims()
    {
        var token = await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword);

        var info = await _host.WithToken(Access(token)).GetFromJsonAsync<JsonElement>(new Uri("/connect/userinfo", UriKind.Relative), Cancellation);

        Assert.Equal(AdminEmail, info.GetProperty("email").GetString());
        Assert.Equal("Administrator", info.GetProperty("name").GetString());
        Assert.Equal((await _host.DefaultTenantAsync()).ToString(), info.GetProperty("tenant").GetString());
        Assert.Contains(info.GetProperty("role").EnumerateArray(), r => r.GetString() == FlowDocsRoles.Admin);
    }

    [Fact]
    public async Task Token_without_the_api_scope_has_the_wrong_audience_and_is_401()
    {
        var token = await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword, scope: "openid profile");

        var response = await _host.WithToken(Access(token)).GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tampered_token_is_401()
    {
        var access = Access(await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword));
        var tampered = access[..^8] + (access[^8] == 'A' ? 'B' : 'A') + access[^7..];

        var response = await _host.WithToken(tampered).GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task End_session_asks_then_signs_out_and_returns_to_the_client()
    {
        var browser = _host.Browser();
        await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword, browser: browser);

        var confirm = await browser.GetStringAsync(new Uri("/connect/logout?client_id=flowdocs-studio&post_logout_redirect_uri=https%3A%2F%2Flocalhost%2Fsigned-out", UriKind.Relative), Cancellation);
        var signOut = await browser.PostAsync(
            new Uri("/connect/logout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = HiddenField(confirm, "__RequestVerificationToken"),
                ["client_id"] = IdentitySettings.StudioClientId,
                ["post_logout_redirect_uri"] = "https://localhost/signed-out",
            }),
            Cancellation);
        var me = await browser.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("https://localhost/signed-out", signOut.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }
}
