using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowDocs.Common.Events;

/// <summary>Handles one kind of in-process event, e.g. the engine starting workflows on <see cref="DocumentVersionAdded"/>.</summary>
public interface IEventHandler<in TEvent>
{
    Task HandleAsync(TEvent payload, CancellationToken cancellationToken);
}

/// <summary>Publishes an event to every registered <see cref="IEventHandler{TEvent}"/>; call it after the change is committed.</summary>
public interface IEventPublisher
{
    Task PublishAsync<TEvent>(TEvent payload, CancellationToken cancellationToken);
}

internal sealed class InProcessEventPublisher(IServiceProvider services) : IEventPublisher
{
    public async Task PublishAsync<TEvent>(TEvent payload, CancellationToken cancellationToken)
    {
        foreach (var handler in services.GetServices<IEventHandler<TEvent>>())
        {
            await handler.HandleAsync(payload, cancellationToken);
        }
    }
}

public static class EventRegistration
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.TryAddScoped<IEventPublisher, InProcessEventPublisher>();
        return services;
    }
}

/// <summary>A new version of a document was stored (upload, import or revert). Triggers approval workflows.</summary>
public sealed record DocumentVersionAdded(
    Guid TenantId,
    Guid DocumentId,
    Guid VersionId,
    int VersionNumber,
    string Origin,
    string AddedBy,
    DateTimeOffset AddedAt);
