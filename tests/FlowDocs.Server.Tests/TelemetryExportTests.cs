using System.Collections.Concurrent;
using System.Text;
using FlowDocs.Server.Hosting;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace FlowDocs.Server.Tests;

/// <summary>
/// With an OTLP endpoint set, the server's traces reach a collector: a loopback OTLP/HTTP receiver stands in for the
/// OpenTelemetry Collector each environment runs (no collector binary is installable here), and gets the request's span
/// with the service's name.
/// </summary>
public sealed class TelemetryExportTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _received = new();
    private WebApplication _collector = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = builder.Build();
        _collector.MapPost("/otlp/v1/{signal}", async (HttpRequest request, string signal) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue(("/otlp/v1/" + signal, request.ContentType ?? string.Empty, body.ToArray()));
            return Results.Ok();
        });
        await _collector.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _collector.DisposeAsync();

    private Uri CollectorAddress => new(_collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    [Fact]
    public async Task Traces_reach_an_otlp_http_collector_with_the_service_name_and_the_request()
    {
        await using var factory = new FlowDocsFactory()
            .With(HostModule.OtlpEndpointKey, new Uri(CollectorAddress, "/otlp").ToString())
            .With(HostModule.OtlpProtocolKey, "http/protobuf");
        var client = factory.CreateClientAs(TestUser.Member(Guid.NewGuid()));

        var response = await client.GetAsync("/api/documents", Ct);
        response.EnsureSuccessStatusCode();
        Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000), "the exporter flushed");

        var traces = await TestWaits.EventuallyAsync(
            () => Task.FromResult(_received.Where(r => r.Path == "/otlp/v1/traces").ToList()),
            list => list.Any(r => Contains(r.Body, "/api/documents")),
            "the request's span at the collector");
        var span = traces.First(r => Contains(r.Body, "/api/documents"));
        Assert.Equal("application/x-protobuf", span.ContentType);
        Assert.True(Contains(span.Body, HostModule.ServiceName), "the span names the service");
    }

    /// <summary>Strings travel as plain UTF-8 inside protobuf.</summary>
    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
