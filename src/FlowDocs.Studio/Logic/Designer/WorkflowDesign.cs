using System.Globalization;
using System.Text.Json.Nodes;
using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Logic.Designer;

/// <summary>An activity as the designer shows it.</summary>
public sealed record DesignNode(string Id, string Type, string Label, double X, double Y, IReadOnlyList<string> Ports);

/// <summary>A connection from an activity's outcome port to another activity's input.</summary>
public sealed record DesignLink(string Source, string SourcePort, string Target);

/// <summary>An input's value: the expression language and its text (empty when the input is not set).</summary>
public sealed record InputValue(string ExpressionType, string Text);

/// <summary>A workflow variable: name, Elsa type name and initial value (text, converted by the engine).</summary>
public sealed record DesignVariable(string Name, string TypeName, string? Value);

/// <summary>
/// The definition being edited: Elsa 3 JSON kept as it came (properties the designer does not know survive the round
/// trip), changed only through these operations, each of which can be undone. Pure, so that every editing rule is
/// tested without a browser; the page only turns pointer and keyboard events into these calls.
/// </summary>
public sealed class WorkflowDesign
{
    /// <summary>How many steps undo goes back; a snapshot of a 200-activity definition is about 100 KB.</summary>
    public const int HistoryLimit = 100;

    private readonly LinkedList<string> _undo = new();
    private readonly Stack<string> _redo = new();
    private readonly Dictionary<string, ActivityDescriptorItem> _catalogue;
    private JsonObject _definition;
    private int _savedRevision;
    private (int Revision, List<DesignNode> Items)? _nodes;
    private (int Revision, List<DesignLink> Items)? _links;

    public WorkflowDesign(JsonObject definition, IEnumerable<ActivityDescriptorItem> catalogue)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(catalogue);
        _catalogue = catalogue.GroupBy(d => d.Type, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        _definition = Normalise((JsonObject)definition.DeepClone());
    }

    /// <summary>Grows with every change (and every undo or redo): what the canvas compares to know it must redraw.</summary>
    public int Revision { get; private set; }

    /// <summary>True when there are changes since the last <see cref="MarkSaved"/>.</summary>
    public bool IsDirty => Revision != _savedRevision;

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    public string Name => Text(_definition["name"]) ?? "";

    public string? Description => Text(_definition["description"]);

    /// <summary>The activities as drawn; computed once per revision (the canvas and the panel read them on every render).</summary>
    public IReadOnlyList<DesignNode> Nodes
    {
        get
        {
            if (_nodes is null || _nodes.Value.Revision != Revision)
            {
                _nodes = (Revision, Activities.Select(ToNode).ToList());
            }

            return _nodes.Value.Items;
        }
    }

    public IReadOnlyList<DesignLink> Links
    {
        get
        {
            if (_links is null || _links.Value.Revision != Revision)
            {
                _links = (Revision, Connections.Select(ReadLink).OfType<DesignLink>().ToList());
            }

            return _links.Value.Items;
        }
    }

    public ActivityDescriptorItem? Descriptor(string type) => _catalogue.GetValueOrDefault(type);

    public DesignNode? Find(string id) => Nodes.FirstOrDefault(n => n.Id == id);

    /// <summary>The definition JSON to save (a copy).</summary>
    public JsonObject ToJson() => (JsonObject)_definition.DeepClone();

    public void MarkSaved() => _savedRevision = Revision;

    /// <summary>Places a new activity of <paramref name="type"/> at (x, y); answers its id (the type's short name and a number).</summary>
    public string AddActivity(string type, double x, double y)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        var id = NewId(type);
        Change(() => ActivitiesArray.Add(new JsonObject
        {
            ["id"] = id,
            ["name"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = Position(x, y),
        }));
        return id;
    }

