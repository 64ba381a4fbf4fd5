using System.Net;
using System.Net.Http.Json;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

public sealed class EmbeddedSessionTests() : SessionTests(StoreProfile.Embedded);

public sealed class ProductionSessionTests() : SessionTests(StoreProfile.Production);

/// <summary>
/// The UI cookie across replicas (Data Protection keys shared through the database) and its end when the
/// account is disabled.
/// </summary>
public abstract class SessionTests(StoreProfile profile) : IAsyncDisposable
{
    private readonly IdentityHost _host = new(profile);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_cookie_from_one_replica_is_accepted_by_another()
    {
        var cookies = new CookieContainer();
        await LoginAsync(_host.Browser(cookies), AdminEmail, AdminPassword);

        // A second server on the same database and data folder: what another web pod sees.
        await using var replica = new FlowDocsFactory(profile)
            .With("FlowDocs:DataPath", _host.Factory.DataPath)
            .With(IdentitySettings.AdminEmailKey, AdminEmail)
            .With(IdentitySettings.AdminPasswordKey, AdminPassword);
        if (_host.Factory.MySqlDatabase is not null)
        {
            replica.With(DataModule.ConnectionStringKey, BackingServices.MySqlDatabase(_host.Factory.MySqlDatabase));
        }

        var response = await Browser(replica, cookies).GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        var keys = await _host.WithDbAsync(db => db.DataProtectionKeys.CountAsync(Cancellation));

        Assert.True(keys > 0, "The Data Protection key ring is not in the database.");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Cancellation)).GetProperty("platformAdmin").GetBoolean());
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_ui_session()
    {
        var browser = _host.Browser();
        var admin = await _host.CreateServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);
        var api = _host.WithToken((await _host.ClientCredentialsAsync(admin)).GetProperty("access_token").GetString()!);
        await LoginAsync(browser, AdminEmail, AdminPassword);
        var me = await browser.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/api/me", UriKind.Relative), Cancellation);

        await api.PostAsync(new Uri($"/api/admin/users/{me.GetProperty("userId").GetString()}/disable", UriKind.Relative), null, Cancellation);
        var after = await browser.GetAsync(new Uri("/api/me", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
