using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

public sealed class EmbeddedAdminApiTests() : AdminApiTests(StoreProfile.Embedded);

public sealed class ProductionAdminApiTests() : AdminApiTests(StoreProfile.Production);

/// <summary>The admin API through HTTP with real tokens: invitations, roles, service clients, tenants, isolation.</summary>
public abstract class AdminApiTests(StoreProfile profile) : IAsyncDisposable
{
    private readonly IdentityHost _host = new(profile);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<HttpClient> AsServiceClientAsync(Guid tenant, params string[] roles)
    {
        var token = await _host.ClientCredentialsAsync(await _host.CreateServiceClientAsync(tenant, roles));
        return _host.WithToken(token.GetProperty("access_token").GetString()!);
    }

    private async Task<HttpClient> AsPlatformAdminAsync() =>
        _host.WithToken((await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword)).GetProperty("access_token").GetString()!);

    private static Uri Api(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

    [Fact]
    public async Task Members_read_the_names_of_their_tenants_users_and_clients_and_nobody_elses()
    {
        var tenant = await _host.DefaultTenantAsync();
        var admin = await AsServiceClientAsync(tenant, FlowDocsRoles.Admin);
        var member = await AsServiceClientAsync(tenant, FlowDocsRoles.Member);
        var ann = await JsonAsync(await admin.PostAsJsonAsync(Api("/api/admin/users"), new { email = "ann@people.test", displayName = "Ann Analyst", roles = new[] { "Member" } }, Cancellation));
        var annId = ann.GetProperty("user").GetProperty("id").GetString()!;
        var integration = await _host.CreateServiceClientAsync(tenant, FlowDocsRoles.Member);
        var platform = await AsPlatformAdminAsync();
        var tenantCreation = await platform.PostAsJsonAsync(Api("/api/admin/tenants"), new { name = "People other", adminEmail = "boss@people.test", adminDisplayName = "Other Boss" }, Cancellation);
        var other = await JsonAsync(tenantCreation);
        var otherTenant = Guid.Parse(other.GetProperty("tenant").GetProperty("id").GetString()!);
        var located = await JsonAsync(await platform.GetAsync(Api(tenantCreation.Headers.Location!.OriginalString), Cancellation));
        Assert.Equal("People other", located.GetProperty("name").GetString());
        var stranger = await AsServiceClientAsync(otherTenant, FlowDocsRoles.Member);

        var query = $"/api/people?id={annId}&id={integration.Client.ClientId}&id={Guid.NewGuid()}&id=system&id={annId}&id={annId.ToUpperInvariant()}";
        var names = await JsonAsync(await member.GetAsync(Api(query), Cancellation));
        var elsewhere = await JsonAsync(await stranger.GetAsync(Api(query), Cancellation));
        var tooMany = await member.GetAsync(Api("/api/people?" + string.Join("&", Enumerable.Range(0, 101).Select(i => $"id=u{i}"))), Cancellation);
        var anonymous = await _host.Factory.CreateClient().GetAsync(Api($"/api/people?id={annId}"), Cancellation);

        Assert.Equal(
            [(annId, "Ann Analyst", "user"), (integration.Client.ClientId, "Test integration", "client")],
            names.GetProperty("items").EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("displayName").GetString(), p.GetProperty("kind").GetString())));
        Assert.Empty(elsewhere.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.True((await JsonAsync(tooMany)).GetProperty("errors").TryGetProperty("id", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Invited_user_sets_a_password_once_and_signs_in_with_it()
    {
        var admin = await AsServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);

        var created = await admin.PostAsJsonAsync(Api("/api/admin/users"), new { email = "ann@example.test", displayName = "Ann", roles = new[] { "member", "Reviewer" } }, Cancellation);
        var body = await JsonAsync(created);
        var link = new Uri(body.GetProperty("setPasswordLink").GetString()!);
        var browser = _host.Browser();
        var page = await browser.GetStringAsync(new Uri(link.PathAndQuery, UriKind.Relative), Cancellation);
        var form = SetPasswordForm(page, "Ann-Passw0rd!x");
        var set = await browser.PostAsync(Api("/account/set-password"), new FormUrlEncodedContent(form), Cancellation);
        var signedIn = await browser.GetAsync(Api("/api/me"), Cancellation);
        var reuse = await browser.PostAsync(Api("/account/set-password"), new FormUrlEncodedContent(form), Cancellation);
        var reopened = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative), Cancellation);
        var reopenedPage = await reopened.Content.ReadAsStringAsync(Cancellation);
        var token = await _host.AuthorizationCodeAsync("ann@example.test", "Ann-Passw0rd!x");
        var me = await _host.WithToken(token.GetProperty("access_token").GetString()!).GetFromJsonAsync<JsonElement>(Api("/api/me"), Cancellation);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([FlowDocsRoles.Member, FlowDocsRoles.Reviewer], body.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        // The page names whose password it sets and states the rules (from the Identity options) before anything is typed.
        Assert.Contains("autocomplete=\"username\" readonly value=\"ann@example.test\"", page, StringComparison.Ordinal);
        Assert.Contains("At least 10 characters, with a capital letter, a small letter, a digit and a symbol such as ! or #.", page, StringComparison.Ordinal);
        // Setting it signs them in and they land on My work, which confirms it.
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/studio?passwordSet=true", set.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        // The used link says so instead of offering the form again.
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reopened.StatusCode);
        Assert.Contains("This invitation link has already been used", reopenedPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", reopenedPage, StringComparison.Ordinal);
        Assert.Equal("Ann", me.GetProperty("displayName").GetString());
        Assert.Equal([FlowDocsRoles.Member, FlowDocsRoles.Reviewer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());
    }

    [Fact]
    public async Task A_password_that_breaks_the_rules_is_refused_with_the_form_kept_and_the_link_still_works()
    {
        var admin = await AsServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);
        var created = await JsonAsync(await admin.PostAsJsonAsync(Api("/api/admin/users"), new { email = "weak@example.test", displayName = "Wes", roles = new[] { "Member" } }, Cancellation));
        var link = new Uri(created.GetProperty("setPasswordLink").GetString()!);
        var browser = _host.Browser();
        var page = await browser.GetStringAsync(new Uri(link.PathAndQuery, UriKind.Relative), Cancellation);
        var form = SetPasswordForm(page, "short");

        var weak = await browser.PostAsync(Api("/account/set-password"), new FormUrlEncodedContent(form), Cancellation);
        var weakPage = await weak.Content.ReadAsStringAsync(Cancellation);
        form["password"] = "Wes-Passw0rd!x";
        var strong = await browser.PostAsync(Api("/account/set-password"), new FormUrlEncodedContent(form), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("role=\"alert\">Passwords must be at least 10 characters.", weakPage, StringComparison.Ordinal);
        Assert.Contains("id=\"password-rules\">At least 10 characters", weakPage, StringComparison.Ordinal);
        Assert.Contains("readonly value=\"weak@example.test\"", weakPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, strong.StatusCode);
        Assert.Equal("/studio?passwordSet=true", strong.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_users_list_searches_e_mail_and_name_in_any_case_within_the_tenant()
    {
        var admin = await AsServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);
        foreach (var (email, name) in new[] { ("ann.lee@search.test", "Ann Lee"), ("bob@search.test", "Bob Smith"), ("carla@elsewhere.test", "Carla Smithers") })
        {
            var created = await admin.PostAsJsonAsync(Api("/api/admin/users"), new { email, displayName = name, roles = new[] { "Member" } }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A Smith in another tenant is not found.
        var platform = await AsPlatformAdminAsync();
        var otherTenant = await platform.PostAsJsonAsync(Api("/api/admin/tenants"), new { name = "Search other", adminEmail = "smith@search.test", adminDisplayName = "Other Smith" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, otherTenant.StatusCode);

        async Task<List<string?>> EmailsAsync(string query)
        {
            var list = await JsonAsync(await admin.GetAsync(Api("/api/admin/users?" + query), Cancellation));
            return list.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("email").GetString()).ToList();
        }

        Assert.Equal(["ann.lee@search.test", "bob@search.test"], await EmailsAsync("search=SEARCH.test"));
        Assert.Equal(["bob@search.test", "carla@elsewhere.test"], await EmailsAsync("search=smith"));
        Assert.Equal(["ann.lee@search.test"], await EmailsAsync("search=" + Uri.EscapeDataString(" ann L ")));
        Assert.Equal(["bob@search.test"], await EmailsAsync("search=smith&pageSize=1"));
        Assert.Empty(await EmailsAsync("search=" + Uri.EscapeDataString("100%_")));
        Assert.Contains(AdminEmail, await EmailsAsync("search="));

        var tooLong = await admin.GetAsync(Api("/api/admin/users?search=" + new string('x', 257)), Cancellation);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.True((await JsonAsync(tooLong)).GetProperty("errors").TryGetProperty("search", out _));
    }

    [Fact]
    public async Task Creating_users_validates_and_rejects_duplicates()
    {
        var admin = await AsServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);

        var invalid = await admin.PostAsJsonAsync(Api("/api/admin/users"), new { email = "not-an-address", displayName = "", roles = new[] { "Nope" } }, Cancellation);
        var duplicate = await admin.PostAsJsonAsync(Api("/api/admin/users"), new { email = AdminEmail, displayName = "Again", roles = Array.Empty<string>() }, Cancellation);
        var problem = await JsonAsync(invalid);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));
        Assert.Contains("Nope", problem.GetProperty("errors").GetProperty("roles")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Role_changes_and_disabling_take_effect_on_tokens()
    {
        var tenant = await _host.DefaultTenantAsync();
        var admin = await AsServiceClientAsync(tenant, FlowDocsRoles.Admin);
        var platform = await AsPlatformAdminAsync();
        var adminId = (await platform.GetFromJsonAsync<JsonElement>(Api("/api/me"), Cancellation)).GetProperty("userId").GetString();

        var roles = await admin.PutAsJsonAsync(Api($"/api/admin/users/{adminId}/roles"), new { roles = new[] { "Admin", "Member", "Designer" } }, Cancellation);
        var refreshedRoles = (await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword)).GetProperty("access_token").GetString()!;
        var me = await _host.WithToken(refreshedRoles).GetFromJsonAsync<JsonElement>(Api("/api/me"), Cancellation);
        var disable = await admin.PostAsync(Api($"/api/admin/users/{adminId}/disable"), null, Cancellation);
        var afterDisable = await platform.GetAsync(Api("/api/me"), Cancellation);
        var login = await LoginAsync(_host.Browser(), AdminEmail, AdminPassword);

        Assert.Equal(HttpStatusCode.OK, roles.StatusCode);
        Assert.Contains(me.GetProperty("roles").EnumerateArray(), r => r.GetString() == FlowDocsRoles.Designer);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.False((await JsonAsync(disable)).GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, afterDisable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Service_client_secret_is_shown_once_rotates_and_disabling_revokes()
    {
        var admin = await AsServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);

        var creation = await admin.PostAsJsonAsync(Api("/api/admin/service-clients"), new { displayName = "Importer", roles = new[] { "member" } }, Cancellation);
        var created = await JsonAsync(creation);
        var id = created.GetProperty("client").GetProperty("id").GetString();
        // Location names a URL that answers, with the client and never its secret.
        var located = await JsonAsync(await admin.GetAsync(Api(creation.Headers.Location!.OriginalString), Cancellation));
        Assert.Equal(id, located.GetProperty("id").GetString());
        Assert.DoesNotContain(created.GetProperty("clientSecret").GetString()!, located.ToString(), StringComparison.Ordinal);
        var clientId = created.GetProperty("client").GetProperty("clientId").GetString()!;
        var firstSecret = created.GetProperty("clientSecret").GetString()!;
        var list = await admin.GetStringAsync(Api("/api/admin/service-clients"), Cancellation);
        var rotated = await JsonAsync(await admin.PostAsync(Api($"/api/admin/service-clients/{id}/secret"), null, Cancellation));
        var oldSecret = await _host.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", firstSecret));
        var newToken = await _host.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", rotated.GetProperty("clientSecret").GetString()!), ("scope", IdentitySettings.ApiScope));
        var access = (await JsonAsync(newToken)).GetProperty("access_token").GetString()!;
        var meBefore = await _host.WithToken(access).GetFromJsonAsync<JsonElement>(Api("/api/me"), Cancellation);
        var disable = await admin.PostAsync(Api($"/api/admin/service-clients/{id}/disable"), null, Cancellation);
        var meAfter = await _host.WithToken(access).GetAsync(Api("/api/me"), Cancellation);
        var afterDisable = await _host.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", rotated.GetProperty("clientSecret").GetString()!));

        Assert.Equal([FlowDocsRoles.Member], created.GetProperty("client").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain(firstSecret, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Api($"/api/admin/service-clients/{Guid.NewGuid()}"), Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSecret.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newToken.StatusCode);
        Assert.Equal([FlowDocsRoles.Member], meBefore.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, meAfter.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, afterDisable.StatusCode);
    }

    [Fact]
    public async Task Platform_admin_manages_tenants_and_tenants_do_not_see_each_other()
    {
        var platform = await AsPlatformAdminAsync();
        var tenantAdmin = await AsServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);

        var forbidden = await tenantAdmin.GetAsync(Api("/api/admin/tenants"), Cancellation);
        var created = await platform.PostAsJsonAsync(Api("/api/admin/tenants"), new { name = "Acme", adminEmail = "boss@acme.test", adminDisplayName = "Boss" }, Cancellation);
        var body = await JsonAsync(created);
        var duplicate = await platform.PostAsJsonAsync(Api("/api/admin/tenants"), new { name = "Acme", adminEmail = "other@acme.test" }, Cancellation);
        var acme = body.GetProperty("tenant").GetProperty("id").GetGuid();
        var acmeUser = body.GetProperty("adminUserId").GetString();
        var acmeCredentials = await _host.CreateServiceClientAsync(acme, FlowDocsRoles.Admin);
        var acmeAdmin = _host.WithToken((await _host.ClientCredentialsAsync(acmeCredentials)).GetProperty("access_token").GetString()!);
        var acmeRoles = await acmeAdmin.GetFromJsonAsync<JsonElement>(Api("/api/admin/roles"), Cancellation);
        var crossGet = await tenantAdmin.GetAsync(Api($"/api/admin/users/{acmeUser}"), Cancellation);
        var crossDisable = await tenantAdmin.PostAsync(Api($"/api/admin/users/{acmeUser}/disable"), null, Cancellation);
        var ownList = await acmeAdmin.GetFromJsonAsync<JsonElement>(Api("/api/admin/users"), Cancellation);
        var disableAcme = await platform.PostAsync(Api($"/api/admin/tenants/{acme}/disable"), null, Cancellation);
        var acmeAfter = await acmeAdmin.GetAsync(Api("/api/me"), Cancellation);
        var acmeToken = await _host.RequestTokenAsync(
            ("grant_type", "client_credentials"), ("client_id", acmeCredentials.Client.ClientId), ("client_secret", acmeCredentials.Secret));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(
            IdentityBootstrap.InitialRoles.Order(StringComparer.Ordinal),
            acmeRoles.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, crossGet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, crossDisable.StatusCode);
        Assert.Equal(["boss@acme.test"], ownList.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("email").GetString()));
        Assert.Equal(HttpStatusCode.OK, disableAcme.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, acmeAfter.StatusCode);
        Assert.Equal("invalid_client", (await JsonAsync(acmeToken)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Roles_can_be_added_once_with_a_valid_name()
    {
        var admin = await AsServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin);

        var created = await admin.PostAsJsonAsync(Api("/api/admin/roles"), new { name = "Legal" }, Cancellation);
        var duplicate = await admin.PostAsJsonAsync(Api("/api/admin/roles"), new { name = "legal" }, Cancellation);
        var invalid = await admin.PostAsJsonAsync(Api("/api/admin/roles"), new { name = "a,b" }, Cancellation);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False((await JsonAsync(created)).GetProperty("builtIn").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
    }

    [Fact]
    public async Task A_role_is_deleted_only_when_it_is_not_built_in_and_nothing_uses_it()
    {
        var tenant = await _host.DefaultTenantAsync();
        var admin = await AsServiceClientAsync(tenant, FlowDocsRoles.Admin);
        async Task<string> CreateRoleAsync(string name) =>
            (await JsonAsync(await admin.PostAsJsonAsync(Api("/api/admin/roles"), new { name }, Cancellation))).GetProperty("id").GetString()!;
        var unused = await CreateRoleAsync("Audit");
        var heldByUser = await CreateRoleAsync("Legal");
        var heldByClient = await CreateRoleAsync("Robots");
        var offered = await CreateRoleAsync("Finance");
        await admin.PostAsJsonAsync(Api("/api/admin/users"), new { email = "lee@example.test", displayName = "Lee", roles = new[] { "Legal" } }, Cancellation);
        await _host.CreateServiceClientAsync(tenant, "Robots");
        using var upload = new ByteArrayContent([1, 2, 3]);
        upload.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        upload.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "note.txt" };
        var document = await JsonAsync(await admin.PostAsync(Api("/api/documents"), upload, Cancellation));
        var task = await admin.PostAsJsonAsync(
            Api($"/api/documents/{document.GetProperty("document").GetProperty("id").GetGuid()}/tasks"), new { title = "Check the figures", candidateRoles = new[] { "Finance" } }, Cancellation);
        var member = (await admin.GetFromJsonAsync<JsonElement>(Api("/api/admin/roles"), Cancellation)).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == FlowDocsRoles.Member).GetProperty("id").GetString();

        var deleted = await admin.DeleteAsync(Api($"/api/admin/roles/{unused}"), Cancellation);
        var again = await admin.DeleteAsync(Api($"/api/admin/roles/{unused}"), Cancellation);
        var byUser = await admin.DeleteAsync(Api($"/api/admin/roles/{heldByUser}"), Cancellation);
        var byClient = await admin.DeleteAsync(Api($"/api/admin/roles/{heldByClient}"), Cancellation);
        var byTask = await admin.DeleteAsync(Api($"/api/admin/roles/{offered}"), Cancellation);
        var builtIn = await admin.DeleteAsync(Api($"/api/admin/roles/{member}"), Cancellation);
        var names = (await admin.GetFromJsonAsync<JsonElement>(Api("/api/admin/roles"), Cancellation)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();

        Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain("Audit", names);
        Assert.Equal(["Finance", "Legal", "Robots"], names.Where(n => n is "Finance" or "Legal" or "Robots"));
        Assert.Equal(HttpStatusCode.Conflict, byUser.StatusCode);
        Assert.Contains("held by 1 user(s) and 0 service client(s), and offered 0 open task(s)", (await JsonAsync(byUser)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("held by 0 user(s) and 1 service client(s)", (await JsonAsync(byClient)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("offered 1 open task(s)", (await JsonAsync(byTask)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, builtIn.StatusCode);
        Assert.Contains("built in", (await JsonAsync(builtIn)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_may_not_use_the_admin_api()
    {
        var member = await AsServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Member);

        var response = await member.GetAsync(Api("/api/admin/users"), Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
