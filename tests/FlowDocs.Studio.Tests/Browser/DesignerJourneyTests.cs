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

    /// <summary>Creates a chain of <paramref name="count"/> activities named <paramref name="definitionId"/> and opens it in the designer, ready.</summary>
    private static async Task<ILocator> OpenNewDesignAsync(IPage page, string definitionId, int count)
    {
        await DesignerLoad.CreateAsync(page, definitionId, count);
        return await OpenDesignAsync(page, definitionId);
    }

    private static async Task<ILocator> OpenDesignAsync(IPage page, string definitionId)
    {
        await page.GotoAsync($"/studio/workflows/{definitionId}/design");
        var canvas = page.Locator("[data-testid=canvas]");
        await Assertions.Expect(canvas).ToHaveAttributeAsync("data-ready", "true");
        return canvas;
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

    /// <summary>The x and y of a node's <c>translate(x y)</c>.</summary>
    private static (double X, double Y) Translation(string transform)
    {
        var parts = transform["translate(".Length..^1].Split(' ');
        return (double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Dragging_one_activity_of_a_selection_moves_the_others_while_the_pointer_is_still_down()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");
        var canvas = await OpenNewDesignAsync(page, "group-drag", 3);

        // a0 and a1 selected (click, Shift-click); a2 stays out.
        await canvas.Locator("g[data-node=a0] rect").ClickAsync();
        await canvas.Locator("g[data-node=a1] rect").ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });
        await Assertions.Expect(page.Locator("[data-testid=selection]")).ToContainTextAsync("2 activities selected");
        var a1 = canvas.Locator("g[data-node=a1]");
        var a2 = canvas.Locator("g[data-node=a2]");
        var a1Before = await a1.GetAttributeAsync("transform");
        var a2Before = await a2.GetAttributeAsync("transform");

        var box = await canvas.Locator("g[data-node=a0] rect").BoundingBoxAsync() ?? throw new InvalidOperationException("a0 is not visible.");
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width / 2) + 60, box.Y + (box.Height / 2) + 90, new() { Steps = 6 });

        // The pointer is still down: the other selected activity has followed already, the unselected one has not.
        await Assertions.Expect(a1).Not.ToHaveAttributeAsync("transform", a1Before!);
        Assert.Equal(a2Before, await a2.GetAttributeAsync("transform"));
        await Assertions.Expect(page.Locator("[data-testid=dirty]")).ToHaveCountAsync(0);
        var a1During = await a1.GetAttributeAsync("transform");

        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("[data-testid=dirty]")).ToHaveCountAsync(1);
        // Where it was shown during the drag is where it lands (the design keeps whole pixels).
        var (duringX, duringY) = Translation(a1During!);
        var (afterX, afterY) = Translation((await a1.GetAttributeAsync("transform"))!);
        Assert.InRange(Math.Abs(afterX - duringX) + Math.Abs(afterY - duringY), 0, 1.5);
        Assert.Equal(a2Before, await a2.GetAttributeAsync("transform"));
    }

    [Fact]
    public async Task A_script_typed_into_the_code_editor_is_saved_and_shown_again_after_a_reload()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");
        var canvas = await OpenNewDesignAsync(page, "code-editor", 3);
        await canvas.Locator("g[data-node=a1] rect").ClickAsync();
        await page.Locator("[data-testid=input-text-mode]").SelectOptionAsync("JavaScript");

        // Monaco, served by the app itself (the network is closed), with line numbers and highlighting.
        var code = page.Locator("[data-testid=input-text-code]");
        await Assertions.Expect(code.Locator(".monaco-editor .view-lines")).ToContainTextAsync("Step 1", new() { Timeout = 60_000 });
        await Assertions.Expect(code.Locator(".line-numbers")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(code.GetByRole(AriaRole.Textbox, new() { Name = "text (JavaScript)" })).ToHaveCountAsync(1);
        await code.Locator(".view-lines").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("variables.Greeting + 41");
        await Assertions.Expect(code.Locator(".view-lines")).ToContainTextAsync("variables.Greeting + 41");
        var tokenKinds = await code.EvaluateAsync<int>("e => new Set([...e.querySelectorAll('.view-lines span span')].map(s => s.className)).size");
        Assert.True(tokenKinds > 1, "the script is not highlighted");

        await page.Locator("[data-testid=save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Saved as version");

        await page.ReloadAsync();
        await Assertions.Expect(canvas).ToHaveAttributeAsync("data-ready", "true");
        await canvas.Locator("g[data-node=a1] rect").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=input-text-mode]")).ToHaveValueAsync("JavaScript");
        await Assertions.Expect(page.Locator("[data-testid=input-text-code] .view-lines")).ToContainTextAsync("variables.Greeting + 41", new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "designer-code-editor.png"), FullPage = true });
    }

    [Fact]
    public async Task Activities_copied_in_one_workflow_paste_into_another_opened_in_a_second_tab()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");
        await DesignerLoad.CreateAsync(page, "clip-target", 2);
        var source = await OpenNewDesignAsync(page, "clip-source", 3);
        await source.Locator("g[data-node=a1] rect").ClickAsync();
        await source.PressAsync("Control+c");
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Copied 1 activity.");

        // Another tab is another circuit: the copy reaches it through the browser, not the server's memory.
        var tab = await page.Context.NewPageAsync();
        var target = await OpenDesignAsync(tab, "clip-target");
        await Assertions.Expect(target.Locator("g[data-node]")).ToHaveCountAsync(2);
        await target.PressAsync("Control+v");

        await Assertions.Expect(target.Locator("g[data-node]")).ToHaveCountAsync(3);
        await Assertions.Expect(tab.Locator("[data-testid=dirty]")).ToHaveCountAsync(1);
        await Assertions.Expect(target.Locator("g.selected[data-node]")).ToHaveCountAsync(1);
    }
}
