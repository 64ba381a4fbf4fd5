using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Identity.Tests;

/// <summary>A running FlowDocs and the helpers identity tests share: real clients, real tokens.</summary>
public sealed class IdentityHost(StoreProfile profile) : IAsyncDisposable
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Admin-Passw0rd!";
    public const string RedirectUri = "https://localhost/callback";

    public FlowDocsFactory Factory { get; } = new FlowDocsFactory(profile)
        .With(IdentitySettings.AdminEmailKey, AdminEmail)
        .With(IdentitySettings.AdminPasswordKey, AdminPassword)
        .With(IdentitySettings.StudioRedirectUrisKey, RedirectUri)
        .With(IdentitySettings.StudioPostLogoutRedirectUrisKey, "https://localhost/signed-out");

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public HttpClient Anonymous() =>
        Factory.CreateClient(new() { BaseAddress = Factory.ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = false });

    public async Task<Guid> DefaultTenantAsync() =>
        await WithDbAsync(db => db.Set<Tenant>().Where(t => t.IsDefault).Select(t => t.Id).SingleAsync(Cancellation));

    public async Task<T> WithDbAsync<T>(Func<FlowDocsDbContext, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>());
    }

    public async Task<ServiceClientCredentials> CreateServiceClientAsync(Guid tenantId, params string[] roles)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServiceClients>().CreateAsync(tenantId, "Test integration", roles, Cancellation);
    }

    public async Task<HttpResponseMessage> RequestTokenAsync(params (string Key, string Value)[] form)
    {
        var client = Anonymous();
        return await client.PostAsync(
            new Uri("/connect/token", UriKind.Relative),
            new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Key, p.Value))),
            Cancellation);
    }

    public async Task<JsonElement> ClientCredentialsAsync(ServiceClientCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var response = await RequestTokenAsync(
            ("grant_type", "client_credentials"),
            ("client_id", credentials.Client.ClientId),
            ("client_secret", credentials.Secret),
            ("scope", IdentitySettings.ApiScope));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (the test follows them).</summary>
    public HttpClient Browser(CookieContainer? cookies = null) => Browser(Factory, cookies ?? new CookieContainer());

    public static HttpClient Browser(FlowDocsFactory factory, CookieContainer cookies)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
    }

    public const string AllScopes = "openid profile email roles offline_access flowdocs.api";

    /// <summary>
    /// Authorization code + PKCE the way the UI does it: authorize → login page → login form → authorize →
    /// redirect with the code → token endpoint.
    /// </summary>
    public async Task<JsonElement> AuthorizationCodeAsync(string email, string password, string scope = AllScopes, HttpClient? browser = null)
    {
        browser ??= Browser();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = IdentitySettings.StudioClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "state-1",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

        var response = await browser.GetAsync(new Uri(authorize, UriKind.Relative), Cancellation);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath == "/account/login")
        {
            response = await LoginAsync(browser, email, password, response.Headers.Location);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            response = await browser.GetAsync(response.Headers.Location, Cancellation);
        }

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var callback = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("state-1", query["state"].ToString());

        var token = await RequestTokenAsync(
            ("grant_type", "authorization_code"),
            ("code", query["code"].ToString()),
            ("redirect_uri", RedirectUri),
            ("client_id", IdentitySettings.StudioClientId),
            ("code_verifier", verifier));
        var body = await token.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(token.IsSuccessStatusCode, body.ToString());
        return body;
    }

    /// <summary>Opens the login page (for its antiforgery token) and posts the form.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(HttpClient browser, string email, string password, Uri? loginPage = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var page = await browser.GetStringAsync(loginPage ?? new Uri("/account/login", UriKind.Relative), Cancellation);
        return await browser.PostAsync(
            new Uri("/account/login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = HiddenField(page, "__RequestVerificationToken"),
                ["returnUrl"] = System.Net.WebUtility.HtmlDecode(HiddenField(page, "returnUrl")),
                ["email"] = email,
                ["password"] = password,
            }),
            Cancellation);
    }

    /// <summary>The set-password form as the invitation page fills it, with <paramref name="password"/> typed in.</summary>
    public static Dictionary<string, string> SetPasswordForm(string page, string password) => new()
    {
        ["__RequestVerificationToken"] = HiddenField(page, "__RequestVerificationToken"),
        ["userId"] = HiddenField(page, "userId"),
        ["token"] = System.Net.WebUtility.HtmlDecode(HiddenField(page, "token")),
        ["password"] = password,
    };

    public static string HiddenField(string html, string name)
    {
        var match = Regex.Match(html ?? string.Empty, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        Assert.True(match.Success, $"The page has no field {name}: {html}");
        return match.Groups[1].Value;
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public HttpClient WithToken(string accessToken)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
