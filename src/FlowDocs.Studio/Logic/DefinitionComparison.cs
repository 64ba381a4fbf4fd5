using System.Text.Json.Nodes;
using FlowDocs.Studio.Logic.Designer;

namespace FlowDocs.Studio.Logic;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>An input (or the name, or the type) whose value differs; null on the side where it is not set.</summary>
public sealed record PropertyChange(string Name, string? Before, string? After);

public sealed record ActivityChange(string Id, string Type, ChangeKind Kind, IReadOnlyList<PropertyChange> Properties, bool Moved);

public sealed record ConnectionChange(DesignLink Link, ChangeKind Kind);

public sealed record DefinitionComparison(
    IReadOnlyList<ActivityChange> Activities, IReadOnlyList<ConnectionChange> Connections, IReadOnlyList<PropertyChange> Definition)
{
    public bool IsEmpty => Activities.Count == 0 && Connections.Count == 0 && Definition.Count == 0;
}

/// <summary>
/// What changed between two versions of a definition: activities added, removed or changed (with each changed input),
/// connections added or removed, and the definition's own name, description and variables. Activities are matched by
/// id, as the engine does; a move alone is reported as such, not as a change of behaviour.
/// </summary>
public static class DefinitionComparer
{
    private static readonly HashSet<string> NotInputs = new(StringComparer.Ordinal) { "id", "type", "version", "metadata", "customProperties" };

    public static DefinitionComparison Compare(JsonObject before, JsonObject after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var left = Activities(before);
        var right = Activities(after);
        var activities = new List<ActivityChange>();
        foreach (var (id, activity) in left)
        {
            if (!right.TryGetValue(id, out var other))
            {
                activities.Add(new ActivityChange(id, Text(activity["type"]) ?? "", ChangeKind.Removed, [], false));
                continue;
            }

            var properties = Properties(activity, other);
            var moved = !JsonNode.DeepEquals(activity["metadata"]?["designer"]?["position"], other["metadata"]?["designer"]?["position"]);
            if (properties.Count > 0 || moved)
            {
                activities.Add(new ActivityChange(id, Text(other["type"]) ?? "", ChangeKind.Changed, properties, moved));
            }
        }

        activities.AddRange(right.Where(p => !left.ContainsKey(p.Key)).Select(p => new ActivityChange(p.Key, Text(p.Value["type"]) ?? "", ChangeKind.Added, [], false)));

        var leftLinks = Links(before);
        var rightLinks = Links(after);
        var connections = leftLinks.Where(l => !rightLinks.Contains(l)).Select(l => new ConnectionChange(l, ChangeKind.Removed))
            .Concat(rightLinks.Where(l => !leftLinks.Contains(l)).Select(l => new ConnectionChange(l, ChangeKind.Added)))
            .ToList();

        var definition = new List<PropertyChange>();
        foreach (var name in new[] { "name", "description", "variables" })
        {
            if (!JsonNode.DeepEquals(before[name], after[name]))
            {
                definition.Add(new PropertyChange(name, Show(before[name]), Show(after[name])));
            }
        }

        return new DefinitionComparison(activities, connections, definition);
    }

    private static List<PropertyChange> Properties(JsonObject before, JsonObject after)
    {
        var names = before.Select(p => p.Key).Concat(after.Select(p => p.Key)).Where(k => !NotInputs.Contains(k)).Distinct(StringComparer.Ordinal);
        var changes = new List<PropertyChange>();
        if (Text(before["type"]) != Text(after["type"]))
        {
            changes.Add(new PropertyChange("type", Text(before["type"]), Text(after["type"])));
        }

        foreach (var name in names)
        {
            var (a, b) = (before[name], after[name]);
            if (!JsonNode.DeepEquals(a, b))
            {
                changes.Add(new PropertyChange(name, Show(a), Show(b)));
            }
        }

        return changes;
    }

    /// <summary>An input as people read it: <c>JavaScript: input.x</c>; other JSON as written.</summary>
    private static string? Show(JsonNode? node) => node switch
    {
        null => null,
        JsonObject { } input when input["expression"] is JsonObject expression =>
            $"{Text(expression["type"]) ?? "Literal"}: {(expression["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : expression["value"]?.ToJsonString() ?? "")}",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    private static Dictionary<string, JsonObject> Activities(JsonObject definition) =>
        (definition["root"]?["activities"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => Text(a["id"]) is { Length: > 0 })
            .GroupBy(a => Text(a["id"])!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static HashSet<DesignLink> Links(JsonObject definition) =>
        (definition["root"]?["connections"] as JsonArray ?? []).OfType<JsonObject>().Select(WorkflowDesign.ReadLink).OfType<DesignLink>().ToHashSet();

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
