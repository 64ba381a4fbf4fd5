using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowDocs.Workflows.Runtime;

/// <summary>One unit of queued work: run an activity (arriving through a connection) or resume it from a bookmark.</summary>
/// <param name="ActivityId">The activity to run.</param>
/// <param name="Via">Index of the connection the flow arrived by (joins count arrivals); null for the start.</param>
/// <param name="BookmarkId">Set when resuming: the bookmark that was resumed.</param>
/// <param name="Payload">The resume payload, or the trigger payload.</param>
/// <param name="Triggered">The instance was started by this trigger activity; the trigger completes at once.</param>
public sealed record WorkItem(string ActivityId, int? Via = null, Guid? BookmarkId = null, JsonObject? Payload = null, bool Triggered = false);

/// <summary>Why an instance faulted.</summary>
public sealed record Incident(string ActivityId, string ActivityType, string Message, string? ExceptionType, DateTime Timestamp);

/// <summary>The runtime's part of an instance row (serialized to <c>StateJson</c>).</summary>
public sealed class InstanceState
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public Dictionary<string, JsonNode?> Variables { get; set; } = new(StringComparer.Ordinal);

    public JsonObject Input { get; set; } = [];

    /// <summary>Work to do, oldest first (Elsa's flowchart order for parallel paths).</summary>
    public List<WorkItem> Queue { get; set; } = [];

    /// <summary>Per join activity: the inbound connections that have arrived since it last fired.</summary>
    public Dictionary<string, List<int>> JoinArrivals { get; set; } = new(StringComparer.Ordinal);

    public List<Incident> Incidents { get; set; } = [];

    /// <summary>The work item that faulted; retry puts it back on the queue.</summary>
    public WorkItem? FaultedItem { get; set; }

    /// <summary>The last journal sequence number written.</summary>
    public int JournalSequence { get; set; }

    /// <summary>Set by <c>Elsa.Finish</c>/<c>Elsa.End</c> output or the last activity: what a parent workflow receives.</summary>
    public JsonObject Output { get; set; } = [];

    /// <summary>
    /// The document version this instance decides about, when it asked to end once a newer version of its document
    /// (the correlation id) arrives; null when a newer version does not concern it.
    /// </summary>
    public int? SupersedableVersion { get; set; }

    /// <summary>Why the instance was ended from outside (cancelled, superseded), for the people who look at it.</summary>
    public string? EndReason { get; set; }

    public string Serialize() => JsonSerializer.Serialize(this, Options);

    public static InstanceState Deserialize(string json) =>
        JsonSerializer.Deserialize<InstanceState>(json, Options) ?? new InstanceState();
}
