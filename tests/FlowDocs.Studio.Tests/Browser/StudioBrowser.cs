using FlowDocs.Testing;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>
/// The browser tests' fixture around <see cref="StudioBrowserHost"/>. Without Chromium the tests skip on a developer
/// machine and fail when <c>CI=true</c>.
/// </summary>
public sealed class StudioBrowser : IAsyncLifetime
{
    public const string ChromiumPath = StudioBrowserHost.ChromiumPath;

    public const string AdminEmail = StudioBrowserHost.AdminEmail;

    public const string AdminPassword = StudioBrowserHost.AdminPassword;

    private StudioBrowserHost? _host;

    private StudioBrowserHost Host => _host ?? throw new InvalidOperationException("Chromium is not installed: call RequireChromium first.");

    public Uri BaseAddress => Host.BaseAddress;

    public IBrowser Browser => Host.Browser;

    /// <summary>artifacts/studio under the repository root, where CI collects screenshots.</summary>
    public static string ArtifactsPath => StudioBrowserHost.ArtifactsPath;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // Started by the test that needs it, so the message lands on that test.
            return;
        }

        _host = await StudioBrowserHost.StartAsync();
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
    public Task<IPage> SignInAsync(string path, bool javaScript = true) => Host.SignInAsync(path, javaScript);

    /// <summary>
    /// Waits until Blazor has wired the file input (it marks the element when it attaches its listener); files set
    /// before that would be ignored.
    /// </summary>
    public static Task WaitForFileInputAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync($"() => document.querySelector('{selector}')?._blazorInputFileNextFileId !== undefined");

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
