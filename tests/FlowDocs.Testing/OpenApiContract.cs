using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Serilog.Core;
using Serilog.Events;
using Xunit;
using Xunit.v3;

namespace FlowDocs.Testing;

/// <summary>
/// The API contract check: every answer a test server gives to an operation of its own OpenAPI document must be
/// declared there (status code, and the media type when the answer has a body). The server's outermost middleware
/// (installed by <see cref="FlowDocsFactory"/>) checks each exchange as it ends against the document the same app
/// generates (<c>/openapi/v1.json</c>, read once per server). A violation fails the test that made the request
/// (<see cref="OpenApiContractAttribute"/>, which every test assembly applies); one that no running test can be
/// named for (a browser's request to a Kestrel-hosted server, a request after its test ended) fails when the
/// server is disposed. Requests to paths the document does not describe (Studio pages, <c>/connect/*</c>,
/// <c>/health/*</c>) are out of scope.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> RunningTests = new();

    private readonly ConcurrentQueue<string> _unattributed = new();
    private readonly ConcurrentQueue<ApiExchange> _exchanges = new();

    /// <summary>Every exchange with a documented operation this server answered, in order.</summary>
    public IReadOnlyCollection<ApiExchange> Exchanges => _exchanges;

    /// <summary>Violations no running test could be named for; <see cref="FlowDocsFactory"/> fails on dispose when any remain.</summary>
    public IReadOnlyCollection<string> UnattributedViolations => _unattributed;

    internal static void BeginTest(string testId) => RunningTests[testId] = new ConcurrentQueue<string>();

    /// <summary>
    /// The violations the running test caused so far, taken so they do not fail it: for a test that provokes them on
    /// purpose to prove the check bites.
    /// </summary>
    public static IReadOnlyCollection<string> TakeViolations() =>
        TestContext.Current.Test?.UniqueID is { } testId && RunningTests.TryGetValue(testId, out var running)
            ? [.. Drain(running)]
            : [];

    private static IEnumerable<string> Drain(ConcurrentQueue<string> queue)
    {
        while (queue.TryDequeue(out var item))
        {
            yield return item;
        }
    }

    internal static IReadOnlyCollection<string> EndTest(string testId) =>
        RunningTests.TryRemove(testId, out var violations) ? violations : [];

    /// <summary>Error events the server logged, by the request they were logged for (its TraceIdentifier).</summary>
    private readonly ConcurrentDictionary<string, string> _errorsByRequest = new(StringComparer.Ordinal);

    /// <summary>The sink the server's logger writes to (<see cref="FlowDocsFactory"/> registers it).</summary>
    internal ILogEventSink ErrorLog => new ErrorSink(_errorsByRequest);

    internal void Record(ApiExchange exchange, string? violation)
    {
        _exchanges.Enqueue(exchange);
        Violation(violation);
    }

    private void Violation(string? violation)
    {
        if (violation is null)
        {
            return;
        }

        // TestContext flows into the server with the request (TestServerOptions.PreserveExecutionContext).
        if (TestContext.Current.Test?.UniqueID is { } testId && RunningTests.TryGetValue(testId, out var running))
        {
            running.Enqueue(violation);
        }
        else
        {
            _unattributed.Enqueue(violation);
        }
    }

    /// <summary>
    /// Null when <paramref name="document"/> declares the answer for the operation, or has no such operation; else
    /// what is wrong, in one line.
    /// </summary>
    public static string? Check(OpenApiDocument document, ApiExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(exchange);
        if (document.Paths is null || !document.Paths.TryGetValue(exchange.Template, out var pathItem)
            || pathItem.Operations is null || !pathItem.Operations.TryGetValue(new HttpMethod(exchange.Method), out var operation))
        {
            return null;
        }

        var name = operation.OperationId ?? $"{exchange.Method} {exchange.Template}";
        var code = exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var responses = operation.Responses ?? [];
        if (!responses.TryGetValue(code, out var response) && !responses.TryGetValue($"{code[0]}XX", out response)
            && !responses.TryGetValue("default", out response))
        {
            return $"{exchange} — {name} does not declare {exchange.Status} (declares {Describe(responses)})";
        }

        if (exchange.MediaType is not { } mediaType)
        {
            return null;
        }

        var declared = response.Content?.Keys ?? (ICollection<string>)[];
        return declared.Any(d => Matches(d, mediaType))
            ? null
            : $"{exchange} — {name} declares {exchange.Status} with {(declared.Count == 0 ? "no content" : string.Join(", ", declared))}, not {mediaType}";
    }

    private static bool Matches(string declared, string actual)
    {
        var range = MediaTypeHeaderValue.TryParse(declared, out var parsed) ? parsed.MediaType ?? declared : declared;
        if (range == "*/*" || string.Equals(range, actual, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return range.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(range[..^1], StringComparison.OrdinalIgnoreCase);
    }

    private static string Describe(OpenApiResponses responses) =>
        responses.Count == 0 ? "nothing" : string.Join(", ", responses.Keys.Order(StringComparer.Ordinal));

    /// <summary>The OpenAPI path of an endpoint's route: parameters without constraints, as the document writes them.</summary>
    public static string TemplateOf(RoutePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));
    }

    /// <summary>Installs the checking middleware in front of the application's pipeline.</summary>
    internal sealed class StartupFilter(OpenApiContract contract) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var document = new Lazy<Task<OpenApiDocument?>>(() => LoadAsync(app.ApplicationServices));
            app.Use(async (context, nextMiddleware) =>
            {
                // Remembers the endpoint routing chose: the exception handler clears it before writing its answer.
                var endpoint = new RememberingEndpointFeature();
                context.Features.Set<IEndpointFeature>(endpoint);
                await nextMiddleware(context);
                // A client's mistake (4xx) is logged below Error: an Error pages someone for what only the client can fix.
                if (contract._errorsByRequest.TryRemove(context.TraceIdentifier, out var error) && context.Response.StatusCode is >= 400 and < 500)
                {
                    contract.Violation($"{context.Request.Method} {context.Request.Path} answered {context.Response.StatusCode} and logged an Error: {error}");
                }

                if (endpoint.Chosen is not RouteEndpoint route || context.RequestAborted.IsCancellationRequested
                    || await document.Value is not { } openApi)
                {
                    return;
                }

                var exchange = new ApiExchange(
                    context.Request.Method,
                    context.Request.Path + context.Request.QueryString,
                    TemplateOf(route.RoutePattern),
                    context.Response.StatusCode,
                    MediaTypeHeaderValue.TryParse(context.Response.ContentType, out var type) ? type.MediaType : null);
                contract.Record(exchange, Check(openApi, exchange));
            });
            next(app);
        };

        private static async Task<OpenApiDocument?> LoadAsync(IServiceProvider services)
        {
            // The provider MapOpenApi serves /openapi/v1.json from (transformers included); absent when the
            // server's role has no API.
            var provider = services.GetKeyedService<IOpenApiDocumentProvider>("v1");
            return provider is null ? null : await provider.GetOpenApiDocumentAsync(CancellationToken.None);
        }
    }

    private sealed class ErrorSink(ConcurrentDictionary<string, string> errors) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Level >= LogEventLevel.Error && logEvent.Properties.TryGetValue("RequestId", out var id) && id is ScalarValue { Value: string requestId })
            {
                errors[requestId] = $"{logEvent.MessageTemplate.Text} {logEvent.Exception?.GetType().Name}";
            }
        }
    }

    private sealed class RememberingEndpointFeature : IEndpointFeature
    {
        private Endpoint? _current;

        public Endpoint? Chosen { get; private set; }

        public Endpoint? Endpoint
        {
            get => _current;
            set
            {
                _current = value;
                Chosen = value ?? Chosen;
            }
        }
    }
}

/// <summary>One answer of a test server: what was asked, which documented path it matched, and what came back.</summary>
public sealed record ApiExchange(string Method, string Path, string Template, int Status, string? MediaType)
{
    public override string ToString() => $"{Method} {Path} ({Template}) answered {Status}{(MediaType is null ? string.Empty : " " + MediaType)}";
}

/// <summary>
/// Fails a test whose requests got answers the server's OpenAPI document does not declare (<see cref="OpenApiContract"/>).
/// Every test assembly applies it: <c>[assembly: OpenApiContract]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class OpenApiContractAttribute : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        OpenApiContract.BeginTest(test.UniqueID);
    }

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var violations = OpenApiContract.EndTest(test.UniqueID);
        if (violations.Count > 0)
        {
            Assert.Fail("Answers the OpenAPI document does not declare (declare them on the endpoint), or client errors logged as Errors:" + Environment.NewLine
                + string.Join(Environment.NewLine, violations.Distinct()));
        }
    }
}
