using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>axe-core over the Studio's main pages, as the administrator sees them (admin pages included).</summary>
public sealed class AccessibilityTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    /// <summary>The pages checked, and what shows that the page has rendered its content (not only the shell).</summary>
    private static readonly (string Path, string Ready)[] Pages =
    [
        ("/studio/documents", "[data-testid=dropzone]"),
        ("/studio/tasks", "h1"),
        ("/studio/workflows", "[data-testid=workflows]"),
        ("/studio/instances", "h1"),
        ("/studio/imports", "[data-testid=import-sources]"),
        ("/studio/admin/users", "[data-testid=roles]"),
        ("/studio/admin/service-clients", "[data-testid=service-clients]"),
    ];

    [Fact]
    public async Task The_main_pages_have_no_serious_or_critical_accessibility_violations()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/documents");
        var report = new StringBuilder();
        var failures = new List<string>();

        foreach (var (path, ready) in Pages.Append(("designer", "[data-testid=canvas][data-ready=true]")))
        {
            if (path == "designer")
            {
                // A workflow of its own (created through the page, as a designer would), opened in the designer.
                await page.GotoAsync("/studio/workflows");
                await page.GetByLabel("New workflow name").FillAsync("Accessibility check");
                await page.Locator("[data-testid=create]").ClickAsync();
                await page.WaitForURLAsync(url => url.EndsWith("/design", StringComparison.Ordinal));
            }
            else
            {
                await page.GotoAsync(path);
            }

            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var result = await page.RunAxe();
            report.AppendLine($"{path}: {result.Violations.Length} violation(s), {result.Passes.Length} rule(s) passed");
            foreach (var violation in result.Violations)
            {
                var line = $"{path} [{violation.Impact}] {violation.Id}: {violation.Help} — "
                    + string.Join(" | ", violation.Nodes.Take(5).Select(n => n.Target?.ToString() + " " + n.Html));
                report.AppendLine("  " + line);
                if (violation.Impact is "serious" or "critical")
                {
                    failures.Add(line);
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(StudioBrowser.ArtifactsPath, "accessibility.txt"), report.ToString(), TestContext.Current.CancellationToken);
        Assert.True(failures.Count == 0, "Serious or critical accessibility violations:\n" + string.Join("\n", failures));
    }
}
