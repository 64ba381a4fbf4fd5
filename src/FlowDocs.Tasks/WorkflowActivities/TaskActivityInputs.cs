using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.CreateTask;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Tasks.WorkflowActivities;

/// <summary>How the task activities read their inputs, so a user task and an approval accept the same forms.</summary>
internal static class TaskActivityInputs
{
    public const string Category = "Tasks";

    /// <summary>Who the audit trail names when a workflow creates, assigns or cancels a task.</summary>
    public const string WorkflowActor = "workflow";

    public static readonly InputDescriptor DocumentId = new("documentId", "String", "The document; default the instance's correlation id (the document that started it).");
    public static readonly InputDescriptor VersionNumber = new("versionNumber", "Int32", "The version the task is about; default the version that started the instance, else the current one.");
    public static readonly InputDescriptor Priority = new("priority", "String", "Low, Normal (default), High or Urgent.");
    public static readonly InputDescriptor DueIn = new("dueIn", "TimeSpan", "Due this long after creation, e.g. 2.00:00:00; the Overdue port fires then.");
    public static readonly InputDescriptor DueAt = new("dueAt", "DateTime", "Due at this time (ISO 8601); the Overdue port fires then.");

    /// <summary>A list input: a JSON array, or text separated by commas or new lines.</summary>
    public static async ValueTask<IReadOnlyList<string>> ListAsync(ActivityExecutionContext context, string input) =>
        Split(await context.EvaluateAsync(input));

    public static IReadOnlyList<string> Split(JsonNode? value) => value switch
    {
        null => [],
        JsonArray array => [.. array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? string.Empty)
            .Select(s => s.Trim()).Where(s => s.Length > 0)],
        JsonValue v when v.GetValueKind() == JsonValueKind.String => SplitText(v.GetValue<string>()),
        _ => SplitText(value.ToJsonString()),
    };

    public static IReadOnlyList<string> SplitText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return Split(JsonNode.Parse(trimmed));
            }
            catch (JsonException)
            {
                // Not JSON after all: fall back to separators.
            }
        }

        return [.. trimmed.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>The outcomes a literal list input names (for the ports the designer shows), or <paramref name="fallback"/>.</summary>
    public static IReadOnlyList<string> LiteralList(ActivityNode node, string input, IReadOnlyList<string> fallback) =>
        node.InputExpression(input) is { Type: "Literal" } e && SplitText(e.Text) is { Count: > 0 } list ? list : fallback;

    public static async ValueTask<UserTaskPriority> PriorityAsync(ActivityExecutionContext context)
    {
        var text = await context.EvaluateAsync<string>("priority");
        if (string.IsNullOrWhiteSpace(text))
        {
            return UserTaskPriority.Normal;
        }

        return Enum.TryParse<UserTaskPriority>(text.Trim(), ignoreCase: true, out var priority) && Enum.IsDefined(priority)
            ? priority
            : throw new ExpressionException($"Input 'priority' must be Low, Normal, High or Urgent, not '{text}'.");
    }

    /// <summary>The due time from <c>dueAt</c> or <c>dueIn</c>, or null when neither is set.</summary>
    public static async ValueTask<DateTimeOffset?> DueAsync(ActivityExecutionContext context)
    {
        var at = await context.EvaluateAsync<string>("dueAt");
        if (!string.IsNullOrWhiteSpace(at))
        {
            return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due)
                ? due.ToUniversalTime()
                : throw new ExpressionException($"Input 'dueAt' must be a date and time (ISO 8601), not '{at}'.");
        }

        var inText = await context.EvaluateAsync<string>("dueIn");
        if (string.IsNullOrWhiteSpace(inText))
        {
            return null;
        }

        return TimeSpan.TryParse(inText, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? context.Time.GetUtcNow() + span
            : throw new ExpressionException($"Input 'dueIn' must be a positive time span such as 2.00:00:00, not '{inText}'.");
    }

    /// <summary>The document and version a task is about: the inputs, else the instance's document and triggering version.</summary>
    public static async ValueTask<(Guid DocumentId, int? VersionNumber)> DocumentAsync(ActivityExecutionContext context)
    {
        var documentText = await context.EvaluateAsync<string>("documentId");
        var fromInput = !string.IsNullOrWhiteSpace(documentText);
        documentText = fromInput ? documentText : context.CorrelationId;
        if (!Guid.TryParse(documentText, out var documentId))
        {
            throw new ExpressionException($"'{documentText}' is not a document id; set input 'documentId' or start the workflow from a document.");
        }

        var versionText = await context.EvaluateAsync<string>("versionNumber");
        if (!string.IsNullOrWhiteSpace(versionText))
        {
            return int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
                ? (documentId, number)
                : throw new ExpressionException($"Input 'versionNumber' must be a positive whole number, not '{versionText}'.");
        }

        // The version that started the instance, when the task is about that same document.
        var started = !fromInput || string.Equals(context.Input["documentId"]?.ToString(), documentId.ToString(), StringComparison.OrdinalIgnoreCase);
        return started && context.Input["versionNumber"] is JsonValue v && v.TryGetValue<int>(out var startedVersion)
            ? (documentId, startedVersion)
            : (documentId, null);
    }

    /// <summary>Turns the creator's refusal (unknown document, invalid fields) into the incident message.</summary>
    public static string Describe(ProblemHttpResult problem) =>
        problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "The task could not be created.";

    /// <summary>Adds a comment to a task's thread in the burst's unit of work (e.g. why it went to the administrators).</summary>
    public static void Note(ActivityExecutionContext context, UserTask task, string text)
    {
        var now = context.Time.GetUtcNow();
        context.Services.GetRequiredService<FlowDocsDbContext>()
            .Add(new UserTaskComment { Id = Guid.CreateVersion7(now), TaskId = task.Id, Author = WorkflowActor, Text = text, CreatedAt = now });
    }

    /// <summary>A boolean input (true/false), or <paramref name="fallback"/> when it is empty.</summary>
    public static async ValueTask<bool> FlagAsync(ActivityExecutionContext context, string input, bool fallback)
    {
        var text = await context.EvaluateAsync<string>(input);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return bool.TryParse(text.Trim(), out var flag) ? flag : throw new ExpressionException($"Input '{input}' must be true or false, not '{text}'.");
    }

    /// <summary>Adds the task to the burst's unit of work, or throws so the activity faults with the reason.</summary>
    public static async ValueTask<UserTask> AddTaskAsync(UserTaskCreator creator, NewUserTask spec, CancellationToken cancellationToken)
    {
        var (task, problem) = await creator.AddAsync(spec, cancellationToken);
        return task ?? throw new ExpressionException(Describe(problem!));
    }
}
