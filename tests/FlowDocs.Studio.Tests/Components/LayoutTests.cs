using Bunit;
using FlowDocs.Common.Security;
using FlowDocs.Studio.Components.Layout;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>The layout brings its own popover provider, so the context must not add one.</summary>
public sealed class LayoutTests() : StudioTestContext(withPopoverProvider: false)
{
    [Fact]
    public void The_navigation_hides_the_admin_pages_from_members()
    {
        var markup = Render<MainLayout>().Markup;

        Assert.DoesNotContain("Import sources", markup);
        Assert.DoesNotContain("Users and roles", markup);
        Assert.DoesNotContain("Service clients", markup);
    }

    [Fact]
    public void The_navigation_offers_the_admin_pages_to_admins()
    {
        // bUnit decides policies itself; the Studio's policy names are what the layout asks for.
        Authorization.SetPolicies(FlowDocsPolicies.TenantAdmin);

        var layout = Render<MainLayout>();

        Assert.Contains("Import sources", layout.Markup);
        Assert.Equal(["/studio/admin/users", "/studio/admin/service-clients"],
            layout.FindAll("a[href^='/studio/admin/']").Select(a => a.GetAttribute("href")));
        Assert.Contains("member@example.com", layout.Find("[data-testid=signed-in-user]").TextContent);
    }
}
