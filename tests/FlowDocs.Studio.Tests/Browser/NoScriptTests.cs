using System.Text;
using System.Text.Json;
using FlowDocs.Testing;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>
/// The server-rendered pages in a browser that runs no JavaScript at all: "Needs attention" retries a faulted workflow
/// and the task page adds a comment, each by a plain form post with the antiforgery token. And with JavaScript, a link
/// from an interactive page opens the server-rendered task page, whose form works the same.
/// </summary>
public sealed class NoScriptTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    private static async Task<JsonElement> JsonAsync(IAPIResponse response, int expectedStatus)
    {
        var text = await response.TextAsync();
        Assert.True(response.Status == expectedStatus, $"{response.Url}: expected {expectedStatus}, got {response.Status}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<(Guid Id, string Title)> UploadAsync(IPage page, string fileName)
    {
        var uploaded = await JsonAsync(await page.Context.APIRequest.PostAsync($"/api/documents?fileName={fileName}", new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" },
            DataByte = Encoding.UTF8.GetBytes($"{fileName} {Guid.NewGuid()}"),
        }), 201);
        var document = uploaded.GetProperty("document");
        return (document.GetProperty("id").GetGuid(), document.GetProperty("title").GetString()!);
    }

    [Fact]
    public async Task Without_javascript_a_faulted_workflow_is_listed_by_name_and_retried_with_a_plain_form_post()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/attention", javaScript: false);
        var api = page.Context.APIRequest;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Needs attention", Level = 1 })).ToBeVisibleAsync();

        // A workflow that archives the document it is started for; while the document is in the trash that step fails.
        var (documentId, title) = await UploadAsync(page, "retry-me.txt");
        await JsonAsync(await api.PostAsync("/api/workflows/definitions", new()
        {
            DataObject = new
            {
                definitionId = "archive-it",
                name = "Archive it",
                root = new
                {
                    type = "Elsa.Flowchart",
                    activities = new object[]
                    {
                        new { id = "start", type = "Elsa.Start" },
                        new { id = "archive", type = "FlowDocs.SetDocumentStatus", status = new { typeName = "String", expression = new { type = "Literal", value = "Archived" } } },
                    },
                    connections = new object[] { new { source = new { activity = "start", port = "Done" }, target = new { activity = "archive", port = "In" } } },
                },
            },
        }), 201);
        await JsonAsync(await api.PostAsync("/api/workflows/definitions/archive-it/publish"), 200);
        await JsonAsync(await api.PostAsync($"/api/documents/{documentId}/trash"), 200);
        var started = await JsonAsync(await api.PostAsync("/api/workflows/instances", new() { DataObject = new { definitionId = "archive-it", correlationId = documentId.ToString() } }), 201);
        var instanceId = started.GetProperty("id").GetGuid();
        // The engine runs the instance in the background; the page is asked once the engine says it has failed.
        await TestWaits.EventuallyAsync(
            async () => (await JsonAsync(await api.GetAsync($"/api/workflows/instances/{instanceId}"), 200)).GetProperty("summary").GetProperty("subStatus").GetString(),
            status => status == "Faulted", "the instance to fail on the trashed document");
        await page.ReloadAsync();
        var row = page.Locator($"[data-testid=attention-item][data-instance='{instanceId}']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-testid=reason]")).ToHaveTextAsync($"The step “archive” (SetDocumentStatus) failed: Document {documentId} does not exist.");
        await Assertions.Expect(row).ToContainTextAsync("Archive it");
        await Assertions.Expect(row).ToContainTextAsync("just now");

        // Fixed (the document is back), then retried from the page: a real form post, answered with the outcome.
        await JsonAsync(await api.PostAsync($"/api/documents/{documentId}/restore"), 200);
        await page.ReloadAsync();
        await Assertions.Expect(row).ToContainTextAsync(title);
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "needs-attention-without-javascript.png"), FullPage = true });
        var posted = await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = $"Retry Archive it for {title}" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/studio/attention", StringComparison.Ordinal));
        Assert.Equal(200, posted.Status);
        Assert.Contains("__RequestVerificationToken=", posted.Request.PostData, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=retry-outcome]")).ToContainTextAsync($"“Archive it” for “{title}” was retried and");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "needs-attention-retried-without-javascript.png"), FullPage = true });
    }

    [Fact]
    public async Task Without_javascript_the_task_page_shows_the_thread_and_adds_a_comment_with_a_plain_form_post()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/attention", javaScript: false);
        var (documentId, title) = await UploadAsync(page, "comment-on-me.txt");
        var task = await JsonAsync(await page.Context.APIRequest.PostAsync($"/api/documents/{documentId}/tasks", new()
        {
            DataObject = new { title = "Check the figures", candidateRoles = new[] { "Admin" } },
        }), 201);
        var taskId = task.GetProperty("id").GetGuid();

        await page.GotoAsync($"/studio/tasks/{taskId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check the figures", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=task-document]")).ToContainTextAsync($"About {title}, version 1, uploaded by Administrator just now");
        await Assertions.Expect(page.Locator("[data-testid=no-comments]")).ToBeVisibleAsync();

        await page.GetByLabel("Add a comment").FillAsync("The totals on page 2 do not add up.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=comment-added]")).ToHaveTextAsync("Your comment was added.");
        var comment = page.Locator("[data-testid=comment]");
        await Assertions.Expect(comment).ToHaveCountAsync(1);
        await Assertions.Expect(comment).ToContainTextAsync("Administrator");
        await Assertions.Expect(comment).ToContainTextAsync("just now");
        await Assertions.Expect(comment).ToContainTextAsync("The totals on page 2 do not add up.");
        var thread = await JsonAsync(await page.Context.APIRequest.GetAsync($"/api/tasks/{taskId}/comments"), 200);
        Assert.Equal("The totals on page 2 do not add up.", Assert.Single(thread.EnumerateArray()).GetProperty("text").GetString());
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "task-comment-without-javascript.png"), FullPage = true });

        // Deciding is a plain form post too, and the page says it is done.
        await page.GetByLabel("Comment (optional)").FillAsync("Checked.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=task-completed]")).ToHaveTextAsync("Done: you completed this task with “Done”. It has left your inbox.");
        await Assertions.Expect(page.Locator("[data-testid=task-summary]")).ToContainTextAsync("Completed");
        var completed = await JsonAsync(await page.Context.APIRequest.GetAsync($"/api/tasks/{taskId}"), 200);
        Assert.Equal("Checked.", completed.GetProperty("completionComment").GetString());
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "task-completed-without-javascript.png"), FullPage = true });
    }

    [Fact]
    public async Task With_javascript_a_link_from_an_interactive_page_opens_the_task_page_and_its_form_works()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/documents");
        var (documentId, _) = await UploadAsync(page, "linked.txt");
        await JsonAsync(await page.Context.APIRequest.PostAsync($"/api/documents/{documentId}/tasks", new()
        {
            DataObject = new { title = "Linked task", candidateRoles = new[] { "Admin" } },
        }), 201);

        await page.GotoAsync($"/studio/documents/{documentId}");
        await page.Locator("[data-testid=document-tasks]").GetByRole(AriaRole.Link, new() { Name = "Linked task" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Linked task", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Add a comment").FillAsync("Seen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=comment]")).ToContainTextAsync("Seen.");
    }
}
