using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Testing;
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

    public HttpClient WithToken(string accessToken)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
