using System.Text.Json.Nodes;
using FlowDocs.Workflows.Model;

namespace FlowDocs.Workflows.Activities;

/// <summary>An input an activity reads, as the designer shows it.</summary>
/// <param name="Name">The property name in the activity JSON (camelCase, as Elsa writes it).</param>
/// <param name="TypeName">Elsa's type name: String, Boolean, Int32, TimeSpan, DateTime, Object, ...</param>
/// <param name="Description">Shown beside the input in the designer.</param>
/// <param name="Required">Validation reports the input when it is not set.</param>
public sealed record InputDescriptor(string Name, string TypeName, string Description, bool Required = false);

/// <summary>What the activity catalogue tells the designer about an activity type.</summary>
/// <param name="Type">The type name stored in definitions, e.g. <c>Elsa.WriteLine</c>, <c>FlowDocs.UserTask</c>.</param>
/// <param name="Category">The designer's palette group.</param>
/// <param name="DisplayName">The palette label.</param>
/// <param name="Description">What the activity does.</param>
/// <param name="Inputs">The inputs the activity reads.</param>
/// <param name="Outcomes">The ports the activity can leave by; activities with case- or branch-named ports add theirs per node.</param>
/// <param name="IsTrigger">True when, placed without inbound connections in a published definition, it starts new instances.</param>
public sealed record ActivityDescriptor(
    string Type,
    string Category,
    string DisplayName,
    string Description,
    IReadOnlyList<InputDescriptor> Inputs,
    IReadOnlyList<string> Outcomes,
    bool IsTrigger = false);

/// <summary>
/// An activity type. Implementations are stateless singletons registered with
/// <c>services.AddSingleton&lt;IActivity, MyActivity&gt;()</c>; everything about one execution comes in the
/// <see cref="ActivityExecutionContext"/>.
/// <para>
/// Contract for waiting activities (user tasks, approvals): create the work item in
/// <see cref="ExecuteAsync"/> through the scoped services of <see cref="ActivityExecutionContext.Services"/>
/// (entities added to the scoped <c>FlowDocsDbContext</c> commit in the same transaction as the instance),
/// create a bookmark with <see cref="ActivityExecutionContext.CreateBookmark"/>, store its <see cref="Bookmark.Id"/>
/// on the work item and return <see cref="ActivityResult.Suspend"/>. When the work is done, call the scoped
/// <c>WorkflowRuntime.ResumeAsync(bookmarkId, payload, ct)</c>: it resumes at most once and
/// <see cref="ResumeAsync"/> runs with the payload; by default <c>payload.outcome</c> selects the port.
/// </para>
/// </summary>
public interface IActivity
{
    ActivityDescriptor Descriptor { get; }

    /// <summary>The ports this node can leave by (switch cases and fork branches depend on the node's inputs).</summary>
    IReadOnlyList<string> GetOutcomes(ActivityNode node) => Descriptor.Outcomes;

    /// <summary>
    /// True when executing waits on another system (an HTTP call): an inline burst (a start or resume answering a
    /// request) hands the activity to a job instead of holding its caller for as long as the other system takes.
    /// </summary>
    bool WaitsOnOtherSystems => false;

    /// <summary>Checks beyond required inputs and expression syntax (e.g. a cron expression); adds messages to <paramref name="problems"/>.</summary>
    void Validate(ActivityNode node, ICollection<string> problems)
    {
    }

    ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Runs when one of this activity's bookmarks is resumed. Default: leave by <c>payload.outcome</c>, else <c>Done</c>.</summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = context.ResumePayload?["outcome"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : "Done";
        return ValueTask.FromResult(ActivityResult.Done(outcome));
    }
}

/// <summary>Where an instance waits. Created by <see cref="ActivityExecutionContext.CreateBookmark"/>.</summary>
/// <param name="Id">Pass this to <c>WorkflowRuntime.ResumeAsync</c>.</param>
/// <param name="Name">What is awaited, usually the activity type (e.g. <c>FlowDocs.UserTask</c>).</param>
/// <param name="Key">Narrows the name (an event name); bookmarks are found by name and key.</param>
/// <param name="Payload">Data kept with the bookmark (shown on the instance).</param>
/// <param name="DueAt">For timers: the bookmark resumes by itself at this time.</param>
public sealed record Bookmark(Guid Id, string Name, string? Key, JsonObject? Payload, DateTimeOffset? DueAt);

public enum ActivityResultKind
{
    Done,
    Suspend,
    Fault,
    Finish,
}

/// <summary>How an activity execution ended.</summary>
public sealed class ActivityResult
{
    private ActivityResult(ActivityResultKind kind, IReadOnlyList<string> outcomes, IReadOnlyList<Bookmark> bookmarks, string? message, bool rerunOnRetry = false)
    {
        Kind = kind;
        Outcomes = outcomes;
        Bookmarks = bookmarks;
        Message = message;
        RerunOnRetry = rerunOnRetry;
    }

    public ActivityResultKind Kind { get; }

    public IReadOnlyList<string> Outcomes { get; }

    public IReadOnlyList<Bookmark> Bookmarks { get; }

    public string? Message { get; }

    /// <summary>A fault on resume after which retrying executes the activity afresh instead of resuming it again.</summary>
    public bool RerunOnRetry { get; }

    /// <summary>Continue along the connections leaving these ports (default <c>Done</c>); no port means the path ends here.</summary>
    public static ActivityResult Done(params string[] outcomes) =>
        new(ActivityResultKind.Done, outcomes is { Length: > 0 } ? outcomes : ["Done"], [], null);

    /// <summary>This path ends here without following any port.</summary>
    public static ActivityResult Stop() => new(ActivityResultKind.Done, [], [], null);

    /// <summary>Wait on the bookmarks (created with <see cref="ActivityExecutionContext.CreateBookmark"/>); the first one resumed continues the path.</summary>
    public static ActivityResult Suspend(params Bookmark[] bookmarks)
    {
        ArgumentNullException.ThrowIfNull(bookmarks);
        if (bookmarks.Length == 0)
        {
            throw new ArgumentException("Suspend needs at least one bookmark.", nameof(bookmarks));
        }

        return new(ActivityResultKind.Suspend, [], bookmarks, null);
    }

    /// <summary>
    /// Continue along the connections leaving <paramref name="outcomes"/> while this activity keeps waiting on
    /// <paramref name="bookmarks"/>: e.g. a user task whose due date passed fires <c>Overdue</c> but stays open.
    /// </summary>
    public static ActivityResult Branch(IReadOnlyList<string> outcomes, params Bookmark[] bookmarks)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(bookmarks);
        if (bookmarks.Length == 0)
        {
            throw new ArgumentException("Branch needs at least one bookmark to keep waiting on.", nameof(bookmarks));
        }

        return new(ActivityResultKind.Suspend, outcomes, bookmarks, null);
    }

    /// <summary>Fault the instance with an incident carrying <paramref name="message"/>.</summary>
    public static ActivityResult Fault(string message) => new(ActivityResultKind.Fault, [], [], message);

    /// <summary>
    /// Faults a resumed activity whose wait cannot succeed any more (its child workflow faulted): retrying the
    /// instance executes the activity again from the start (a new child) rather than replaying the same resume.
    /// </summary>
    public static ActivityResult FaultRerunOnRetry(string message) => new(ActivityResultKind.Fault, [], [], message, rerunOnRetry: true);

    /// <summary>Finish the whole instance now: queued work and bookmarks are dropped.</summary>
    public static ActivityResult Finish() => new(ActivityResultKind.Finish, [], [], null);
}
