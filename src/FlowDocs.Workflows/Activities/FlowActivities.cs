using System.Text.Json;
using System.Text.Json.Nodes;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Workflows.Activities;

internal static class Categories
{
    public const string Flow = "Flow";
    public const string Primitives = "Primitives";
    public const string Scripting = "Scripting";
    public const string Time = "Scheduling";
    public const string Events = "Events";
    public const string Documents = "Documents";
    public const string Composition = "Composition";
}

internal sealed class StartActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new("Elsa.Start", Categories.Flow, "Start", "Where the flow starts.", [], ["Done"]);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>Ends the flowchart: work still queued on parallel paths and their bookmarks are dropped.</summary>
internal sealed class EndActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new("Elsa.End", Categories.Flow, "End", "Ends the workflow; parallel paths still running are cancelled.", [], []);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Finish());
}

internal sealed class FinishActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new("Elsa.Finish", Categories.Flow, "Finish", "Finishes the workflow instance at once.", [], []);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Finish());
}

internal sealed class FlowDecisionActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.FlowDecision", Categories.Flow, "Decision", "Leaves by True or False depending on the condition.",
        [new InputDescriptor("condition", "Boolean", "The condition to test.", Required: true)],
        ["True", "False"]);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = await context.EvaluateAsync("condition");
        return ActivityResult.Done(Truthy(value) ? "True" : "False");
    }

    internal static bool Truthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => JsonNumbers.ToDouble(v) != 0,
            JsonValueKind.String => bool.TryParse(v.GetValue<string>(), out var b) ? b : v.GetValue<string>().Length > 0,
            _ => false,
        },
        _ => true,
    };
}

/// <summary>Elsa's FlowSwitch: <c>cases</c> is a list of <c>{label, condition:{type, value}}</c>; no match leaves by Default.</summary>
internal sealed class FlowSwitchActivity(ExpressionEvaluator expressions) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.FlowSwitch", Categories.Flow, "Switch", "Leaves by the first case whose condition holds (MatchAny: by every such case), else by Default.",
        [
            new InputDescriptor("cases", "FlowSwitchCase[]", "A list of {label, condition} objects; each label is a port.", Required: true),
            new InputDescriptor("mode", "String", "MatchFirst (default) or MatchAny."),
        ],
        ["Default"]);

    public IReadOnlyList<string> GetOutcomes(ActivityNode node) => [.. Cases(node).Select(c => c.Label), "Default"];

    public void Validate(ActivityNode node, ICollection<string> problems)
    {
        foreach (var (label, condition) in Cases(node))
        {
            if (condition is not null && ExpressionEvaluator.CheckSyntax(condition) is { } error)
            {
                problems.Add($"Case '{label}': {error}");
            }
        }
    }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var matchAny = string.Equals(await context.EvaluateAsync<string>("mode"), "MatchAny", StringComparison.OrdinalIgnoreCase);
        var matched = new List<string>();
        foreach (var (label, condition) in Cases(context.Node))
        {
            if (condition is not null && FlowDecisionActivity.Truthy(await expressions.EvaluateAsync(condition, context.Scope, context.CancellationToken)))
            {
                matched.Add(label);
                if (!matchAny)
                {
                    break;
                }
            }
        }

        return ActivityResult.Done(matched.Count > 0 ? [.. matched] : ["Default"]);
    }

    private static IEnumerable<(string Label, Expression? Condition)> Cases(ActivityNode node)
    {
        var cases = node.Input("cases");
        var list = cases is JsonObject o && o["expression"] is JsonObject e ? e["value"] : cases;
        if (list is JsonValue text && text.TryGetValue<string>(out var raw))
        {
            try
            {
                list = JsonNode.Parse(raw);
            }
            catch (JsonException)
            {
                yield break;
            }
        }

        if (list is not JsonArray array)
        {
            yield break;
        }

        foreach (var item in array.OfType<JsonObject>())
        {
            var label = item["label"] is JsonValue l && l.TryGetValue<string>(out var s) ? s : null;
            if (label is null)
            {
                continue;
            }

            Expression? condition = item["condition"] switch
            {
                JsonObject c => new Expression(c["type"]?.GetValue<string>() ?? "Literal", c["value"], "Boolean"),
                JsonValue c => new Expression("Literal", c, "Boolean"),
                _ => null,
            };
            yield return (label, condition);
        }
    }
}

/// <summary>Leaves by every branch at once. Branches come from the <c>branches</c> input (a list or comma-separated).</summary>
internal sealed class FlowForkActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.FlowFork", Categories.Flow, "Fork", "Runs every branch in parallel.",
        [new InputDescriptor("branches", "String[]", "Branch names, each a port (a JSON list or comma-separated).")],
        ["Done"]);

    public IReadOnlyList<string> GetOutcomes(ActivityNode node)
    {
        var branches = Branches(node);
        return branches.Count > 0 ? branches : ["Done"];
    }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(ActivityResult.Done([.. GetOutcomes(context.Node)]));
    }

    private static List<string> Branches(ActivityNode node)
    {
        var value = node.InputExpression("branches")?.Value;
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith('['))
            {
                try
                {
                    value = JsonNode.Parse(trimmed);
                }
                catch (JsonException)
                {
                    return [];
                }
            }
            else
            {
                return [.. trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }
        }

        return value is JsonArray array ? [.. array.OfType<JsonValue>().Select(b => b.ToString())] : [];
    }
}

