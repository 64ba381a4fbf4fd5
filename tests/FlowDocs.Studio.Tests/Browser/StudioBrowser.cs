using FlowDocs.Identity;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>
/// A real FlowDocs server (Kestrel on a loopback port, embedded profile) and Debian's Chromium, headless, driven by
/// Playwright. Without Chromium the tests skip on a developer machine and fail when <c>CI=true</c>.
/// </summary>
public sealed class StudioBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string AdminEmail = "admin@flowdocs.local";

    public const string AdminPassword = "Studio-Test-Passw0rd!";

    private FlowDocsFactory? _factory;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

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

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // Started by the test that needs it, so the message lands on that test.
            return;
        }

        _factory = new FlowDocsFactory(StoreProfile.Embedded)
            .With(IdentitySettings.AdminPasswordKey, AdminPassword)
            .With(IdentitySettings.AllowHttpKey, "true");
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machines running this have no GPU, no sandbox privileges and no network beyond loopback.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Fails on CI and skips elsewhere when Chromium is missing.</summary>
    public static void RequireChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var message = $"Chromium is not installed at {ChromiumPath} (scripts/install-prerequisites.sh installs it).";
        if (BackingServices.IsCi)
        {
            throw new InvalidOperationException(message);
        }

        Assert.Skip(message);
    }

    /// <summary>A fresh browser context (its own cookies), signed in through the login page as the administrator.</summary>
    public async Task<IPage> SignInAsync(string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        Assert.StartsWith("/account/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.GetByLabel("E-mail").FillAsync(AdminEmail);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.Locator("form button[type=submit], form input[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        return page;
    }

    /// <summary>
    /// Waits until Blazor has wired the file input (it marks the element when it attaches its listener); files set
    /// before that would be ignored.
    /// </summary>
    public static Task WaitForFileInputAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync($"() => document.querySelector('{selector}')?._blazorInputFileNextFileId !== undefined");

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
