using FlowDocs.Common.Events;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Common.Tests;

public sealed class EventTests
{
    private sealed class Recorder(List<string> seen, string name) : IEventHandler<DocumentVersionAdded>
    {
        public Task HandleAsync(DocumentVersionAdded payload, CancellationToken cancellationToken)
        {
            seen.Add($"{name}:{payload.VersionNumber}");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Every_registered_handler_receives_the_event_in_order()
    {
        var seen = new List<string>();
        var services = new ServiceCollection().AddEvents();
        services.AddSingleton<IEventHandler<DocumentVersionAdded>>(new Recorder(seen, "a"));
        services.AddSingleton<IEventHandler<DocumentVersionAdded>>(new Recorder(seen, "b"));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        await scope.ServiceProvider.GetRequiredService<IEventPublisher>().PublishAsync(
            new DocumentVersionAdded(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 3, "upload", "u-1", DateTimeOffset.UnixEpoch),
            TestContext.Current.CancellationToken);

        Assert.Equal(["a:3", "b:3"], seen);
    }

    [Fact]
    public async Task Publishing_without_handlers_does_nothing()
    {
        await using var provider = new ServiceCollection().AddEvents().BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        await scope.ServiceProvider.GetRequiredService<IEventPublisher>().PublishAsync("unhandled", TestContext.Current.CancellationToken);
    }
}
