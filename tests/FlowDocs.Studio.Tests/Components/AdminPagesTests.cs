using AngleSharp.Dom;
using Bunit;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Pages;
using Microsoft.JSInterop;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>The administrator's pages: users and roles, service clients (the policy itself is tested through HTTP).</summary>
public sealed class AdminPagesTests : StudioTestContext
{
    private static IElement Button(IRenderedComponent<UsersAndRoles> page, string label) =>
        page.FindAll("button").Single(b => b.GetAttribute("aria-label") == label || (b.GetAttribute("aria-label") is null && b.TextContent.Trim() == label));

    private static void Check<T>(IRenderedComponent<T> page, string picker, string role, bool on)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        page.Find($"[data-testid={picker}] [data-role={role}] input[type=checkbox]").Change(on);

    [Fact]
    public void The_user_search_asks_the_api_and_lists_only_what_it_answers()
    {
        Api.Users.Add(FakeStudioApi.NewUser("ann@example.test"));
        Api.Users.Add(FakeStudioApi.NewUser("bob@example.test"));
        var page = Render<UsersAndRoles>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count));

        page.Find("#user-search").Input("BOB ");

        page.WaitForAssertion(() => Assert.Contains("users 1 search BOB", Api.Calls), TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal(["bob@example.test"], page.FindAll("[data-testid=users] tbody tr").Select(r => r.Children[0].TextContent.Trim())));

        page.Find("#user-search").Input("nobody");
        page.WaitForAssertion(() => Assert.Contains("No user's name or e-mail contains \"nobody\".", page.Find("[data-testid=users]").TextContent), TimeSpan.FromSeconds(5));

        page.Find("#user-search").Input("");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count), TimeSpan.FromSeconds(5));
        Assert.Equal("users 1", Api.Calls.Last(c => c.StartsWith("users", StringComparison.Ordinal)));
    }

    [Fact]
    public void Users_are_listed_and_a_created_user_comes_with_a_one_time_link_to_copy()
    {
        Api.Users.Add(FakeStudioApi.NewUser("ann@example.test", roles: ["Admin", "Member"]));
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetVoidResult();
        var page = Render<UsersAndRoles>();
        page.WaitForAssertion(() => Assert.Contains("Admin, Member", page.Find("[data-testid=users] tbody").TextContent));
        Assert.Equal(["Admin", "Member", "Reviewer"], page.FindAll("[data-testid=roles] tbody tr").Select(r => r.Children[0].TextContent.Trim()));

        page.Find("#new-user-email").Input("bob@example.test");
        page.Find("#new-user-name").Input("Bob");
        Check(page, "new-user-roles", "Reviewer", true);
        page.Find("[data-testid=create-user]").Click();

        page.WaitForAssertion(() => Assert.Contains("create user bob@example.test Bob [Reviewer]", Api.Calls));
        var link = page.Find("#set-password-link").GetAttribute("value");
        Assert.StartsWith("https://flowdocs.test/account/set-password?user=", link, StringComparison.Ordinal);
        Assert.Contains("Send this link to bob@example.test", page.Find("[data-testid=one-time-secret]").TextContent);
        Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count);
        Assert.Contains("Reviewer", page.FindAll("[data-testid=users] tbody tr")[1].TextContent);

        page.Find("[data-testid=copy-secret]").Click();
        Assert.Equal(link, JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]);
        page.WaitForAssertion(() => Assert.Equal("Copied to the clipboard.", page.Find("[data-testid=copy-result]").TextContent.Trim()));
    }

    [Fact]
    public void A_refused_creation_shows_the_api_problem_and_keeps_the_form()
    {
        var page = Render<UsersAndRoles>();
        page.WaitForAssertion(() => Assert.Contains("roles", Api.Calls));
        page.Find("#new-user-email").Input("ann@example.test");
        page.Find("#new-user-name").Input("Ann");

        Api.Failure = new StudioApiException(409, "A user with the e-mail address ann@example.test already exists.");
        page.Find("[data-testid=create-user]").Click();

        page.WaitForAssertion(() => Assert.Equal("A user with the e-mail address ann@example.test already exists.", page.Find("[data-testid=error]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=one-time-secret]"));
        Assert.Equal("ann@example.test", page.Find("#new-user-email").GetAttribute("value"));
    }

    [Fact]
    public void Roles_are_replaced_through_the_editor_with_the_tenants_roles()
    {
        var ann = FakeStudioApi.NewUser("ann@example.test", roles: ["Member"]);
        Api.Users.Add(ann);
        var page = Render<UsersAndRoles>();
        page.WaitForAssertion(() => Button(page, "Change roles of ann@example.test").Click());

        Assert.Equal(3, page.FindAll("[data-testid=edit-roles] input[type=checkbox]").Count);
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)page.Find("[data-testid=edit-roles] [data-role=Member] input")).IsChecked);
        Assert.False(((AngleSharp.Html.Dom.IHtmlInputElement)page.Find("[data-testid=edit-roles] [data-role=Reviewer] input")).IsChecked);
        Check(page, "edit-roles", "Member", false);
        Check(page, "edit-roles", "Reviewer", true);
        page.Find("[data-testid=save-roles]").Click();

        page.WaitForAssertion(() => Assert.Contains($"roles {ann.Id} [Reviewer]", Api.Calls));
        Assert.Equal("Reviewer", page.Find("[data-testid=user-roles]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=role-editor]"));
        Assert.Contains("take effect with the user's next sign-in", page.Find("[data-testid=message]").TextContent);
    }

    [Fact]
    public void Re_invite_shows_a_new_link_and_disable_enable_flip_the_user_and_refusals_are_shown()
    {
        var ann = FakeStudioApi.NewUser("ann@example.test", roles: ["Member"]);
        Api.Users.Add(ann);
        var page = Render<UsersAndRoles>();
        page.WaitForAssertion(() => Button(page, "Re-invite ann@example.test").Click());

        page.WaitForAssertion(() => Assert.EndsWith("token=again", page.Find("#set-password-link").GetAttribute("value"), StringComparison.Ordinal));

        Button(page, "Disable ann@example.test").Click();
        page.WaitForAssertion(() => Assert.Contains("no", page.FindAll("[data-testid=users] tbody td")[3].TextContent));
        Assert.Contains($"disable user {ann.Id}", Api.Calls);

        Api.Failure = new StudioApiException(404, "No user exists in your tenant.");
        Button(page, "Enable ann@example.test").Click();
        page.WaitForAssertion(() => Assert.Equal("No user exists in your tenant.", page.Find("[data-testid=error]").TextContent.Trim()));

        Button(page, "Enable ann@example.test").Click();
        page.WaitForAssertion(() => Assert.Equal("yes", page.FindAll("[data-testid=users] tbody td")[3].TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=error]"));
    }

    [Fact]
    public void A_created_role_is_listed_and_offered_to_users_and_a_duplicate_is_refused_in_the_apis_words()
    {
        var page = Render<UsersAndRoles>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=roles] tbody tr").Count));

        page.Find("#new-role-name").Input("Legal");
        page.Find("[data-testid=create-role]").Click();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=roles] tbody tr").Count));
        Assert.Contains("create role Legal", Api.Calls);
        Assert.NotNull(page.Find("[data-testid=new-user-roles] [data-role=Legal] input"));

        page.Find("#new-role-name").Input("legal");
        Api.Failure = new StudioApiException(409, "The role legal already exists.");
        page.Find("[data-testid=create-role]").Click();
        page.WaitForAssertion(() => Assert.Equal("The role legal already exists.", page.Find("[data-testid=error]").TextContent.Trim()));
        Assert.Equal(4, page.FindAll("[data-testid=roles] tbody tr").Count);
    }

    [Fact]
    public void A_created_service_client_shows_its_secret_once_with_a_warning_and_rotation_shows_the_new_one()
    {
        var page = Render<ServiceClients>();
        page.WaitForAssertion(() => Assert.Contains("clients", Api.Calls));

        page.Find("#new-client-name").Input("Archive sync");
        Check(page, "new-client-roles", "Member", true);
        page.Find("[data-testid=create-client]").Click();

        page.WaitForAssertion(() => Assert.Equal("secret-1", page.Find("#client-secret").GetAttribute("value")));
        Assert.Contains("create client Archive sync [Member]", Api.Calls);
        Assert.Contains("shown only now", page.Find("[data-testid=one-time-secret]").TextContent);
        Assert.Contains("svc-0", page.Find("[data-testid=service-clients] tbody").TextContent);
        Assert.Contains("Member", page.Find("[data-testid=service-clients] tbody").TextContent);

        page.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Close").Click();
        Assert.Empty(page.FindAll("[data-testid=one-time-secret]"));

        page.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Rotate the secret of Archive sync").Click();
        page.WaitForAssertion(() => Assert.Equal("secret-2", page.Find("#client-secret").GetAttribute("value")));
        Assert.Contains("old secret of Archive sync no longer works", page.Find("[data-testid=message]").TextContent);
    }

    [Fact]
    public void A_service_client_is_disabled_and_enabled_and_a_failed_copy_says_what_to_do()
    {
        Api.Clients.Add(new ServiceClientItem(Guid.NewGuid(), "svc-a", "Archive sync", ["Member"], true, DateTimeOffset.UnixEpoch));
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetException(new JSException("Clipboard permission denied."));
        var page = Render<ServiceClients>();
        page.WaitForAssertion(() => page.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Disable Archive sync").Click());

        page.WaitForAssertion(() => Assert.Contains("is disabled; its tokens are revoked", page.Find("[data-testid=message]").TextContent));
        Assert.False(Api.Clients[0].Enabled);
        page.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Enable Archive sync").Click();
        page.WaitForAssertion(() => Assert.True(Api.Clients[0].Enabled));

        page.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Rotate the secret of Archive sync").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=copy-secret]").Click());
        page.WaitForAssertion(() => Assert.Contains("select the text and copy it yourself", page.Find("[data-testid=copy-result]").TextContent));
    }
}
