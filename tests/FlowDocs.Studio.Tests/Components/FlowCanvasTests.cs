using System.Globalization;
using Bunit;
using FlowDocs.Studio.Components.Parts;
using FlowDocs.Studio.Logic.Designer;

namespace FlowDocs.Studio.Tests.Components;

public sealed class FlowCanvasTests : StudioTestContext
{
    private static readonly IReadOnlyList<DesignNode> Nodes =
        Enumerable.Range(0, 40).Select(i => new DesignNode($"a{i}", "Elsa.WriteLine", $"Step {i}", i % 10 * 240, i / 10 * 110, ["Done"])).ToList();

    private static string Zoom(Viewport view) => view.Zoom.ToString("0.###", CultureInfo.InvariantCulture);

    [Fact]
    public void The_first_view_fits_the_measured_canvas_even_when_renders_arrive_while_it_is_measured()
    {
        var measurement = JSInterop.Setup<CanvasRect?>("flowdocsStudio.rect", _ => true);
        var canvas = Render<FlowCanvas>(p => p.Add(x => x.Nodes, []).Add(x => x.Links, []).Add(x => x.Loading, true));

        // The workflow arrives, and something else re-renders, before the browser has said how large the canvas is.
        canvas.Render(p => p.Add(x => x.Nodes, Nodes).Add(x => x.Links, []).Add(x => x.Revision, 1).Add(x => x.Loading, false));
        canvas.Render(p => p.Add(x => x.Revision, 1));
        Assert.Equal("false", canvas.Find("[data-testid=canvas]").GetAttribute("data-ready"));
        Assert.Empty(canvas.FindAll("g[data-node]"));

        measurement.SetResult(new CanvasRect(10, 10, 400, 300));

        canvas.WaitForAssertion(() => Assert.Equal("true", canvas.Find("[data-testid=canvas]").GetAttribute("data-ready")));
        Assert.Equal(40, canvas.FindAll("g[data-node]").Count);
        var zoom = canvas.Find("[data-testid=canvas]").GetAttribute("data-zoom");
        Assert.Equal(Zoom(CanvasGeometry.Fit(Nodes, 400, 300)), zoom);
        Assert.NotEqual(Zoom(CanvasGeometry.Fit(Nodes, 1000, 560)), zoom);
    }

    [Fact]
    public void A_loading_canvas_is_not_ready_and_says_when_it_has_shown_the_workflow()
    {
        JSInterop.Setup<CanvasRect?>("flowdocsStudio.rect", _ => true).SetResult(new CanvasRect(0, 0, 800, 500));
        var shown = 0;
        var canvas = Render<FlowCanvas>(p => p.Add(x => x.Nodes, []).Add(x => x.Links, []).Add(x => x.Loading, true).Add(x => x.Shown, () => shown++));
        Assert.Equal("false", canvas.Find("[data-testid=canvas]").GetAttribute("data-ready"));
        Assert.Equal(0, shown);

        canvas.Render(p => p.Add(x => x.Nodes, Nodes).Add(x => x.Links, []).Add(x => x.Revision, 1).Add(x => x.Loading, false));

        canvas.WaitForAssertion(() => Assert.Equal(1, shown));
        Assert.Equal("true", canvas.Find("[data-testid=canvas]").GetAttribute("data-ready"));
        Assert.Equal(Zoom(CanvasGeometry.Fit(Nodes, 800, 500)), canvas.Find("[data-testid=canvas]").GetAttribute("data-zoom"));
        canvas.Render(p => p.Add(x => x.Revision, 2));
        Assert.Equal(1, shown);
    }
}
