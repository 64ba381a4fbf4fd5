using System.Text.Json.Nodes;
using FlowDocs.Studio.Logic.Designer;

namespace FlowDocs.Studio.Logic;

/// <summary>One activity as a box on the diagram.</summary>
public sealed record DiagramNode(string Id, string Label, string Type, double X, double Y, IReadOnlyList<string> OutPorts);

/// <summary>A connection from an activity's outcome port to another activity.</summary>
public sealed record DiagramLink(string Source, string SourcePort, string Target);

public sealed record DefinitionDiagram(IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramLink> Links, IReadOnlyList<string> Problems)
{
    /// <summary>The read-only canvas' nodes.</summary>
    public IReadOnlyList<DesignNode> CanvasNodes => Nodes.Select(n => new DesignNode(n.Id, n.Type, n.Label, n.X, n.Y, n.OutPorts)).ToList();

    public IReadOnlyList<DesignLink> CanvasLinks => Links.Select(l => new DesignLink(l.Source, l.SourcePort, l.Target)).ToList();
}

/// <summary>
/// Turns a definition's Elsa 3 JSON (<c>root.activities</c>, <c>root.connections</c>, designer positions) into what the
/// read-only diagram draws. Pure, so that the mapping is tested without a browser; connections that name missing
/// activities are reported instead of drawn (the engine's validator says the same on publish).
/// </summary>
public static class DefinitionDiagramMapper
{
    /// <summary>Spacing of the layered layout used for activities the designer never placed.</summary>
    public const double ColumnWidth = AutoLayout.ColumnWidth;

    public const double RowHeight = AutoLayout.RowHeight;

    public static DefinitionDiagram Map(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var root = definition["root"] as JsonObject;
        var activities = (root?["activities"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var connections = (root?["connections"] as JsonArray ?? []).OfType<JsonObject>().Select(ReadConnection).OfType<DiagramLink>().ToList();
        var ids = activities.Select(a => Text(a["id"])).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var problems = new List<string>();
        var links = new List<DiagramLink>();
        foreach (var link in connections)
        {
            if (!ids.Contains(link.Source) || !ids.Contains(link.Target))
            {
                problems.Add($"The connection {link.Source}:{link.SourcePort} → {link.Target} names an activity that does not exist.");
                continue;
            }

            links.Add(link);
        }

        var depth = AutoLayout.Depths(ids, links.Select(l => new DesignLink(l.Source, l.SourcePort, l.Target)).ToList());
        var rowInLayer = new Dictionary<int, int>();
        var nodes = new List<DiagramNode>();
        foreach (var activity in activities)
        {
            if (Text(activity["id"]) is not { } id)
            {
                problems.Add("An activity without an id is not drawn.");
                continue;
            }

            var type = Text(activity["type"]) ?? "unknown";
            var name = Text(activity["name"]);
            var label = string.IsNullOrWhiteSpace(name) || name == id ? id : name;
            var ports = links.Where(l => l.Source == id).Select(l => l.SourcePort).Distinct(StringComparer.Ordinal).ToList();
            var (x, y) = Position(activity) ?? AutoPosition(depth[id], rowInLayer);
            nodes.Add(new DiagramNode(id, label, type, x, y, ports));
        }

        return new DefinitionDiagram(nodes, links, problems);
    }

    private static DiagramLink? ReadConnection(JsonObject connection)
    {
        // Elsa 3 shape first; older exports ({source, target, sourcePort}) as the engine normalises them on import.
        var source = connection["source"] is JsonObject s ? Text(s["activity"]) : Text(connection["source"]);
        var port = connection["source"] is JsonObject sp ? Text(sp["port"]) : Text(connection["sourcePort"]);
        var target = connection["target"] is JsonObject t ? Text(t["activity"]) : Text(connection["target"]);
        return source is null || target is null ? null : new DiagramLink(source, port ?? "Done", target);
    }

    /// <summary>A string property, or null when it is missing or not a string (hand-edited JSON).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static (double X, double Y)? Position(JsonObject activity)
    {
        var position = activity["metadata"]?["designer"]?["position"];
        if (position?["x"] is JsonValue x && position["y"] is JsonValue y && x.TryGetValue<double>(out var px) && y.TryGetValue<double>(out var py))
        {
            return (px, py);
        }

        return null;
    }

    private static (double X, double Y) AutoPosition(int layer, Dictionary<int, int> rowInLayer)
    {
        var row = rowInLayer.GetValueOrDefault(layer);
        rowInLayer[layer] = row + 1;
        return (layer * ColumnWidth, row * RowHeight);
    }
}
