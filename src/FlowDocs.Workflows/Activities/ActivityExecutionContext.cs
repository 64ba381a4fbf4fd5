using System.Text.Json;
using System.Text.Json.Nodes;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;
using FlowDocs.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Workflows.Activities;

/// <summary>Everything one activity execution can see and do. Created by the runtime for every execution.</summary>
public sealed class ActivityExecutionContext
{
    private readonly InstanceState _state;
    private readonly ExpressionEvaluator _expressions;
    private readonly List<Bookmark> _created = [];
    private readonly List<string> _log = [];
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _afterCommit;

    internal ActivityExecutionContext(
        IServiceProvider services,
        TimeProvider time,
        ExpressionEvaluator expressions,
        InstanceState state,
        WorkflowModel workflow,
        ActivityNode node,
        WorkItem item,
        Guid tenantId,
        Guid instanceId,
        string? correlationId,
        List<Func<IServiceProvider, CancellationToken, Task>> afterCommit,
        CancellationToken cancellationToken)
    {
        Services = services;
        Time = time;
        _expressions = expressions;
        _state = state;
        Workflow = workflow;
        Node = node;
        WorkItem = item;
        TenantId = tenantId;
        InstanceId = instanceId;
        CorrelationId = correlationId;
        _afterCommit = afterCommit;
        CancellationToken = cancellationToken;
        Scope = new ExpressionScope(state.Variables, state.Input, instanceId, correlationId);
    }

    /// <summary>The burst's scoped services: the <c>FlowDocsDbContext</c> here commits together with the instance.</summary>
    public IServiceProvider Services { get; }

    public TimeProvider Time { get; }

    public WorkflowModel Workflow { get; }

    public ActivityNode Node { get; }

    public string ActivityId => Node.Id;

    public Guid TenantId { get; }

    public Guid InstanceId { get; }

    public string? CorrelationId { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The instance's input (start input, trigger payload).</summary>
    public JsonObject Input => _state.Input;

    /// <summary>The output a parent workflow receives when this instance finishes.</summary>
    public JsonObject Output => _state.Output;

    /// <summary>True when this activity is the trigger that started the instance.</summary>
    public bool IsTriggered => WorkItem.Triggered;

    /// <summary>When resuming: the payload given to <c>WorkflowRuntime.ResumeAsync</c>.</summary>
    public JsonObject? ResumePayload => WorkItem.BookmarkId is null ? null : WorkItem.Payload;

    internal WorkItem WorkItem { get; }

    internal ExpressionScope Scope { get; }

    internal IReadOnlyList<Bookmark> CreatedBookmarks => _created;

    internal IReadOnlyList<string> LogLines => _log;

    /// <summary>Evaluates an input's expression; null when the node does not set the input.</summary>
    public async ValueTask<JsonNode?> EvaluateAsync(string inputName)
    {
        var expression = Node.InputExpression(inputName);
        return expression is null ? null : await _expressions.EvaluateAsync(expression, Scope, CancellationToken);
    }

    public async ValueTask<T?> EvaluateAsync<T>(string inputName)
    {
        var value = await EvaluateAsync(inputName);
        if (value is null)
        {
            return default;
        }

        try
        {
            if (typeof(T) == typeof(string))
            {
                return (T)(object)(value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString());
            }

            return value.Deserialize<T>(JsonDefaults.Web);
        }
        catch (JsonException ex)
        {
            throw new ExpressionException($"Input '{inputName}' is not a valid {typeof(T).Name}: {value.ToJsonString()}", ex);
        }
    }

    public JsonNode? GetVariable(string name) => _state.Variables.GetValueOrDefault(name);

    public void SetVariable(string name, JsonNode? value) => _state.Variables[name] = value;

    /// <summary>Adds a line to the instance journal (and the log).</summary>
    public void Log(string message) => _log.Add(message);

    /// <summary>
    /// Asks the engine to end this instance as <c>Superseded</c> (cancelling its open tasks with that reason) when a
    /// version newer than <paramref name="versionNumber"/> of the instance's document arrives.
    /// </summary>
    public void EndWhenSuperseded(int versionNumber) => _state.SupersedableVersion = versionNumber;

    /// <summary>
    /// For an activity that finds its version already superseded: return <see cref="ActivityResult.Finish"/> after
    /// this, and the instance ends as <c>Superseded</c> with <paramref name="reason"/>.
    /// </summary>
    public void Supersede(string reason) => _state.EndReason = reason;

    /// <summary>The definition and version this instance runs, and the instance: what a decision names as its process.</summary>
    public async ValueTask<Common.Documents.WorkflowOrigin> OriginAsync()
    {
        var db = Services.GetRequiredService<Data.FlowDocsDbContext>();
        var instance = db.Set<Data.Workflows.WorkflowInstance>().Local.FirstOrDefault(i => i.Id == InstanceId)
            ?? await db.Set<Data.Workflows.WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == InstanceId, CancellationToken);
        return new Common.Documents.WorkflowOrigin(instance?.DefinitionId ?? Workflow.Document["definitionId"]?.ToString() ?? string.Empty, instance?.DefinitionVersion ?? 0, InstanceId);
    }

    /// <summary>
    /// Creates a bookmark for this activity; return it in <see cref="ActivityResult.Suspend"/>. It is stored
    /// in the burst's transaction, so its id can be saved on work items created in the same execution.
    /// </summary>
    public Bookmark CreateBookmark(string name, string? key = null, JsonObject? payload = null, DateTimeOffset? dueAt = null)
    {
        var bookmark = new Bookmark(Guid.CreateVersion7(Time.GetUtcNow()), name, key, payload, dueAt);
        _created.Add(bookmark);
        return bookmark;
    }

    /// <summary>Runs after the burst committed (publish events, notify other modules); a crash before it runs loses it.</summary>
    public void AfterCommit(Func<IServiceProvider, CancellationToken, Task> action) => _afterCommit.Add(action);
}