/// <summary>
/// Waits for its inbound paths: WaitAll fires when every inbound connection has arrived, WaitAny on the first
/// (then cancels the other inbound paths). The runtime counts the arrivals; this only decides.
/// </summary>
internal sealed class FlowJoinActivity : IActivity
{
    public const string TypeName = "Elsa.FlowJoin";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, Categories.Flow, "Join", "Waits for all (WaitAll) or the first (WaitAny) of its inbound paths.",
        [new InputDescriptor("mode", "String", "WaitAll (default) or WaitAny.")],
        ["Done"]);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());

    public static bool IsWaitAny(ActivityNode node) =>
        string.Equals(node.InputExpression("mode")?.Text, "WaitAny", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Elsa's SetVariable: <c>variable</c> is <c>{id, name}</c> (or a name), <c>value</c> an expression.</summary>
internal sealed class SetVariableActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.SetVariable", Categories.Primitives, "Set variable", "Sets a workflow variable.",
        [
            new InputDescriptor("variable", "Variable", "The variable ({id, name}) or its name.", Required: true),
            new InputDescriptor("value", "Object", "The new value."),
        ],
        ["Done"]);

    public void Validate(ActivityNode node, ICollection<string> problems)
    {
        if (VariableName(node) is null)
        {
            problems.Add("Input 'variable' must name a variable.");
        }
    }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = VariableName(context.Node) ?? throw new ExpressionException("Input 'variable' must name a variable.");
        if (VariableId(context.Node) is { } id && !context.Workflow.Variables.Any(v => v.Name == name))
        {
            // Elsa exports a reference by id only ({"id": "…"}): the workflow's declaration gives its name.
            name = context.Workflow.Variables.FirstOrDefault(v => v.Id == id)?.Name
                ?? throw new ExpressionException($"Input 'variable' refers to variable id '{id}', which the workflow does not declare.");
        }

        var value = await context.EvaluateAsync("value");
        var declared = context.Workflow.Variables.FirstOrDefault(v => v.Name == name);
        context.SetVariable(name, declared is null ? value : ExpressionEvaluator.Convert(value, declared.TypeName));
        return ActivityResult.Done();
    }

    /// <summary>The variable's name, or (for an id-only reference) its id, resolved against the workflow when run.</summary>
    internal static string? VariableName(ActivityNode node) => node.Input("variable") switch
    {
        JsonObject o when o["name"] is JsonValue n && n.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonObject o when VariableId(o) is { } id => id,
        JsonObject o when o["expression"] is JsonObject e && e["value"] is JsonValue n && n.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        _ => null,
    };

    private static string? VariableId(ActivityNode node) => node.Input("variable") is JsonObject o ? VariableId(o) : null;

    private static string? VariableId(JsonObject reference) =>
        reference["id"] is JsonValue i && i.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;
}

internal sealed class RunJavaScriptActivity(ExpressionEvaluator expressions) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.RunJavaScript", Categories.Scripting, "Run JavaScript",
        "Runs a script (time, statement and memory limited); it may change variables with setX(v) or variables.X.",
        [new InputDescriptor("script", "String", "The JavaScript to run.", Required: true)],
        ["Done"]);

    public void Validate(ActivityNode node, ICollection<string> problems)
    {
        var script = node.InputExpression("script");
        if (script is not null && script.Type == "Literal" && ExpressionEvaluator.CheckSyntax(script with { Type = "JavaScript" }) is { } error)
        {
            problems.Add(error);
        }
    }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var script = context.Node.InputExpression("script");
        if (script is not null)
        {
            // The script input holds code: a literal is run as JavaScript, not returned as text.
            var code = script.Type == "Literal" ? script with { Type = "JavaScript", TypeName = null } : script;
            var result = await expressions.EvaluateAsync(code, context.Scope, context.CancellationToken);
            if (result is not null)
            {
                context.Output["lastScriptResult"] = result;
            }
        }

        return ActivityResult.Done();
    }
}

internal sealed partial class WriteLineActivity(ILogger<WriteLineActivity> logger) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.WriteLine", Categories.Primitives, "Write line", "Writes a line to the instance journal and the log.",
        [new InputDescriptor("text", "String", "The text to write.", Required: true)],
        ["Done"]);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = await context.EvaluateAsync<string>("text") ?? "";
        context.Log(text);
        LogLine(logger, context.InstanceId, context.ActivityId, text);
        return ActivityResult.Done();
    }

    [LoggerMessage(LogLevel.Information, "Workflow {InstanceId} {ActivityId}: {Text}")]
    private static partial void LogLine(ILogger logger, Guid instanceId, string activityId, string text);
}

internal sealed class FaultActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Elsa.Fault", Categories.Primitives, "Fault", "Faults the instance with an incident.",
        [
            new InputDescriptor("message", "String", "What went wrong.", Required: true),
            new InputDescriptor("code", "String", "An error code."),
            new InputDescriptor("category", "String", "An error category."),
        ],
        []);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = await context.EvaluateAsync<string>("message") ?? "Fault";
        var code = await context.EvaluateAsync<string>("code");
        return ActivityResult.Fault(code is null ? message : $"{message} (code {code})");
    }
}
