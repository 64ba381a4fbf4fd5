namespace FlowDocs.Common.Events;

/// <summary>Handles one kind of event, e.g. the engine starting workflows on <see cref="DocumentVersionAdded"/>.</summary>
/// <remarks>
/// Handlers run after the change that raised the event has committed, in a DI scope of their own with the event's
/// tenant entered, and at least once: a handler that fails is retried later (with back-off) until it succeeds, so
/// a handler must tolerate seeing an event again (resuming a bookmark and closing a task already are idempotent).
/// </remarks>
public interface IEventHandler<in TEvent>
{
    Task HandleAsync(TEvent payload, CancellationToken cancellationToken);
}

/// <summary>An event that belongs to one tenant; its handlers run inside that tenant.</summary>
public interface ITenantEvent
{
    Guid TenantId { get; }
}

/// <summary>
/// The transactional outbox: an event is stored in the same transaction as the change that raised it, and handed to
/// its handlers once that transaction has committed. A handler failure never fails the caller and never loses the
/// event: it stays stored and a recurring sweep retries it.
/// </summary>
public interface IEventPublisher
{
    /// <summary>Adds the event to the scope's unit of work: it commits with the caller's next save.</summary>
    void Stage<TEvent>(TEvent payload)
        where TEvent : ITenantEvent;

    /// <summary>
    /// After the caller's commit: runs the handlers of every event staged in this scope that has been saved. Failures
    /// are logged and left to the sweep; events whose save was discarded (rolled back, change tracker cleared) are dropped.
    /// </summary>
    Task DispatchAsync(CancellationToken cancellationToken);

    /// <summary>Stages the event, saves the scope's unit of work (with anything else pending in it) and dispatches.</summary>
    Task PublishAsync<TEvent>(TEvent payload, CancellationToken cancellationToken)
        where TEvent : ITenantEvent;
}

/// <summary>A new version of a document was stored (upload, import or revert). Triggers approval workflows.</summary>
public sealed record DocumentVersionAdded(
    Guid TenantId,
    Guid DocumentId,
    Guid VersionId,
    int VersionNumber,
    string Origin,
    string AddedBy,
    DateTimeOffset AddedAt) : ITenantEvent;