    /// <summary>Removes the activities and every connection that enters or leaves them.</summary>
    public bool RemoveActivities(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var set = ids.ToHashSet(StringComparer.Ordinal);
        if (!Activities.Any(a => set.Contains(Id(a))))
        {
            return false;
        }

        Change(() =>
        {
            RemoveWhere(ActivitiesArray, a => set.Contains(Id((JsonObject)a)));
            RemoveWhere(ConnectionsArray, c => ReadLink((JsonObject)c) is { } link && (set.Contains(link.Source) || set.Contains(link.Target)));
        });
        return true;
    }

    public bool MoveActivity(string id, double x, double y)
    {
        if (Activity(id) is not { } activity || ToNode(activity) is { } node && node.X == x && node.Y == y)
        {
            return false;
        }

        Change(() => activity["metadata"] = Merge(activity["metadata"] as JsonObject, x, y));
        return true;
    }

    /// <summary>Moves several activities by the same distance (one undo step).</summary>
    public bool MoveActivities(IReadOnlyCollection<string> ids, double dx, double dy)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var moving = Activities.Where(a => ids.Contains(Id(a))).ToList();
        if (moving.Count == 0 || (dx == 0 && dy == 0))
        {
            return false;
        }

        var nodes = moving.Select(ToNode).ToList();
        Change(() =>
        {
            for (var i = 0; i < moving.Count; i++)
            {
                moving[i]["metadata"] = Merge(moving[i]["metadata"] as JsonObject, nodes[i].X + dx, nodes[i].Y + dy);
            }
        });
        return true;
    }

    /// <summary>
    /// The activities and the connections among them, as a clipboard: <c>{activities, connections}</c> in the
    /// definition's own JSON (inputs, names and unknown properties included). Null when none of the ids exist.
    /// </summary>
    public JsonObject? Copy(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var copied = Activities.Where(a => ids.Contains(Id(a))).ToList();
        if (copied.Count == 0)
        {
            return null;
        }

        var set = copied.Select(Id).ToHashSet(StringComparer.Ordinal);
        var connections = Connections.Where(c => ReadLink(c) is { } link && set.Contains(link.Source) && set.Contains(link.Target));
        return new JsonObject
        {
            ["activities"] = new JsonArray(copied.Select(a => a.DeepClone()).ToArray()),
            ["connections"] = new JsonArray(connections.Select(c => c.DeepClone()).ToArray()),
        };
    }

    /// <summary>
    /// Adds a copy of the clipboard's activities, offset by (<paramref name="dx"/>, <paramref name="dy"/>), each with a
    /// new id; the connections among them follow the new ids (one undo step). Answers the new ids.
    /// </summary>
    public IReadOnlyList<string> Paste(JsonObject clipboard, double dx, double dy)
    {
        ArgumentNullException.ThrowIfNull(clipboard);
        var activities = (clipboard["activities"] as JsonArray ?? []).OfType<JsonObject>().Where(a => Id(a).Length > 0).ToList();
        if (activities.Count == 0)
        {
            return [];
        }

        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        Change(() =>
        {
            foreach (var original in activities)
            {
                var copy = (JsonObject)original.DeepClone();
                var oldId = Id(original);
                var newId = NewId(Text(copy["type"]) ?? "activity");
                renamed[oldId] = newId;
                copy["id"] = newId;
                if (Text(copy["name"]) is null or { Length: 0 } || Text(copy["name"]) == oldId)
                {
                    copy["name"] = newId;
                }

                var node = ToNode(original);
                copy["metadata"] = Merge(copy["metadata"] as JsonObject, node.X + dx, node.Y + dy);
                ActivitiesArray.Add(copy);
            }

            foreach (var connection in (clipboard["connections"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (ReadLink(connection) is { } link && renamed.TryGetValue(link.Source, out var source) && renamed.TryGetValue(link.Target, out var target))
                {
                    ConnectionsArray.Add(new JsonObject
                    {
                        ["source"] = new JsonObject { ["activity"] = source, ["port"] = link.SourcePort },
                        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
                    });
                }
            }
        });
        return [.. renamed.Values];
    }

    /// <summary>Connects <paramref name="source"/>'s <paramref name="port"/> to <paramref name="target"/>; refuses loops onto itself, unknown activities and duplicates.</summary>
    public bool Connect(string source, string port, string target)
    {
        if (source == target || Activity(source) is null || Activity(target) is null || string.IsNullOrWhiteSpace(port)
            || Links.Contains(new DesignLink(source, port, target)))
        {
            return false;
        }

        Change(() => ConnectionsArray.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        }));
        return true;
    }

    public bool Disconnect(DesignLink link)
    {
        if (!Links.Contains(link))
        {
            return false;
        }

        Change(() => RemoveWhere(ConnectionsArray, c => ReadLink((JsonObject)c) == link));
        return true;
    }

    public void SetWorkflowName(string name) => Change(() => _definition["name"] = name);

    public void SetActivityName(string id, string name)
    {
        if (Activity(id) is { } activity)
        {
            Change(() => activity["name"] = name);
        }
    }

    /// <summary>The input as stored: its expression type and text; Literal and empty when it is not set.</summary>
    public InputValue GetInput(string id, string input)
    {
        if (Activity(id) is not { } activity || Property(activity, input) is not { } value)
        {
            return new InputValue("Literal", "");
        }

        if (value is JsonObject obj && obj["expression"] is JsonObject expression)
        {
            return new InputValue(Text(expression["type"]) ?? "Literal", expression["value"] switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                var other => other.ToJsonString(),
            });
        }

        return new InputValue("Literal", value is JsonValue raw && raw.TryGetValue<string>(out var text) ? text : value.ToJsonString());
    }

    /// <summary>Sets an input as Elsa writes it (<c>{typeName, expression: {type, value}}</c>); empty text removes it.</summary>
    public void SetInput(string id, string input, string typeName, string expressionType, string? text)
    {
        if (Activity(id) is not { } activity)
        {
            return;
        }

        var current = GetInput(id, input);
        if (current.ExpressionType == expressionType && current.Text == (text ?? ""))
        {
            return;
        }

        Change(() =>
        {
            var key = activity.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, input, StringComparison.OrdinalIgnoreCase)) ?? input;
            if (string.IsNullOrEmpty(text))
            {
                activity.Remove(key);
                return;
            }

            activity[key] = new JsonObject
            {
                ["typeName"] = typeName,
                ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = text },
            };
        });
    }

    public IReadOnlyList<DesignVariable> Variables => (_definition["variables"] as JsonArray ?? []).OfType<JsonObject>()
        .Select(v => new DesignVariable(Text(v["name"]) ?? "", Text(v["typeName"]) ?? "Object", v["value"] switch
        {
            null => null,
            JsonValue s when s.TryGetValue<string>(out var text) => text,
            var other => other.ToJsonString(),
        }))
        .ToList();

    /// <summary>Replaces the variables (the editor edits the list as a whole); names must be unique and non-empty.</summary>
    public IReadOnlyList<string> SetVariables(IReadOnlyList<DesignVariable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var problems = new List<string>();
        if (variables.Any(v => string.IsNullOrWhiteSpace(v.Name)))
        {
            problems.Add("Every variable needs a name.");
        }

        problems.AddRange(variables.GroupBy(v => v.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"The variable '{g.Key}' is declared more than once."));
        if (problems.Count > 0)
        {
            return problems;
        }

        Change(() => _definition["variables"] = new JsonArray(variables.Select(v => (JsonNode)new JsonObject
        {
            ["id"] = v.Name,
            ["name"] = v.Name,
            ["typeName"] = v.TypeName,
            ["value"] = v.Value,
        }).ToArray()));
        return [];
    }

    /// <summary>What makes the definition this one (and this version): kept when a file is loaded into it.</summary>
    private static readonly string[] IdentityProperties = ["definitionId", "id", "version", "isLatest", "isPublished"];

    /// <summary>
    /// Loads imported definition JSON into this draft (one undo step): everything comes from the file except which
    /// definition and version this is. Activities the file never placed get the layered position.
    /// </summary>
    public void Import(JsonObject imported)
    {
        ArgumentNullException.ThrowIfNull(imported);
        var next = Normalise((JsonObject)imported.DeepClone());
        foreach (var property in IdentityProperties)
        {
            next.Remove(property);
            if (_definition[property] is { } value)
            {
                next[property] = value.DeepClone();
            }
        }

        Change(() => _definition = next);
    }

    /// <summary>Places every activity by <see cref="AutoLayout"/> (one undo step).</summary>
    public void Arrange()
    {
        var positions = AutoLayout.Arrange(Activities.Select(Id).ToList(), Links);
        Change(() =>
        {
            foreach (var activity in Activities)
            {
                var (x, y) = positions[Id(activity)];
                activity["metadata"] = Merge(activity["metadata"] as JsonObject, x, y);
            }
        });
    }

    public bool Undo()
    {
        if (_undo.Last is not { } last)
        {
            return false;
        }

        _undo.RemoveLast();
        _redo.Push(_definition.ToJsonString());
        _definition = (JsonObject)JsonNode.Parse(last.Value)!;
        Revision++;
        return true;
    }

    public bool Redo()
    {
        if (!_redo.TryPop(out var next))
        {
            return false;
        }

        _undo.AddLast(_definition.ToJsonString());
        _definition = (JsonObject)JsonNode.Parse(next)!;
        Revision++;
        return true;
    }

    /// <summary>The ports a node can leave by: its type's outcomes, switch cases and fork branches, and any port a connection already uses.</summary>
    public IReadOnlyList<string> PortsOf(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var type = Text(activity["type"]) ?? "";
        var ports = new List<string>();
        var listed = type switch
        {
            "Elsa.FlowSwitch" => [.. Labels(activity, "cases"), "Default"],
            "Elsa.FlowFork" when Labels(activity, "branches") is { Count: > 0 } branches => branches,
            // As Elsa Studio: a port per expected status code (default 200), then the failure ports and Done.
            "Elsa.FlowSendHttpRequest" => [.. Property(activity, "expectedStatusCodes") is null ? ["200"] : Labels(activity, "expectedStatusCodes"), "Unmatched status code", "Failed to connect", "Timeout", "Done"],
            _ when Labels(activity, "outcomes") is { Count: > 0 } outcomes => outcomes,
            _ => _catalogue.GetValueOrDefault(type)?.Outcomes ?? [],
        };
        ports.AddRange(listed);
        var id = Id(activity);
        ports.AddRange(Links.Where(l => l.Source == id).Select(l => l.SourcePort));
        return ports.Distinct(StringComparer.Ordinal).ToList();
    }

    private void Change(Action change)
    {
        _undo.AddLast(_definition.ToJsonString());
        if (_undo.Count > HistoryLimit)
        {
            _undo.RemoveFirst();
        }

        _redo.Clear();
        change();
        Revision++;
    }

    private DesignNode ToNode(JsonObject activity)
    {
        var id = Id(activity);
        var name = Text(activity["name"]);
        var type = Text(activity["type"]) ?? "unknown";
        var position = activity["metadata"]?["designer"]?["position"];
        var x = position?["x"] is JsonValue px && px.TryGetValue<double>(out var vx) ? vx : 0;
        var y = position?["y"] is JsonValue py && py.TryGetValue<double>(out var vy) ? vy : 0;
        return new DesignNode(id, type, string.IsNullOrWhiteSpace(name) ? id : name, x, y, PortsOf(activity));
    }

    private string NewId(string type)
    {
        var shortName = type[(type.LastIndexOf('.') + 1)..];
        var stem = shortName.Length == 0 ? "activity" : char.ToLowerInvariant(shortName[0]) + shortName[1..];
        var ids = Activities.Select(Id).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
        {
            var id = stem + n.ToString(CultureInfo.InvariantCulture);
            if (!ids.Contains(id))
            {
                return id;
            }
        }
    }

    private static List<string> Labels(JsonObject activity, string input)
    {
        var expression = Property(activity, input)?["expression"];
        var value = expression?["value"];
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            var trimmed = text.Trim();
            if (!trimmed.StartsWith('['))
            {
                return trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            }

            try
            {
                value = JsonNode.Parse(trimmed);
            }
            catch (System.Text.Json.JsonException)
            {
                return [];
            }
        }

        return (value as JsonArray ?? []).Select(item => item switch
        {
            JsonObject o => Text(o["label"]),
            JsonValue s => Text(s) ?? (s.GetValueKind() == System.Text.Json.JsonValueKind.Number ? s.ToJsonString() : null),
            _ => null,
        }).OfType<string>().Where(l => l.Length > 0).ToList();
    }

    private static JsonNode? Property(JsonObject activity, string name) =>
        activity.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private JsonObject Root => (JsonObject)_definition["root"]!;

    private JsonArray ActivitiesArray => (JsonArray)Root["activities"]!;

    private JsonArray ConnectionsArray => (JsonArray)Root["connections"]!;

    private IEnumerable<JsonObject> Activities => ActivitiesArray.OfType<JsonObject>().Where(a => Id(a).Length > 0);

    private IEnumerable<JsonObject> Connections => ConnectionsArray.OfType<JsonObject>();

    private JsonObject? Activity(string id) => Activities.FirstOrDefault(a => Id(a) == id);

    private static string Id(JsonObject activity) => Text(activity["id"]) ?? "";

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    internal static DesignLink? ReadLink(JsonObject connection)
    {
        // Elsa 3 shape first; older exports ({source, target, sourcePort}) as the engine normalises them on import.
        var source = connection["source"] is JsonObject s ? Text(s["activity"]) : Text(connection["source"]);
        var port = connection["source"] is JsonObject sp ? Text(sp["port"]) : Text(connection["sourcePort"]);
        var target = connection["target"] is JsonObject t ? Text(t["activity"]) : Text(connection["target"]);
        return source is null || target is null ? null : new DesignLink(source, port ?? "Done", target);
    }

    private static JsonObject Normalise(JsonObject definition)
    {
        if (definition["root"] is not JsonObject root)
        {
            root = new JsonObject { ["id"] = "Flowchart1", ["type"] = "Elsa.Flowchart" };
            definition["root"] = root;
        }

        if (root["activities"] is not JsonArray)
        {
            root["activities"] = new JsonArray();
        }

        if (root["connections"] is not JsonArray)
        {
            root["connections"] = new JsonArray();
        }

        // Activities the designer never placed get their layered position now, so the first drag does not jump.
        var activities = root["activities"]!.AsArray().OfType<JsonObject>().Where(a => Id(a).Length > 0).ToList();
        if (activities.Any(a => a["metadata"]?["designer"]?["position"] is null))
        {
            var links = root["connections"]!.AsArray().OfType<JsonObject>().Select(ReadLink).OfType<DesignLink>().ToList();
            var positions = AutoLayout.Arrange(activities.Select(Id).Distinct(StringComparer.Ordinal).ToList(), links);
            foreach (var activity in activities.Where(a => a["metadata"]?["designer"]?["position"] is null))
            {
                var (x, y) = positions[Id(activity)];
                activity["metadata"] = Merge(activity["metadata"] as JsonObject, x, y);
            }
        }

        return definition;
    }

    private static JsonObject Position(double x, double y) =>
        new() { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = Math.Round(x), ["y"] = Math.Round(y) } } };

    private static JsonObject Merge(JsonObject? metadata, double x, double y)
    {
        var copy = metadata?.DeepClone() as JsonObject ?? [];
        if (copy["designer"] is not JsonObject designer)
        {
            designer = [];
            copy["designer"] = designer;
        }

        designer["position"] = new JsonObject { ["x"] = Math.Round(x), ["y"] = Math.Round(y) };
        return copy;
    }

    private static void RemoveWhere(JsonArray array, Func<JsonNode, bool> predicate)
    {
        for (var i = array.Count - 1; i >= 0; i--)
        {
            if (array[i] is { } item && predicate(item))
            {
                array.RemoveAt(i);
            }
        }
    }
}
