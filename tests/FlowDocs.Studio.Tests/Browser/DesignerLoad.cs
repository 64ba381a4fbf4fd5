using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace FlowDocs.Studio.Tests.Browser;

/// <summary>
/// Opening a large workflow in the designer: the definition (a chain of activities) and one measured opening with its
/// phases as the browser saw them. Shared by the browser test and the designer benchmark (which compiles this file in).
/// </summary>
public static class DesignerLoad
{
    /// <summary>
    /// Records (performance.now(), ms since navigation start) when the canvas first appears, its first node is drawn and
    /// it says it is ready; installed in a page's context before it navigates.
    /// </summary>
    public const string PhaseRecorder = """
        window.__flowdocsPhases = {};
        new MutationObserver(() => {
            const phases = window.__flowdocsPhases;
            const canvas = document.querySelector('[data-testid=canvas]');
            if (!canvas) return;
            phases.canvas ??= performance.now();
            if (canvas.querySelector('g[data-node]')) phases.nodes ??= performance.now();
            if (canvas.getAttribute('data-ready') === 'true') phases.ready ??= performance.now();
        }).observe(document, { subtree: true, childList: true, attributes: true });
        """;

    /// <summary>A chain of <paramref name="count"/> activities (Start, write-lines, End) on a 20-wide grid, every one connected to the next.</summary>
    public static object Definition(string id, int count)
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

    /// <summary>Creates the definition through the API with the page's session; throws unless it was created.</summary>
    public static async Task CreateAsync(IPage page, string id, int count)
    {
        var created = await page.Context.APIRequest.PostAsync("/api/workflows/definitions", new() { DataObject = Definition(id, count) });
        if (created.Status != 201)
        {
            throw new InvalidOperationException($"Creating {id} answered {created.Status}: {await created.TextAsync()}");
        }
    }

    /// <summary>
    /// Opens the designer on <paramref name="definitionId"/> and clicks its second activity: milliseconds from navigation
    /// until every node is drawn and the view fitted ("open"), and until the click shows the node selected
    /// ("interactive": the circuit answers), with the phases in between.
    /// </summary>
    public static async Task<DesignerOpening> OpenAsync(IPage page, string definitionId, int count)
    {
        var watch = Stopwatch.StartNew();
        await page.GotoAsync($"/studio/workflows/{definitionId}/design", new() { WaitUntil = WaitUntilState.Commit });
        // Checked on every animation frame (Playwright's expectations poll at 100-1000 ms steps, which would be measured too).
        var frames = new PageWaitForFunctionOptions { PollingInterval = null, Timeout = 60_000 };
        await page.WaitForFunctionAsync(
            "count => { const c = document.querySelector('[data-testid=canvas]'); return c?.getAttribute('data-ready') === 'true' && c.querySelectorAll('g[data-node]').length === count; }",
            count, frames);
        var open = watch.Elapsed.TotalMilliseconds;
        await page.Locator("[data-testid=canvas] g[data-node=a1] rect").DispatchEventAsync("pointerdown");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=canvas] g[data-node=a1].selected') !== null", null, frames);
        var interactive = watch.Elapsed.TotalMilliseconds;

        var phases = await page.EvaluateAsync<JsonElement>("""
            () => {
                const nav = performance.getEntriesByType('navigation')[0];
                const negotiate = performance.getEntriesByType('resource').find(r => r.name.includes('_blazor/negotiate'));
                const p = window.__flowdocsPhases || {};
                return { html: nav?.responseEnd ?? 0, domReady: nav?.domContentLoadedEventEnd ?? 0, negotiated: negotiate?.responseEnd ?? 0,
                         canvas: p.canvas ?? 0, nodes: p.nodes ?? 0, ready: p.ready ?? 0 };
            }
            """);
        return new DesignerOpening(open, interactive, phases.GetProperty("html").GetDouble(), phases.GetProperty("domReady").GetDouble(),
            phases.GetProperty("negotiated").GetDouble(), phases.GetProperty("canvas").GetDouble(), phases.GetProperty("nodes").GetDouble(),
            phases.GetProperty("ready").GetDouble());
    }
}

/// <summary>
/// One designer opening in milliseconds. <see cref="Open"/> and <see cref="Interactive"/> are measured by the caller
/// from before navigation; the rest are the browser's clock (from navigation start): the page's HTML received, the DOM
/// ready (scripts run), the circuit negotiated, the canvas shown, its first node drawn, the view fitted.
/// </summary>
public sealed record DesignerOpening(double Open, double Interactive, double Html, double DomReady, double Negotiated, double Canvas, double Nodes, double Ready);
