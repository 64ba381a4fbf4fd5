using Bunit;
using Bunit.TestDoubles;
using FlowDocs.Common.Security;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>A bUnit context with MudBlazor, the fake API and a signed-in member (user id "me").</summary>
public abstract class StudioTestContext : BunitContext
{
    protected StudioTestContext(bool withPopoverProvider = true)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IStudioApi>(Api);
        Services.AddSingleton<StudioUploadOptions>(_ => Uploads);
        Services.AddScoped<FlowDocs.Studio.Logic.Designer.DesignerClipboard>();
        Services.AddScoped<PeopleNames>();
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("member@example.com");
        Authorization.SetClaims(new System.Security.Claims.Claim(FlowDocsClaims.Subject, "me"));
        if (withPopoverProvider)
        {
            // Selects and menus render into the popover provider, as in the Studio's layout.
            Render<MudPopoverProvider>();
        }
    }

    protected FakeStudioApi Api { get; } = new();

    /// <summary>What the document list uploads with; a test may lower the threshold and chunk size before rendering.</summary>
    protected StudioUploadOptions Uploads { get; set; } = StudioUploadOptions.Default with { RetryDelay = TimeSpan.Zero };

    protected BunitAuthorizationContext Authorization { get; }
}
