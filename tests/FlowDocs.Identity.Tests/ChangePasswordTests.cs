using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

public sealed class EmbeddedChangePasswordTests() : ChangePasswordTests(StoreProfile.Embedded);

public sealed class ProductionChangePasswordTests() : ChangePasswordTests(StoreProfile.Production);

/// <summary>A user changes their own password through the API and the account page; the other sessions end.</summary>
public abstract class ChangePasswordTests(StoreProfile profile) : IAsyncDisposable
{
    private const string NewPassword = "Changed-Passw0rd!x";

    private static readonly Uri Me = new("/api/me", UriKind.Relative);
    private static readonly Uri PasswordApi = new("/api/me/password", UriKind.Relative);
    private static readonly Uri PasswordPage = new("/account/password", UriKind.Relative);

    private readonly IdentityHost _host = new(profile);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Changing_through_the_api_takes_the_new_password_and_revokes_every_token_of_the_user()
    {
        var token = await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword);
        var api = _host.WithToken(token.GetProperty("access_token").GetString()!);
        var otherDevice = await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword);

        var changed = await api.PostAsJsonAsync(PasswordApi, new { currentPassword = AdminPassword, newPassword = NewPassword }, Cancellation);
        var refresh = await _host.RequestTokenAsync(
            ("grant_type", "refresh_token"), ("refresh_token", otherDevice.GetProperty("refresh_token").GetString()!), ("client_id", IdentitySettings.StudioClientId));
        var oldAccess = await _host.WithToken(otherDevice.GetProperty("access_token").GetString()!).GetAsync(Me, Cancellation);
        var oldPassword = await LoginAsync(_host.Browser(), AdminEmail, AdminPassword);
        var fresh = await _host.AuthorizationCodeAsync(AdminEmail, NewPassword);
        var meNow = await _host.WithToken(fresh.GetProperty("access_token").GetString()!).GetAsync(Me, Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldAccess.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, meNow.StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_a_weak_or_unchanged_new_one_and_missing_fields_are_422_naming_the_field()
    {
        var api = _host.WithToken((await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword)).GetProperty("access_token").GetString()!);

        var wrong = await api.PostAsJsonAsync(PasswordApi, new { currentPassword = "Not-the-passw0rd!", newPassword = NewPassword }, Cancellation);
        var weak = await api.PostAsJsonAsync(PasswordApi, new { currentPassword = AdminPassword, newPassword = "short" }, Cancellation);
        var same = await api.PostAsJsonAsync(PasswordApi, new { currentPassword = AdminPassword, newPassword = AdminPassword }, Cancellation);
        var missing = await api.PostAsJsonAsync(PasswordApi, new { }, Cancellation);
        var stillOld = await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal("currentPassword is not correct.", (await Errors(wrong, "currentPassword"))[0]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Contains(await Errors(weak, "newPassword"), e => e.Contains("at least", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.StatusCode);
        Assert.Equal("newPassword must differ from currentPassword.", (await Errors(same, "newPassword"))[0]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        var missingErrors = (await missing.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.Equal("currentPassword is required.", missingErrors.GetProperty("currentPassword")[0].GetString());
        Assert.Equal("newPassword is required.", missingErrors.GetProperty("newPassword")[0].GetString());
        Assert.True(stillOld.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_service_clients_403()
    {
        var client = await _host.CreateServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);
        var service = _host.WithToken((await _host.ClientCredentialsAsync(client)).GetProperty("access_token").GetString()!);

        var anonymous = await _host.Anonymous().PostAsJsonAsync(PasswordApi, new { currentPassword = AdminPassword, newPassword = NewPassword }, Cancellation);
        var forbidden = await service.PostAsJsonAsync(PasswordApi, new { currentPassword = "x", newPassword = NewPassword }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task The_account_page_changes_the_password_keeps_this_session_and_ends_the_others()
    {
        var browser = _host.Browser();
        var otherBrowser = _host.Browser();
        var anonymousPage = await _host.Browser().GetAsync(PasswordPage, Cancellation);
        await LoginAsync(browser, AdminEmail, AdminPassword);
        await LoginAsync(otherBrowser, AdminEmail, AdminPassword);

        var wrong = await PostPageAsync(browser, "Not-the-passw0rd!", NewPassword);
        var changed = await PostPageAsync(browser, AdminPassword, NewPassword);
        var meHere = await browser.GetAsync(Me, Cancellation);
        var meThere = await otherBrowser.GetAsync(Me, Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, anonymousPage.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Faccount%2Fpassword", anonymousPage.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("currentPassword is not correct.", await wrong.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("Your password is changed.", await changed.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, meHere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, meThere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(_host.Browser(), AdminEmail, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task Changing_through_the_api_with_the_ui_cookie_keeps_that_session()
    {
        var browser = _host.Browser();
        await LoginAsync(browser, AdminEmail, AdminPassword);

        var changed = await browser.PostAsJsonAsync(PasswordApi, new { currentPassword = AdminPassword, newPassword = NewPassword }, Cancellation);
        var me = await browser.GetAsync(Me, Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostPageAsync(HttpClient browser, string current, string next)
    {
        var page = await browser.GetStringAsync(PasswordPage, Cancellation);
        return await browser.PostAsync(
            PasswordPage,
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = HiddenField(page, "__RequestVerificationToken"),
                ["currentPassword"] = current,
                ["newPassword"] = next,
            }),
            Cancellation);
    }

    private static async Task<string[]> Errors(HttpResponseMessage response, string field) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").GetProperty(field)
            .EnumerateArray().Select(e => e.GetString()!).ToArray();
}
