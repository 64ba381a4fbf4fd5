using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

public sealed class DesignerJourneyTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    /// <summary>Drags with the mouse from the middle of one element to the middle of another, in small steps as a person would.</summary>
    private static async Task DragAsync(IPage page, ILocator from, ILocator to)
    {
        var a = await from.BoundingBoxAsync() ?? throw new InvalidOperationException("The drag source is not visible.");
        var b = await to.BoundingBoxAsync() ?? throw new InvalidOperationException("The drop target is not visible.");
        await page.Mouse.MoveAsync(a.X + (a.Width / 2), a.Y + (a.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(b.X + (b.Width / 2), b.Y + (b.Height / 2), new() { Steps = 8 });
        await page.Mouse.UpAsync();
    }

    [Fact]
    public async Task Design_a_workflow_by_drag_and_drop_publish_it_start_an_instance_and_see_the_path_it_took()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");

        await page.GetByLabel("New workflow name").FillAsync("Browser designer");
        await page.Locator("[data-testid=create]").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/design", StringComparison.Ordinal));
        var definitionId = new Uri(page.Url).Segments[^2].TrimEnd('/');
        var canvas = page.Locator("[data-testid=canvas]");
        await Assertions.Expect(canvas).ToHaveAttributeAsync("data-ready", "true");
        await Assertions.Expect(canvas.Locator("g[data-node=start1]")).ToBeVisibleAsync();

        // Two activities dragged from the palette onto the canvas (HTML5 drag and drop).
        await page.Locator(".flow-palette-item[data-type='Elsa.WriteLine']").DragToAsync(canvas, new() { TargetPosition = new() { X = 200, Y = 120 } });
        await Assertions.Expect(canvas.Locator("g[data-node=writeLine1]")).ToBeVisibleAsync();
        await page.Locator(".flow-palette-item[data-type='Elsa.End']").DragToAsync(canvas, new() { TargetPosition = new() { X = 320, Y = 420 } });
        await Assertions.Expect(canvas.Locator("g[data-node=end1]")).ToBeVisibleAsync();

        // Connected by dragging from an outcome port onto the next activity.
        await DragAsync(page, canvas.Locator("g[data-node=start1] circle[data-port=Done]"), canvas.Locator("g[data-node=writeLine1] rect"));
        await Assertions.Expect(canvas.Locator("path[data-link='start1:Done>writeLine1']")).ToHaveCountAsync(1);
        await DragAsync(page, canvas.Locator("g[data-node=writeLine1] circle[data-port=Done]"), canvas.Locator("g[data-node=end1] rect"));
        await Assertions.Expect(canvas.Locator("path[data-link='writeLine1:Done>end1']")).ToHaveCountAsync(1);

        // The write-line needs its text: validation says so on the node, the property panel sets it.
        await page.Locator("[data-testid=validate]").ClickAsync();
        await Assertions.Expect(canvas.Locator("g[data-node=writeLine1].invalid")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=problems]")).ToContainTextAsync("writeLine1");
        await canvas.Locator("g[data-node=writeLine1] rect").ClickAsync();
        await page.Locator("#input-text").FillAsync("Hello from the designer");
        await page.Locator("#input-text").PressAsync("Tab");
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "designer.png"), FullPage = true });

        await page.Locator("[data-testid=publish]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("is published");
        await Assertions.Expect(page.Locator("[data-testid=no-problems]")).ToContainTextAsync("No problems found.");

        // Start an instance from the instances page and watch it finish along the drawn path.
        await page.GotoAsync("/studio/instances?definitionId=" + Uri.EscapeDataString(definitionId));
        await page.Locator("[data-testid=start]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/studio/instances/", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=status]")).ToContainTextAsync("Finished / Finished", new() { Timeout = 20_000 });
        var instanceCanvas = page.Locator("[data-testid=canvas]");
        foreach (var id in new[] { "start1", "writeLine1", "end1" })
        {
            await Assertions.Expect(instanceCanvas.Locator($"g[data-node={id}].executed")).ToHaveCountAsync(1);
        }

        await Assertions.Expect(instanceCanvas.Locator("path.followed")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=journal]")).ToContainTextAsync("Hello from the designer");
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "instance-finished-path.png"), FullPage = true });
    }
}
