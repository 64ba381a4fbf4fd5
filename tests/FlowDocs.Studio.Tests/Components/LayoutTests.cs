using Bunit;
using FlowDocs.Common.Security;
using FlowDocs.Studio.Components.Layout;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>The layout brings its own popover provider, so the context must not add one.</summary>
public sealed class LayoutTests() : StudioTestContext(withPopoverProvider: false)
{
    [Fact]
    public void The_navigation_hides_import_sources_from_members() =>
        Assert.DoesNotContain("Import sources", Render<MainLayout>().Markup);

    [Fact]
    public void The_navigation_offers_import_sources_to_admins()
    {
        // bUnit decides policies itself; the Studio's policy names are what the layout asks for.
        Authorization.SetPolicies(FlowDocsPolicies.TenantAdmin);

        var layout = Render<MainLayout>();

        Assert.Contains("Import sources", layout.Markup);
        Assert.Contains("member@example.com", layout.Find("[data-testid=signed-in-user]").TextContent);
    }
}
