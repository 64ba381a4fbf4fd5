using System.Text.Json;
using FlowDocs.Common.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Data.Events;

/// <summary>The scoped <see cref="IEventPublisher"/>: stages events as <see cref="OutboxMessage"/> rows in the scope's context.</summary>
internal sealed class OutboxEventPublisher(
    FlowDocsDbContext db, OutboxDispatcher dispatcher, TimeProvider time, IServiceProviderIsService registrations) : IEventPublisher
{
    private readonly List<OutboxMessage> _staged = [];

    public void Stage<TEvent>(TEvent payload)
        where TEvent : ITenantEvent
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.TenantId == Guid.Empty)
        {
            // A handler would run outside every tenant; catch the mistake where it is made.
            throw new ArgumentException($"{payload.GetType().Name} names no tenant.", nameof(payload));
        }

        if (!registrations.IsService(typeof(IEventHandler<TEvent>)))
        {
            // Nobody in this host handles it (e.g. the engine without the tasks module): storing it would only cost
            // a write now and a delete after the commit.
            return;
        }

        var now = time.GetUtcNow();
        var type = payload.GetType();
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            TenantId = payload.TenantId,
            EventType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            PayloadJson = JsonSerializer.Serialize(payload, type, OutboxDispatcher.Json),
            CreatedAt = now.UtcDateTime,
            NextAttemptAt = (now + OutboxDispatcher.InlineGrace).UtcDateTime,
        };
        db.Set<OutboxMessage>().Add(message);
        _staged.Add(message);
    }

    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var committed = new List<OutboxMessage>();
        for (var i = _staged.Count - 1; i >= 0; i--)
        {
            var state = db.Entry(_staged[i]).State;
            if (state == EntityState.Added)
            {
                continue; // not saved yet: the caller's next save commits it, its next dispatch runs it
            }

            // Detached: either its save was discarded, or it was saved and the tracker cleared since (a burst does
            // that); only the database knows which.
            if (state == EntityState.Unchanged || (state == EntityState.Detached && await IsStoredAsync(_staged[i], cancellationToken)))
            {
                committed.Insert(0, _staged[i]);
            }

            _staged.RemoveAt(i);
        }

        foreach (var message in committed)
        {
            await dispatcher.DispatchAsync(message, cancellationToken);
        }
    }

    /// <summary>
    /// Whether a message whose tracking was cleared was committed. When the database cannot say (it went away right
    /// after the commit), it is not dispatched here: stored or not, the caller's change stands, and the sweep runs it.
    /// </summary>
    private async Task<bool> IsStoredAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await db.Set<OutboxMessage>().AnyAsync(m => m.Id == message.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    public async Task PublishAsync<TEvent>(TEvent payload, CancellationToken cancellationToken)
        where TEvent : ITenantEvent
    {
        Stage(payload);
        await db.SaveChangesAsync(cancellationToken);
        await DispatchAsync(cancellationToken);
    }
}
