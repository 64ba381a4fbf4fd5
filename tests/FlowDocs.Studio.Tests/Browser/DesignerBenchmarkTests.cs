using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>
/// How long a 200-activity workflow takes to open in the designer and answer the first click, against the same page
/// with a 2-activity workflow (so the figure is a ratio, not a number that depends on this machine). Prints the figures
/// and writes them to artifacts/studio/designer-benchmark.txt:
/// <c>dotnet test --project tests/FlowDocs.Studio.Tests -- --filter-class "*DesignerBenchmarkTests"</c>.
/// </summary>
public sealed class DesignerBenchmarkTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    private const int Runs = 5;

    /// <summary>A chain of <paramref name="count"/> activities (Start, write-lines, End) on a 20-wide grid, every one connected to the next.</summary>
    private static object Definition(string id, int count)
    {
        var activities = Enumerable.Range(0, count).Select(i => new
        {
            id = $"a{i}",
            type = i == 0 ? "Elsa.Start" : i == count - 1 ? "Elsa.End" : "Elsa.WriteLine",
            text = i == 0 || i == count - 1 ? null : new { typeName = "String", expression = new { type = "Literal", value = $"Step {i}" } },
            metadata = new { designer = new { position = new { x = i % 20 * 240, y = i / 20 * 110 } } },
        }).ToArray();
        var connections = Enumerable.Range(0, count - 1)
            .Select(i => new { source = new { activity = $"a{i}", port = "Done" }, target = new { activity = $"a{i + 1}", port = "In" } }).ToArray();
        return new { definitionId = id, name = id, root = new { type = "Elsa.Flowchart", activities, connections } };
    }

    /// <summary>Milliseconds from navigation until every node is drawn (open), and until a click on a node shows it selected (interactive).</summary>
    private static async Task<(double Open, double Interactive)> MeasureAsync(IPage page, string definitionId, int count)
    {
        var watch = Stopwatch.StartNew();
        await page.GotoAsync($"/studio/workflows/{definitionId}/design");
        var canvas = page.Locator("[data-testid=canvas]");
        await Assertions.Expect(canvas).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 60_000 });
        await Assertions.Expect(canvas.Locator("g[data-node]")).ToHaveCountAsync(count, new() { Timeout = 60_000 });
        var open = watch.Elapsed.TotalMilliseconds;
        await canvas.Locator("g[data-node=a1] rect").DispatchEventAsync("pointerdown");
        await Assertions.Expect(canvas.Locator("g[data-node=a1].selected")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        return (open, watch.Elapsed.TotalMilliseconds);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    [Fact]
    public async Task A_200_activity_workflow_opens_in_the_designer_and_becomes_interactive()
    {
        StudioBrowser.RequireChromium();
        var page = await studio.SignInAsync("/studio/workflows");
        foreach (var (id, count) in new[] { ("bench-200", 200), ("bench-2", 2) })
        {
            var created = await page.Context.APIRequest.PostAsync("/api/workflows/definitions", new() { DataObject = Definition(id, count) });
            Assert.Equal(201, created.Status);
        }

        var results = new Dictionary<int, List<(double Open, double Interactive)>> { [2] = [], [200] = [] };
        // One unmeasured round each first: the circuit, the JIT and the browser's caches warm up.
        await MeasureAsync(page, "bench-2", 2);
        await MeasureAsync(page, "bench-200", 200);
        for (var run = 0; run < Runs; run++)
        {
            results[2].Add(await MeasureAsync(page, "bench-2", 2));
            results[200].Add(await MeasureAsync(page, "bench-200", 200));
        }

        var canvas = page.Locator("[data-testid=canvas]");
        await Assertions.Expect(canvas.Locator("path[data-link]")).ToHaveCountAsync(199);
        await page.ScreenshotAsync(new() { Path = Path.Combine(StudioBrowser.ArtifactsPath, "designer-200-activities.png"), FullPage = true });

        var (open2, interactive2) = (Median(results[2].Select(r => r.Open)), Median(results[2].Select(r => r.Interactive)));
        var (open200, interactive200) = (Median(results[200].Select(r => r.Open)), Median(results[200].Select(r => r.Interactive)));
        var report = string.Create(CultureInfo.InvariantCulture, $"""
            Designer load benchmark (headless Chromium, median of {Runs} runs after one warm-up, {DateTimeOffset.UtcNow:u})
              2 activities:   open {open2:0} ms, interactive {interactive2:0} ms
              200 activities: open {open200:0} ms, interactive {interactive200:0} ms
              ratio 200/2:    open {open200 / open2:0.00}x, interactive {interactive200 / interactive2:0.00}x
            """);
        Console.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(report);
        await File.WriteAllTextAsync(Path.Combine(StudioBrowser.ArtifactsPath, "designer-benchmark.txt"), report + Environment.NewLine, TestContext.Current.CancellationToken);
    }
}
