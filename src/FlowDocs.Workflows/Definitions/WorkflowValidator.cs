using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;

namespace FlowDocs.Workflows.Definitions;

/// <summary>One problem of a definition; <see cref="ActivityId"/> is null for problems of the whole definition.</summary>
public sealed record ValidationProblem(string? ActivityId, string Code, string Message);

/// <summary>Finds every problem of a definition at once (the designer shows them all, publish refuses them all).</summary>
public sealed class WorkflowValidator(ActivityRegistry registry)
{
    public IReadOnlyList<ValidationProblem> Validate(WorkflowModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<ValidationProblem>();
        var flowchart = model.Root;
        if (string.IsNullOrWhiteSpace(model.Name))
        {
            problems.Add(new(null, "name-missing", "The definition has no name."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in flowchart.Activities)
        {
            if (node.Id.Length == 0)
            {
                problems.Add(new(null, "activity-id-missing", $"An activity of type '{node.Type}' has no id."));
                continue;
            }

            if (!seen.Add(node.Id))
            {
                problems.Add(new(node.Id, "activity-id-duplicate", $"Activity id '{node.Id}' is used more than once."));
            }

            var activity = registry.Find(node.Type);
            if (activity is null)
            {
                problems.Add(new(node.Id, "activity-type-unknown", $"Activity type '{node.Type}' is not known; it is kept but cannot run."));
                continue;
            }

            foreach (var input in activity.Descriptor.Inputs)
            {
                var raw = node.Input(input.Name);
                var expression = node.InputExpression(input.Name);
                if (input.Required && (raw is null || (expression is not null && expression.Value is null)))
                {
                    problems.Add(new(node.Id, "input-missing", $"Required input '{input.Name}' of '{node.Type}' is not set."));
                }

                if (expression is not null && ExpressionEvaluator.CheckSyntax(expression) is { } error)
                {
                    problems.Add(new(node.Id, "expression-invalid", $"Input '{input.Name}': {error}"));
                }
            }

            var messages = new List<string>();
            activity.Validate(node, messages);
            problems.AddRange(messages.Select(m => new ValidationProblem(node.Id, Code(node.Type, m), m)));
        }

        for (var i = 0; i < flowchart.Connections.Count; i++)
        {
            var connection = flowchart.Connections[i];
            var source = flowchart.Find(connection.Source.Activity);
            var target = flowchart.Find(connection.Target.Activity);
            if (source is null)
            {
                problems.Add(new(connection.Source.Activity.Length > 0 ? connection.Source.Activity : null, "connection-source-missing",
                    $"Connection {i} leaves activity '{connection.Source.Activity}', which does not exist."));
            }
            else if (registry.Find(source.Type) is { } activity && !activity.GetOutcomes(source).Contains(connection.Source.Port, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(new(source.Id, "connection-port-unknown",
                    $"Connection {i} leaves '{source.Id}' by port '{connection.Source.Port}', which it does not have (ports: {string.Join(", ", activity.GetOutcomes(source))})."));
            }

            if (target is null)
            {
                problems.Add(new(connection.Target.Activity.Length > 0 ? connection.Target.Activity : null, "connection-target-missing",
                    $"Connection {i} enters activity '{connection.Target.Activity}', which does not exist."));
            }
        }

        if (flowchart.Activities.Count == 0)
        {
            problems.Add(new(null, "flowchart-empty", "The flowchart has no activities."));
        }
        else if (flowchart.Start is not null && flowchart.Find(flowchart.Start) is null)
        {
            problems.Add(new(flowchart.Start, "start-missing", $"The start activity '{flowchart.Start}' does not exist."));
        }
        else if (flowchart.FindStart() is null)
        {
            problems.Add(new(null, "start-unreachable", "No activity can start the flow: every activity has an inbound connection."));
        }

        return problems;
    }

    private static string Code(string type, string message) => type switch
    {
        "Elsa.Cron" => "cron-invalid",
        _ when message.Contains("parse", StringComparison.OrdinalIgnoreCase) => "expression-invalid",
        _ => "activity-invalid",
    };
}
