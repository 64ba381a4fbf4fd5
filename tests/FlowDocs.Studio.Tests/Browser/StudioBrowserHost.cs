using FlowDocs.Identity;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>
/// A real FlowDocs server (Kestrel on a loopback port, embedded profile) and Debian's Chromium, headless, driven by
/// Playwright. No test framework in here: the browser tests' fixture and the designer benchmark (a console program,
/// which compiles this file in) share it.
/// </summary>
public sealed class StudioBrowserHost : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string AdminEmail = "admin@flowdocs.local";

    public const string AdminPassword = "Studio-Test-Passw0rd!";

    private FlowDocsFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private StudioBrowserHost(FlowDocsFactory factory, Uri baseAddress, IPlaywright playwright, IBrowser browser)
    {
        _factory = factory;
        BaseAddress = baseAddress;
        _playwright = playwright;
        _browser = browser;
    }

    public Uri BaseAddress { get; }

    public IBrowser Browser => _browser ?? throw new ObjectDisposedException(nameof(StudioBrowserHost));

    /// <summary>artifacts/studio under the repository root, where CI collects screenshots.</summary>
    public static string ArtifactsPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FlowDocs.sln")))
                {
                    return Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts", "studio")).FullName;
                }
            }

            throw new DirectoryNotFoundException("FlowDocs.sln was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Starts the server and Chromium (which must be installed at <see cref="ChromiumPath"/>).</summary>
    public static async Task<StudioBrowserHost> StartAsync(Func<FlowDocsFactory, FlowDocsFactory>? configure = null)
    {
        var factory = new FlowDocsFactory(StoreProfile.Embedded)
            .With(IdentitySettings.AdminPasswordKey, AdminPassword)
            .With(IdentitySettings.AllowHttpKey, "true");
        factory = configure?.Invoke(factory) ?? factory;
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machines running this have no GPU, no sandbox privileges and no network beyond loopback.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new StudioBrowserHost(factory, new Uri(addresses.First()), playwright, browser);
    }

    /// <summary>
    /// A fresh browser context (its own cookies), signed in through the login page as the administrator; with
    /// <paramref name="javaScript"/> false the browser runs no script at all (the server-rendered pages' case).
    /// </summary>
    public async Task<IPage> SignInAsync(string path, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 900 },
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        if (!new Uri(page.Url).AbsolutePath.StartsWith("/account/login", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} did not send an anonymous visitor to the login page but to {page.Url}.");
        }

        await page.GetByLabel("E-mail").FillAsync(AdminEmail);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.Locator("form button[type=submit], form input[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            _factory = null;
        }
    }
}
