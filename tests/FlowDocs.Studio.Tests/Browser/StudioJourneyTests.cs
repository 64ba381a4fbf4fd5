using System.Text;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

public sealed class StudioJourneyTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    [Fact]
    public async Task Sign_in_upload_a_document_and_see_it_in_the_list()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/documents");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Documents", Level = 1 })).ToBeVisibleAsync();
        await StudioBrowser.WaitForFileInputAsync(page, "#upload-files");
        await page.Locator("#upload-files").SetInputFilesAsync(
        [
            new FilePayload { Name = "quarterly-report.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Q3 figures") },
            new FilePayload { Name = "minutes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Meeting minutes") },
        ]);

        await Assertions.Expect(page.Locator("[data-testid=upload-row]").Filter(new() { HasText = "uploaded" })).ToHaveCountAsync(2);
        var rows = page.Locator("[data-testid=documents] tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "quarterly-report" })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Filter(new() { HasText = "minutes" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "documents-after-upload.png"), FullPage = true });

        await rows.Filter(new() { HasText = "quarterly-report" }).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "quarterly-report", Level = 1 })).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download version 1" }).ClickAsync());
        Assert.Equal("quarterly-report.txt", download.SuggestedFilename);
        Assert.Equal("Q3 figures", await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken));
        // People by name, not by id: the first-start administrator is "Administrator".
        await Assertions.Expect(page.Locator("[data-testid=versions]")).ToContainTextAsync("by Administrator");
        await Assertions.Expect(page.Locator("[data-testid=history]")).ToContainTextAsync("Administrator");
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "document-page.png"), FullPage = true });
    }

    [Fact]
    public async Task Searching_and_filtering_the_list_by_keyboard()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/documents");
        await StudioBrowser.WaitForFileInputAsync(page, "#upload-files");
        await page.Locator("#upload-files").SetInputFilesAsync(new FilePayload { Name = "needle-contract.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("needle") });
        await Assertions.Expect(page.Locator("[data-testid=upload-row]").Filter(new() { HasText = "uploaded" })).ToHaveCountAsync(1);

        await page.GetByLabel("Search title, description or file name").FillAsync("needle");
        var rows = page.Locator("[data-testid=documents] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("needle-contract");

        await page.GetByLabel("Search title, description or file name").FillAsync("no document is called this");
        await Assertions.Expect(page.GetByText("No documents match.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_workflow_opens_as_a_read_only_diagram_and_import_sources_open_for_the_admin()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");
        // The definition is made through the API with the same cookie, as an integration would.
        var created = await page.Context.APIRequest.PostAsync("/api/workflows/definitions", new()
        {
            DataObject = new
            {
                definitionId = "browser-review",
                name = "Browser review",
                root = new
                {
                    type = "Elsa.Flowchart",
                    activities = new object[]
                    {
                        new { id = "start", type = "Elsa.Start", metadata = new { designer = new { position = new { x = 40, y = 80 } } } },
                        new { id = "log", type = "Elsa.WriteLine", metadata = new { designer = new { position = new { x = 320, y = 80 } } } },
                        new { id = "end", type = "Elsa.End", metadata = new { designer = new { position = new { x = 600, y = 80 } } } },
                    },
                    connections = new object[]
                    {
                        new { source = new { activity = "start", port = "Done" }, target = new { activity = "log", port = "In" } },
                        new { source = new { activity = "log", port = "Done" }, target = new { activity = "end", port = "In" } },
                    },
                },
            },
        });
        Assert.Equal(201, created.Status);

        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Browser review" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Browser review", Level = 1 })).ToBeVisibleAsync();
        var diagram = page.Locator("[data-testid=canvas]");
        await Assertions.Expect(diagram.Locator("g[data-node]")).ToHaveCountAsync(3);
        await Assertions.Expect(diagram.Locator("path[data-link]")).ToHaveCountAsync(2);
        Assert.StartsWith("M ", await diagram.Locator("path[data-link='start:Done>log']").GetAttributeAsync("d"), StringComparison.Ordinal);
        var activities = page.Locator("[data-testid=activities]");
        await Assertions.Expect(activities).ToContainTextAsync("Done → log");
        await Assertions.Expect(activities).ToContainTextAsync("Done → end");
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "workflow-diagram.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Import sources" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import sources", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("No import sources.")).ToBeVisibleAsync();
    }
}
