using FlowDocs.Studio.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Studio.Tests.Components;

public sealed class HomeTests : StudioTestContext
{
    [Fact]
    public void The_studio_address_opens_the_documents()
    {
        Render<Home>();

        Assert.Equal("http://localhost/studio/documents", Services.GetRequiredService<NavigationManager>().Uri);
    }
}
