using Bunit;
using Bunit.TestDoubles;
using FlowDocs.Common.Security;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;
using Microsoft.AspNetCore.Components.Forms;
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
        Services.AddScoped<DocumentTitles>();
        Services.AddSingleton<TimeProvider>(Clock);
        // The server-rendered pages' forms carry an antiforgery token; this one is fixed, so tests can find it.
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
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

    /// <summary>The pages' clock: "now" for relative times ("2 hours ago") is fixed.</summary>
    protected static DateTimeOffset Now { get; } = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    protected FixedClock Clock { get; } = new(Now);

    /// <summary>What the document list uploads with; a test may lower the threshold and chunk size before rendering.</summary>
    protected StudioUploadOptions Uploads { get; set; } = StudioUploadOptions.Default with { RetryDelay = TimeSpan.Zero };

    protected BunitAuthorizationContext Authorization { get; }
}

/// <summary>A clock standing still at one moment.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Hands out one known antiforgery token.</summary>
public sealed class FixedAntiforgery : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken GetAntiforgeryToken() => new("the-token", "__RequestVerificationToken");
}
