using System.Globalization;

namespace FlowDocs.Studio.Logic.Designer;

/// <summary>A rectangle in diagram coordinates.</summary>
public readonly record struct Box(double X, double Y, double Width, double Height);

/// <summary>Where the canvas element sits in the browser's viewport, and its size, in CSS pixels.</summary>
public sealed record CanvasRect(double Left, double Top, double Width, double Height);

/// <summary>The canvas' view: diagram point (0, 0) sits at (<see cref="PanX"/>, <see cref="PanY"/>) pixels, scaled by <see cref="Zoom"/>.</summary>

public readonly record struct Viewport(double PanX, double PanY, double Zoom)
{
    public static Viewport Default => new(20, 20, 1);

    public string Transform => FormattableString.Invariant($"translate({PanX:0.##} {PanY:0.##}) scale({Zoom:0.####})");

    /// <summary>The diagram point under a pixel of the canvas.</summary>
    public (double X, double Y) ToDiagram(double canvasX, double canvasY) => ((canvasX - PanX) / Zoom, (canvasY - PanY) / Zoom);

    /// <summary>Zooms by <paramref name="factor"/> keeping the canvas pixel (cx, cy) over the same diagram point.</summary>
    public Viewport ZoomAt(double factor, double cx, double cy)
    {
        var zoom = Math.Clamp(Zoom * factor, CanvasGeometry.MinZoom, CanvasGeometry.MaxZoom);
        var (x, y) = ToDiagram(cx, cy);
        return new Viewport(cx - (x * zoom), cy - (y * zoom), zoom);
    }
}

/// <summary>Where the canvas draws nodes, ports and links: pure arithmetic, tested without a browser.</summary>
public static class CanvasGeometry
{
    public const double NodeWidth = 180;

    public const double MinNodeHeight = 56;

    public const double PortSpacing = 20;

    public const double MinZoom = 0.1;

    public const double MaxZoom = 2.5;

    public static double NodeHeight(int ports) => Math.Max(MinNodeHeight, 16 + (ports * PortSpacing));

    /// <summary>The input port: the middle of the node's left edge.</summary>
    public static (double X, double Y) InputPort(DesignNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (node.X, node.Y + (NodeHeight(node.Ports.Count) / 2));
    }

    /// <summary>Outcome ports down the node's right edge, evenly spaced.</summary>
    public static (double X, double Y) OutputPort(DesignNode node, int index)
    {
        ArgumentNullException.ThrowIfNull(node);
        var height = NodeHeight(node.Ports.Count);
        var top = node.Y + ((height - ((node.Ports.Count - 1) * PortSpacing)) / 2);
        return (node.X + NodeWidth, top + (index * PortSpacing));
    }

    /// <summary>An SVG path from (x1, y1) to (x2, y2): a horizontal S-curve, like Elsa's designer draws.</summary>
    public static string LinkPath(double x1, double y1, double x2, double y2)
    {
        var bend = Math.Max(40, Math.Abs(x2 - x1) / 2);
        return string.Create(CultureInfo.InvariantCulture, $"M {x1:0.#} {y1:0.#} C {x1 + bend:0.#} {y1:0.#}, {x2 - bend:0.#} {y2:0.#}, {x2:0.#} {y2:0.#}");
    }

    /// <summary>The path of a link, or null when either end (or the source's port) is not on the canvas.</summary>
    public static string? LinkPath(DesignLink link, IReadOnlyDictionary<string, DesignNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(nodes);
        if (!nodes.TryGetValue(link.Source, out var source) || !nodes.TryGetValue(link.Target, out var target))
        {
            return null;
        }

        var index = IndexOf(source.Ports, link.SourcePort);
        if (index < 0)
        {
            return null;
        }

        var (x1, y1) = OutputPort(source, index);
        var (x2, y2) = InputPort(target);
        return LinkPath(x1, y1, x2, y2);
    }

    public static Box Bounds(IReadOnlyCollection<DesignNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            return new Box(0, 0, NodeWidth, MinNodeHeight);
        }

        var left = nodes.Min(n => n.X);
        var top = nodes.Min(n => n.Y);
        var right = nodes.Max(n => n.X + NodeWidth);
        var bottom = nodes.Max(n => n.Y + NodeHeight(n.Ports.Count));
        return new Box(left, top, right - left, bottom - top);
    }

    /// <summary>The viewport that shows every node inside a canvas of the given size, with a margin, never above 100 %.</summary>
    public static Viewport Fit(IReadOnlyCollection<DesignNode> nodes, double canvasWidth, double canvasHeight, double margin = 24)
    {
        var bounds = Bounds(nodes);
        var zoom = Math.Clamp(Math.Min((canvasWidth - (2 * margin)) / bounds.Width, (canvasHeight - (2 * margin)) / bounds.Height), MinZoom, 1);
        var panX = ((canvasWidth - (bounds.Width * zoom)) / 2) - (bounds.X * zoom);
        var panY = ((canvasHeight - (bounds.Height * zoom)) / 2) - (bounds.Y * zoom);
        return new Viewport(panX, panY, zoom);
    }

    private static int IndexOf(IReadOnlyList<string> ports, string port)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            if (string.Equals(ports[i], port, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
