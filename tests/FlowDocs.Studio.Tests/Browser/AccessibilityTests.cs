using System.Globalization;
using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>axe-core over the Studio's main pages and the account pages, as the administrator sees them (admin pages included).</summary>
public sealed class AccessibilityTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    /// <summary>The pages checked, and what shows that the page has rendered its content (not only the shell).</summary>
    private static readonly (string Path, string Ready)[] Pages =
    [
        ("/studio", "[data-testid=counts]"),
        ("/studio/documents", "[data-testid=dropzone]"),
        ("/studio/tasks", "h1"),
        ("/studio/workflows", "[data-testid=workflows]"),
        ("/studio/instances", "h1"),
        ("/studio/attention", "h1"),
        ("/studio/imports", "[data-testid=import-sources]"),
        ("/studio/admin/users", "[data-testid=roles]"),
        ("/studio/admin/service-clients", "[data-testid=service-clients]"),
        ("/account/password", "#password-rules"),
        ("/account/login", "#email"),
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
            report.AppendLine(CultureInfo.InvariantCulture, $"{path}: {result.Violations.Length} violation(s), {result.Passes.Length} rule(s) passed");
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

    [Fact]
    public async Task The_code_editor_has_no_serious_violations_and_is_no_keyboard_trap()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");
        await DesignerLoad.CreateAsync(page, "a11y-code", 3);
        await page.GotoAsync("/studio/workflows/a11y-code/design");
        await Assertions.Expect(page.Locator("[data-testid=canvas]")).ToHaveAttributeAsync("data-ready", "true");
        await page.Locator("[data-testid=canvas] g[data-node=a1] rect").ClickAsync();
        await page.Locator("[data-testid=input-text-mode]").SelectOptionAsync("JavaScript");
        var code = page.Locator("[data-testid=input-text-code]");
        await Assertions.Expect(code.Locator(".monaco-editor .view-lines")).ToContainTextAsync("Step 1", new() { Timeout = 60_000 }); // Monaco loads its scripts on first use: slow on a loaded machine

        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"[{v.Impact}] {v.Id}: {v.Help} — " + string.Join(" | ", v.Nodes.Take(5).Select(n => n.Target?.ToString() + " " + n.Html)))
            .ToList();

        // In the editor Tab indents; Ctrl+M switches Tab to moving focus, so a keyboard user can always leave it.
        var textbox = code.GetByRole(AriaRole.Textbox, new() { Name = "text (JavaScript)" });
        await textbox.FocusAsync();
        await page.Keyboard.PressAsync("Control+M");
        await page.Keyboard.PressAsync("Tab");
        var focusLeft = await page.EvaluateAsync<bool>("() => !document.activeElement?.closest('.monaco-editor')");

        Assert.True(serious.Count == 0, "Serious or critical accessibility violations with the code editor open:\n" + string.Join("\n", serious));
        Assert.True(focusLeft, "Tab after Ctrl+M did not move the focus out of the code editor.");
    }

    [Fact]
    public async Task The_instance_version_comparison_workflow_document_and_task_pages_have_no_serious_violations()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");
        var api = page.Context.APIRequest;
        // A published version 1 that ran once, and a draft version 2 with one more activity to compare it with.
        await DesignerLoad.CreateAsync(page, "a11y-pages", 3);
        await ExpectAsync(await api.PostAsync("/api/workflows/definitions/a11y-pages/publish"), 200);
        await ExpectAsync(await api.PutAsync("/api/workflows/definitions/a11y-pages", new() { DataObject = DesignerLoad.Definition("a11y-pages", 4) }), 200);
        var started = await ExpectAsync(await api.PostAsync("/api/workflows/instances", new() { DataObject = new { definitionId = "a11y-pages" } }), 201);
        var instanceId = started.GetProperty("id").GetString();
        var uploaded = await ExpectAsync(
            await api.PostAsync("/api/documents?fileName=a11y.txt", new() { Data = "accessible", Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" } }), 201);
        var documentId = uploaded.GetProperty("document").GetProperty("id").GetString();
        var task = await ExpectAsync(await api.PostAsync($"/api/documents/{documentId}/tasks", new() { DataObject = new { title = "Check it", candidateRoles = new[] { "Admin" } } }), 201);
        var taskId = task.GetProperty("id").GetString();
        await ExpectAsync(await api.PostAsync($"/api/tasks/{taskId}/comments", new() { DataObject = new { text = "A first remark." } }), 201);

        var failures = new List<string>();
        foreach (var (path, ready) in new[]
        {
            ($"/studio/instances/{instanceId}", "[data-testid=canvas][data-ready=true]"),
            ("/studio/workflows/a11y-pages/versions", "[data-testid=right-diagram] [data-testid=canvas][data-ready=true]"),
            ("/studio/workflows/a11y-pages", "h1"),
            ($"/studio/documents/{documentId}", "[data-testid=document-status]"),
            ($"/studio/tasks/{taskId}", "[data-testid=comment-form]"),
        })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var result = await page.RunAxe();
            failures.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path} [{v.Impact}] {v.Id}: {v.Help} — " + string.Join(" | ", v.Nodes.Take(5).Select(n => n.Target?.ToString() + " " + n.Html))));
        }

        Assert.True(failures.Count == 0, "Serious or critical accessibility violations:\n" + string.Join("\n", failures));
    }

    private static async Task<System.Text.Json.JsonElement> ExpectAsync(IAPIResponse response, int status)
    {
        var body = await response.TextAsync();
        Assert.True(response.Status == status, $"{response.Url} answered {response.Status}, not {status}: {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }
}
