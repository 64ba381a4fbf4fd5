using FlowDocs.Common;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components;
using FlowDocs.Studio.Logic;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MudBlazor.Services;

namespace FlowDocs.Studio;

/// <summary>
/// FlowDocs Studio: the Blazor UI (interactive server rendering, MudBlazor) under <c>/studio</c>, hosted by the web role.
/// It talks to the modules only through the HTTP API of the same process, with the signed-in user's cookie, so every
/// rule the API enforces (tenant, roles, validation) holds in the UI too.
/// </summary>
public static class StudioModule
{
    /// <summary>Where the Studio reaches the API; default: the server's own listening address (loopback).</summary>
    public const string ApiBaseAddressKey = Settings.Root + ":Studio:ApiBaseAddress";

    public const string BasePath = "/studio";

    public static IHostApplicationBuilder AddStudio(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.GetServerRole().RunsWeb())
        {
            return builder;
        }

        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddSingleton<StudioApiAddress>();
        services.AddScoped<StudioSession>();
        services.AddScoped<Logic.Designer.DesignerClipboard>();
        services.AddScoped<PeopleNames>();
        services.AddScoped<DocumentTitles>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(StudioUploadOptions.Read(builder.Configuration));
        services.AddHttpClient(StudioApiClient.HttpClientName)
            // Uploads stream for as long as the file takes; the user cancels them, not a timer.
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<IStudioApi>(sp => new StudioApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(StudioApiClient.HttpClientName),
            sp.GetRequiredService<StudioApiAddress>().Resolve(),
            sp.GetRequiredService<StudioSession>()));
        return builder;
    }

    /// <summary>Maps the Studio pages; call after <c>UseHost</c> (authentication must run first).</summary>
    public static WebApplication MapStudio(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetEnum(ServerRoles.Key, ServerRole.All).RunsWeb())
        {
            return app;
        }

        // Blazor's form posts and its endpoints require antiforgery; the API's endpoints bind no forms, so they are unaffected.
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
