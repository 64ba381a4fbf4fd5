using System.Text;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

public sealed class StudioJourneyTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    private static async Task<System.Text.Json.JsonElement> JsonAsync(IAPIResponse response, int expectedStatus)
    {
        var text = await response.TextAsync();
        Assert.True(response.Status == expectedStatus, $"{response.Url}: expected {expectedStatus}, got {response.Status}: {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

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
    public async Task An_invited_reviewer_sets_a_password_lands_on_my_work_and_approves_the_named_document()
    {
        StudioBrowser.RequireChromium();
        var admin = await studio.SignInAsync("/studio/documents");
        var api = admin.Context.APIRequest;
        var email = $"rita.{Guid.NewGuid():N}@example.test";
        var invited = await JsonAsync(await api.PostAsync("/api/admin/users", new()
        {
            DataObject = new { email, displayName = "Rita Reviewer", roles = new[] { "Member", "Reviewer" } },
        }), 201);
        var link = new Uri(invited.GetProperty("setPasswordLink").GetString()!);
        var uploaded = await JsonAsync(await api.PostAsync("/api/documents?fileName=expense-claim-march.txt", new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" },
            DataByte = Encoding.UTF8.GetBytes("Taxi 42.00"),
        }), 201);
        var documentId = uploaded.GetProperty("document").GetProperty("id").GetGuid();
        await JsonAsync(await api.PostAsync($"/api/documents/{documentId}/tasks", new()
        {
            DataObject = new { title = "Approve the expense claim", candidateRoles = new[] { "Reviewer" }, outcomes = new[] { "Approve", "Reject" }, dueAt = DateTimeOffset.UtcNow.AddDays(2).AddHours(1) },
        }), 201);

        // The reviewer, in a browser of their own, follows the invitation.
        var context = await studio.Browser.NewContextAsync(new() { BaseURL = studio.BaseAddress.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(link.PathAndQuery);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set your password", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("E-mail")).ToHaveValueAsync(email);
        await Assertions.Expect(page.Locator("#password-rules")).ToHaveTextAsync("At least 10 characters, with a capital letter, a small letter, a digit and a symbol such as ! or #.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "set-password.png"), FullPage = true });
        await page.GetByLabel("New password").FillAsync("Rita-Passw0rd!x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();

        // Signed in, on My work: the task is counted and named by its document.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/studio");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My work", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=password-set]")).ToContainTextAsync("Your password is set");
        await Assertions.Expect(page.Locator("[data-testid=count-roles]")).ToContainTextAsync("1");
        var task = page.Locator("[data-testid=section-roles] [data-testid=task]");
        await Assertions.Expect(task).ToContainTextAsync("Approve the expense claim · expense-claim-march, version 1 · due in 2 days");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "For developers: API reference" })).ToHaveAttributeAsync("href", "/api-reference");
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "my-work-after-invitation.png"), FullPage = true });

        // Two clicks: open the task, approve it.
        await task.GetByRole(AriaRole.Link, new() { Name = "Approve the expense claim" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=task-document]")).ToContainTextAsync("About expense-claim-march, version 1, uploaded by Administrator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=task-completed]")).ToContainTextAsync("you completed this task with “Approve”");
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "task-approved.png"), FullPage = true });

        // The used invitation says so.
        await page.GotoAsync(link.PathAndQuery);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This invitation link has already been used");
        await Assertions.Expect(page.Locator("form")).ToHaveCountAsync(0);
        await context.CloseAsync();
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
