using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>
/// A 200-activity workflow opens in the designer and answers a click. Not timed here: how fast is measured by
/// <c>dotnet run -c Release --project tests/FlowDocs.Studio.Benchmark</c>, which opens the same definition.
/// </summary>
public sealed class LargeDesignTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    [Fact]
    public async Task A_200_activity_workflow_opens_in_the_designer_and_the_first_click_selects_an_activity()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");
        await page.Context.AddInitScriptAsync(DesignerLoad.PhaseRecorder);
        await DesignerLoad.CreateAsync(page, "large-200", 200);

        var opening = await DesignerLoad.OpenAsync(page, "large-200", 200);

        var canvas = page.Locator("[data-testid=canvas]");
        await Assertions.Expect(canvas.Locator("path[data-link]")).ToHaveCountAsync(199);
        await Assertions.Expect(page.Locator("[data-testid=selected-type]")).ToContainTextAsync("id a1");
        Assert.True(opening.Ready > 0, "the canvas never said it was ready");
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "designer-200-activities.png"), FullPage = true });
    }
}
