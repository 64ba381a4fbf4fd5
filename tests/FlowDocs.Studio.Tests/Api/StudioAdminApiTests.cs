using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Studio.Api;
using FlowDocs.Testing;

namespace FlowDocs.Studio.Tests.Api;

/// <summary>The admin calls of the Studio's API client against the real identity API, in a tenant of their own.</summary>
public sealed class StudioAdminApiTests(StudioHost host) : IClassFixture<StudioHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A real tenant (its roles and its first administrator come from tenant creation), and that administrator.</summary>
    private async Task<TestUser> NewTenantAdminAsync()
    {
        var name = $"studio-{Guid.NewGuid():N}";
        var platform = host.Client(TestUser.Admin(Guid.NewGuid(), "platform-admin") with { PlatformAdmin = true });
        using var response = await platform.PostAsJsonAsync("/api/admin/tenants", new { name, adminEmail = $"admin@{name}.test", adminDisplayName = "Admin" }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        var tenantId = body.GetProperty("tenant").GetProperty("id").GetGuid();
        return new TestUser(tenantId, body.GetProperty("adminUserId").GetGuid().ToString(), "Admin", "Member");
    }

    [Fact]
    public async Task Users_and_roles_are_created_listed_changed_invited_and_disabled()
    {
        var admin = host.Studio(await NewTenantAdminAsync());

        var legal = await admin.CreateRoleAsync("Legal", Ct);
        var roles = await admin.ListRolesAsync(Ct);
        var created = await admin.CreateUserAsync("lea@example.test", "Lea", ["Member", "Legal"], Ct);
        var listed = await admin.ListUsersAsync(null, 1, Ct);
        var searched = await admin.ListUsersAsync("LEA@example", 1, Ct);
        var notFound = await admin.ListUsersAsync("no such person", 1, Ct);
        var changed = await admin.SetUserRolesAsync(created.User.Id, ["Reviewer"], Ct);
        var invitation = await admin.InviteUserAsync(created.User.Id, Ct);
        var disabled = await admin.SetUserEnabledAsync(created.User.Id, false, Ct);
        var enabled = await admin.SetUserEnabledAsync(created.User.Id, true, Ct);

        Assert.Equal(("Legal", false), (legal.Name, legal.BuiltIn));
        Assert.Contains(roles, r => r is { Name: "Admin", BuiltIn: true });
        Assert.Contains(roles, r => r.Name == "Legal");
        Assert.Equal(["Legal", "Member"], created.User.Roles);
        Assert.True(created.SetPasswordLink.IsAbsoluteUri);
        Assert.Contains(listed.Items, u => u.Email == "lea@example.test" && u.Enabled);
        Assert.True(listed.Items.Count > 1);
        Assert.Equal(["lea@example.test"], searched.Items.Select(u => u.Email));
        Assert.Empty(notFound.Items);
        Assert.Equal(["Reviewer"], changed.Roles);
        Assert.True(invitation.IsAbsoluteUri);
        Assert.NotEqual(created.SetPasswordLink, invitation);
        Assert.False(disabled.Enabled);
        Assert.True(enabled.Enabled);
    }

    [Fact]
    public async Task Admin_refusals_arrive_with_the_apis_text()
    {
        var tenantAdmin = await NewTenantAdminAsync();
        var admin = host.Studio(tenantAdmin);
        var member = host.Studio(TestUser.Member(tenantAdmin.TenantId));

        var unknownRole = await Assert.ThrowsAsync<StudioApiException>(() => admin.CreateUserAsync("x@example.test", "X", ["NoSuchRole"], Ct));
        var duplicateRole = await Assert.ThrowsAsync<StudioApiException>(() => admin.CreateRoleAsync("member", Ct));
        var self = await Assert.ThrowsAsync<StudioApiException>(() => admin.SetUserEnabledAsync(Guid.Parse(tenantAdmin.UserId), false, Ct));
        var forbidden = await Assert.ThrowsAsync<StudioApiException>(() => member.ListUsersAsync(null, 1, Ct));

        Assert.Equal(422, unknownRole.Status);
        Assert.Contains("NoSuchRole", unknownRole.Message, StringComparison.Ordinal);
        Assert.Equal(409, duplicateRole.Status);
        Assert.Equal((409, "You cannot disable yourself."), (self.Status, self.Message));
        Assert.Equal(403, forbidden.Status);
    }

    [Fact]
    public async Task Service_clients_are_created_with_a_secret_rotated_and_disabled()
    {
        var admin = host.Studio(await NewTenantAdminAsync());

        var created = await admin.CreateServiceClientAsync("Archive sync", ["member"], Ct);
        var rotated = await admin.RotateServiceClientSecretAsync(created.Client.Id, Ct);
        var disabled = await admin.SetServiceClientEnabledAsync(created.Client.Id, false, Ct);
        var listed = await admin.ListServiceClientsAsync(Ct);
        var missing = await Assert.ThrowsAsync<StudioApiException>(() => admin.RotateServiceClientSecretAsync(Guid.NewGuid(), Ct));

        Assert.Equal(("Archive sync", true), (created.Client.DisplayName, created.Client.Enabled));
        Assert.Equal(["Member"], created.Client.Roles);
        Assert.False(string.IsNullOrWhiteSpace(created.ClientSecret));
        Assert.NotEqual(created.ClientSecret, rotated.ClientSecret);
        Assert.Equal(created.Client.ClientId, rotated.Client.ClientId);
        Assert.False(disabled.Enabled);
        Assert.Equal([(created.Client.Id, false)], listed.Select(c => (c.Id, c.Enabled)));
        Assert.Equal(404, missing.Status);
    }
}
