using System.Collections.Concurrent;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace FlowDocs.Server.Tests;

/// <summary>Every log event the server under test writes, as the console sink would receive it.</summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>Events at <paramref name="level"/> or above (after the first <paramref name="since"/>), rendered with their exception, for an assertion message.</summary>
    public IReadOnlyList<string> AtOrAbove(LogEventLevel level, int since = 0) =>
        [.. Events.Skip(since).Where(e => e.Level >= level).Select(e => $"{e.Level}: {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {e.Exception?.GetType().Name}")];
}

/// <summary>A test server whose log events are captured (the host reads extra sinks from its services).</summary>
public sealed class LoggedFactory(StoreProfile profile = StoreProfile.Embedded) : FlowDocsFactory(profile)
{
    public CapturedLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Request errors are logged at Information: capture them to prove they are logged, and below Error.
        builder.UseSetting("Serilog:MinimumLevel:Override:FlowDocs.Server.Hosting", "Information");
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Log));
    }
}
