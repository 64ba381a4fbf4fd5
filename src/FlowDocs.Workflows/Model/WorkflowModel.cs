using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowDocs.Workflows.Model;

/// <summary>Where a connection leaves or enters an activity.</summary>
public sealed record Endpoint(string Activity, string Port);

public sealed record Connection(Endpoint Source, Endpoint Target);

/// <summary>A workflow variable as Elsa declares it: the initial value is a string converted to the type.</summary>
public sealed record VariableDefinition(string Id, string Name, string TypeName, JsonNode? Value);

/// <summary>
/// One activity of a flowchart. <see cref="Json"/> is the activity exactly as stored (inputs are its
/// properties, e.g. <c>"text": {"typeName": "String", "expression": {"type": "Literal", "value": "Hi"}}</c>),
/// so properties the engine does not know survive import and export.
/// </summary>
public sealed class ActivityNode(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string Id => Json["id"]?.GetValue<string>() ?? "";

    public string Type => Json["type"]?.GetValue<string>() ?? "";

    public string? Name => Json["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The raw input property, or null when the activity does not set it.</summary>
    public JsonNode? Input(string name)
    {
        foreach (var (key, value) in Json)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether running it evaluates JavaScript: an input of type JavaScript, or the code of a Run JavaScript activity
    /// (given as a literal). Worked out once per node of a cached definition, not per execution.
    /// </summary>
    public bool RunsScript => _runsScript ??= Type == "Elsa.RunJavaScript" || Json.ToJsonString().Contains("\"JavaScript\"", StringComparison.Ordinal);

    private bool? _runsScript;

    /// <summary>The expression of an input: (type, value) or null when the input is absent or has no expression.</summary>
    public Expression? InputExpression(string name)
    {
        var input = Input(name);
        if (input is not JsonObject obj || obj["expression"] is not JsonObject expression)
        {
            return null;
        }

        var type = expression["type"] is JsonValue t && t.TryGetValue<string>(out var ts) ? ts : "Literal";
        var value = expression["value"];
        return new Expression(type, value, obj["typeName"] is JsonValue tn && tn.TryGetValue<string>(out var typeName) ? typeName : null);
    }
}

/// <summary>An input's expression: <c>Literal</c>, <c>Variable</c>, <c>JavaScript</c> or <c>Liquid</c>.</summary>
public sealed record Expression(string Type, JsonNode? Value, string? TypeName)
{
    /// <summary>The expression text (non-string literals are given as their JSON).</summary>
    public string Text => Value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Value.ToJsonString(),
    };
}

/// <summary>The root flowchart: activities and the connections between their ports.</summary>
public sealed class Flowchart(string id, string? start, IReadOnlyList<ActivityNode> activities, IReadOnlyList<Connection> connections)
{
    private readonly Dictionary<string, ActivityNode> _byId = activities
        .Where(a => a.Id.Length > 0)
        .GroupBy(a => a.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public string Id { get; } = id;

    /// <summary>The activity the flow starts from when the definition names one (older Elsa exports).</summary>
    public string? Start { get; } = start;

    public IReadOnlyList<ActivityNode> Activities { get; } = activities;

    public IReadOnlyList<Connection> Connections { get; } = connections;

    public ActivityNode? Find(string activityId) => _byId.GetValueOrDefault(activityId);

    public IEnumerable<(int Index, Connection Connection)> Outbound(string activityId, string port) =>
        Connections.Select((c, i) => (i, c)).Where(x =>
            string.Equals(x.c.Source.Activity, activityId, StringComparison.Ordinal) &&
            string.Equals(x.c.Source.Port, port, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<int> Inbound(string activityId) =>
        Connections.Select((c, i) => (i, c)).Where(x => string.Equals(x.c.Target.Activity, activityId, StringComparison.Ordinal))
            .Select(x => x.i).ToList();

    /// <summary>
    /// Elsa's rule: the named start, else the first <c>Elsa.Start</c>, else the first activity without an
    /// inbound connection. Null when none exists (every activity sits on a cycle).
    /// </summary>
    public ActivityNode? FindStart()
    {
        if (Start is not null)
        {
            return Find(Start);
        }

        return Activities.FirstOrDefault(a => a.Type == "Elsa.Start")
            ?? Activities.FirstOrDefault(a => Inbound(a.Id).Count == 0);
    }

    /// <summary>Activities from which <paramref name="activityId"/> can be reached (its upstream).</summary>
    public HashSet<string> Ancestors(string activityId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([activityId]);
        while (stack.TryPop(out var current))
        {
            foreach (var index in Inbound(current))
            {
                var source = Connections[index].Source.Activity;
                if (seen.Add(source))
                {
                    stack.Push(source);
                }
            }
        }

        return seen;
    }
}

/// <summary>
/// A definition version parsed from its Elsa 3 JSON. The original JSON document is kept (<see cref="Document"/>)
/// so that export returns what was imported.
/// </summary>
public sealed class WorkflowModel
{
    private WorkflowModel(JsonObject document, Flowchart root, IReadOnlyList<VariableDefinition> variables)
    {
        Document = document;
        Root = root;
        Variables = variables;
    }

    public JsonObject Document { get; }

    public Flowchart Root { get; }

    public IReadOnlyList<VariableDefinition> Variables { get; }

    public string Name => Document["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public string? Description => Document["description"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string? DefinitionId => Document["definitionId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static WorkflowModel Parse(string json) =>
        FromDocument(JsonNode.Parse(json.TrimStart('\uFEFF')) as JsonObject
            ?? throw new WorkflowFormatException("The definition must be a JSON object."));

    /// <summary>
    /// Reads an Elsa 3 definition. Older exports connect with <c>{source, target, sourcePort, targetPort}</c>;
    /// they are rewritten in place to the current <c>{source:{activity,port}, target:{activity,port}}</c> shape.
    /// </summary>
    public static WorkflowModel FromDocument(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document["root"] is not JsonObject root)
        {
            root = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1", ["activities"] = new JsonArray(), ["connections"] = new JsonArray() };
            document["root"] = root;
        }

        if (root["activities"] is not JsonArray activitiesJson)
        {
            activitiesJson = [];
            root["activities"] = activitiesJson;
        }

        if (root["connections"] is not JsonArray connectionsJson)
        {
            connectionsJson = [];
            root["connections"] = connectionsJson;
        }

        var activities = new List<ActivityNode>();
        foreach (var item in activitiesJson)
        {
            if (item is not JsonObject activity)
            {
                throw new WorkflowFormatException("Every entry of root.activities must be an object.");
            }

            activities.Add(new ActivityNode(activity));
        }

        var connections = new List<Connection>();
        for (var i = 0; i < connectionsJson.Count; i++)
        {
            if (connectionsJson[i] is not JsonObject c)
            {
                throw new WorkflowFormatException($"root.connections[{i}] must be an object.");
            }

            if (c["source"] is JsonValue && c["target"] is JsonValue)
            {
                var legacySource = new JsonObject { ["activity"] = Str(c["source"]), ["port"] = Str(c["sourcePort"]) ?? "Done" };
                var legacyTarget = new JsonObject { ["activity"] = Str(c["target"]), ["port"] = Str(c["targetPort"]) ?? "In" };
                c.Remove("sourcePort");
                c.Remove("targetPort");
                c["source"] = legacySource;
                c["target"] = legacyTarget;
            }

            var source = c["source"] as JsonObject;
            var target = c["target"] as JsonObject;
            connections.Add(new Connection(
                new Endpoint(Str(source?["activity"]) ?? "", Str(source?["port"]) ?? "Done"),
                new Endpoint(Str(target?["activity"]) ?? "", Str(target?["port"]) ?? "In")));
        }

        var variables = new List<VariableDefinition>();
        if (document["variables"] is JsonArray variablesJson)
        {
            foreach (var v in variablesJson.OfType<JsonObject>())
            {
                var name = Str(v["name"]) ?? "";
                variables.Add(new VariableDefinition(Str(v["id"]) ?? name, name, Str(v["typeName"]) ?? "Object", v["value"]?.DeepClone()));
            }
        }

        var flowchart = new Flowchart(Str(root["id"]) ?? "Flowchart1", Str(root["start"]), activities, connections);
        return new WorkflowModel(document, flowchart, variables);
    }

    public string ToJson() => Document.ToJsonString(JsonDefaults.Indented);

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

public sealed class WorkflowFormatException(string message) : Exception(message);

internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
