using System.Net;
using System.Net.Http.Json;
using FlowDocs.Testing;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

/// <summary>The server-rendered login page: cookie session, antiforgery, lockout, safe redirects, headers, rate limit.</summary>
public sealed class LoginPageTests : IAsyncDisposable
{
    private readonly IdentityHost _host = new(StoreProfile.Embedded);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Login_sets_the_ui_cookie_that_the_api_accepts()
    {
        var browser = _host.Browser();

        var login = await LoginAsync(browser, AdminEmail, AdminPassword);
        var me = await browser.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task The_login_page_wears_the_studio_look_and_signing_out_is_confirmed()
    {
        var browser = _host.Browser();
        var page = await browser.GetStringAsync(new Uri("/account/login", UriKind.Relative), Cancellation);
        var login = await LoginAsync(browser, AdminEmail, AdminPassword);
        var logoutPage = await browser.GetStringAsync(new Uri("/account/logout", UriKind.Relative), Cancellation);
        var logout = await browser.PostAsync(
            new Uri("/account/logout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = HiddenField(logoutPage, "__RequestVerificationToken") }),
            Cancellation);
        var after = await browser.GetStringAsync(logout.Headers.Location!, Cancellation);

        Assert.Contains("<link rel=\"stylesheet\" href=\"/_content/FlowDocs.Studio/studio.css\">", page, StringComparison.Ordinal);
        Assert.Contains("<header class=\"account-bar\"><a href=\"/studio\">FlowDocs Studio</a></header>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"status\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/account/login?signedOut=1", logout.Headers.Location!.ToString());
        Assert.Contains("<p class=\"success\" role=\"status\">You are signed out.</p>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_change_password_page_states_the_rules_up_front()
    {
        var browser = _host.Browser();
        await LoginAsync(browser, AdminEmail, AdminPassword);

        var page = await browser.GetStringAsync(new Uri("/account/password", UriKind.Relative), Cancellation);

        Assert.Contains("<p class=\"hint\" id=\"password-rules\">At least 10 characters, with a capital letter, a small letter, a digit and a symbol such as ! or #.</p>", page, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"password-rules\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_without_antiforgery_token_is_400()
    {
        var response = await _host.Browser().PostAsync(
            new Uri("/account/login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = AdminEmail, ["password"] = AdminPassword }),
            Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Ten_wrong_passwords_lock_the_account()
    {
        var browser = _host.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            statuses.Add((await LoginAsync(browser, AdminEmail, "Wrong-passw0rd!")).StatusCode);
        }

        var correct = await LoginAsync(browser, AdminEmail, AdminPassword);

        Assert.All(statuses[..9], s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal((HttpStatusCode)423, statuses[9]);
        Assert.Equal((HttpStatusCode)423, correct.StatusCode);
        Assert.Contains("locked", await correct.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_url_to_another_site_is_replaced_by_home()
    {
        var browser = _host.Browser();

        var login = await LoginAsync(browser, AdminEmail, AdminPassword, new Uri("/account/login?returnUrl=https%3A%2F%2Fevil.example%2F", UriKind.Relative));

        Assert.Equal("/", login.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Pages_carry_security_headers()
    {
        var response = await _host.Browser().GetAsync(new Uri("/account/login", UriKind.Relative), Cancellation);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // The Studio's stylesheet (same site) may style the page; nothing else may load.
        Assert.Contains("style-src 'self' 'unsafe-inline'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Authorize_without_session_sends_the_visitor_to_the_login_page()
    {
        var response = await _host.Browser().GetAsync(
            new Uri($"/connect/authorize?client_id=flowdocs-studio&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=S256", UriKind.Relative),
            Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Authorize_without_pkce_is_rejected()
    {
        var response = await _host.Browser().GetAsync(
            new Uri($"/connect/authorize?client_id=flowdocs-studio&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid", UriKind.Relative),
            Cancellation);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("code_challenge", response.Headers.Location?.ToString() ?? await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }
}

/// <summary>The discovery document announces the flows, scopes and the configured issuer.</summary>
public sealed class DiscoveryTests : IAsyncDisposable
{
    private readonly IdentityHost _host = new(StoreProfile.Embedded);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Discovery_lists_endpoints_grants_scopes_and_the_configured_issuer()
    {
        _host.Factory.With(IdentitySettings.IssuerKey, "https://flowdocs.example.com/");

        var discovery = await _host.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/.well-known/openid-configuration", UriKind.Relative), Cancellation);

        Assert.Equal("https://flowdocs.example.com/", discovery.GetProperty("issuer").GetString());
        Assert.EndsWith("/connect/token", discovery.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        foreach (var endpoint in new[] { "authorization_endpoint", "userinfo_endpoint", "end_session_endpoint", "revocation_endpoint", "introspection_endpoint", "jwks_uri" })
        {
            Assert.True(discovery.TryGetProperty(endpoint, out _), endpoint);
        }

        Assert.Equal(
            ["authorization_code", "client_credentials", "refresh_token"],
            discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(g => g.GetString()));
        var scopes = discovery.GetProperty("scopes_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Contains(IdentitySettings.ApiScope, scopes);
        Assert.Contains("roles", scopes);
    }
}

/// <summary>A burst at the token endpoint is answered with 429 before any secret is checked.</summary>
public sealed class TokenRateLimitTests : IAsyncDisposable
{
    private readonly IdentityHost _host = new(StoreProfile.Embedded);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Token_endpoint_answers_429_under_a_burst()
    {
        _host.Factory.With(IdentitySettings.TokenRateLimitKey, "5");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var response = await _host.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", "nobody"), ("client_secret", "guess"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
