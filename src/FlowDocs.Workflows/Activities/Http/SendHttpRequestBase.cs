using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Model;

namespace FlowDocs.Workflows.Activities.Http;

/// <summary>
/// What <c>Elsa.FlowSendHttpRequest</c> and <c>Elsa.SendHttpRequest</c> share: Elsa 3's inputs (<c>url</c>, <c>method</c>,
/// <c>content</c>, <c>contentType</c>, <c>authorization</c>, <c>requestHeaders</c>), the output <c>parsedContent</c>
/// bound to a variable (JSON answers become objects, others text), and sending through <see cref="HttpRequestSender"/>.
/// A refused request (host not allowed, internal address, answer too large) faults the activity with an incident.
/// </summary>
internal abstract class SendHttpRequestBase(HttpRequestSender sender) : IActivity
{
    public const string Category = "HTTP";

    internal static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

    protected static IReadOnlyList<InputDescriptor> CommonInputs { get; } =
    [
        new InputDescriptor("url", "Uri", "The address to call, e.g. https://api.example.com/orders. Its host must be on the tenant's list of allowed hosts.", Required: true),
        new InputDescriptor("method", "String", "GET (default), POST, PUT, DELETE, PATCH, OPTIONS or HEAD."),
        new InputDescriptor("content", "Object", "The body to send: text, or an object (sent as JSON, or as a form for application/x-www-form-urlencoded)."),
        new InputDescriptor("contentType", "String", "The body's content type, e.g. application/json; default JSON for objects, text/plain for text."),
        new InputDescriptor("authorization", "String", "The Authorization header, e.g. Bearer {token}; not sent on to another host when redirected."),
        new InputDescriptor("requestHeaders", "HttpRequestHeaders", "Further headers: an object such as {\"X-Api-Key\": \"...\"} (a value may be a list)."),
        new InputDescriptor("parsedContent", "Object", "Output: the variable that receives the answer (an object when it is JSON, else text)."),
    ];

    public abstract ActivityDescriptor Descriptor { get; }

    public bool WaitsOnOtherSystems => true;

    public virtual IReadOnlyList<string> GetOutcomes(ActivityNode node) => Descriptor.Outcomes;

    public virtual void Validate(ActivityNode node, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(problems);
        TimeInputs.ValidateLiteral(node, "url", problems, t => t.Length == 0 || TryParseUrl(t, out _) ? null : $"'{t}' is not an http or https address.");
        TimeInputs.ValidateLiteral(node, "method", problems, t => t.Length == 0 || Methods.Contains(t.Trim(), StringComparer.OrdinalIgnoreCase) ? null : $"Method '{t}' is not one of {string.Join(", ", Methods)}.");
    }

    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Sends the request the node describes; the answer is stored in the output variable.</summary>
    protected async ValueTask<HttpCallResult> SendAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = await ReadCallAsync(context);
        var result = await sender.SendAsync(context.TenantId, call, context.CancellationToken);
        context.Log(result.Summary);
        if (result.Outcome == HttpCallOutcome.Response && OutputReference(context.Node) is { } reference)
        {
            var declared = context.Workflow.Variables.FirstOrDefault(v => v.Id == reference) ?? context.Workflow.Variables.FirstOrDefault(v => v.Name == reference);
            context.SetVariable(declared?.Name ?? reference, declared is null ? result.ParsedContent : ExpressionEvaluator.Convert(result.ParsedContent, declared.TypeName is "Object" ? null : declared.TypeName));
        }

        return result;
    }

    /// <summary>Leaves by <paramref name="port"/>; a failure port nobody connected faults instead, so the failure is seen.</summary>
    protected static ActivityResult LeaveOrFault(ActivityExecutionContext context, string port, string failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Workflow.Root.Outbound(context.ActivityId, port).Any()
            ? ActivityResult.Done(port)
            : ActivityResult.Fault(failure);
    }

    /// <summary>The variable bound to <c>parsedContent</c>: Elsa's <c>memoryReference.id</c>, or a variable name given as the expression.</summary>
    internal static string? OutputReference(ActivityNode node) => node.Input("parsedContent") switch
    {
        JsonObject o when o["memoryReference"] is JsonObject m && m["id"] is JsonValue id && id.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonObject o when o["expression"] is JsonObject e && e["value"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonObject o when o["name"] is JsonValue n && n.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        _ => null,
    };

    internal static bool TryParseUrl(string text, out Uri url) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static async ValueTask<HttpCall> ReadCallAsync(ActivityExecutionContext context)
    {
        var urlText = await context.EvaluateAsync<string>("url");
        if (string.IsNullOrWhiteSpace(urlText))
        {
            throw new ExpressionException("Input 'url' is empty: the activity needs the address to call.");
        }

        if (!TryParseUrl(urlText, out var url))
        {
            throw new ExpressionException($"Input 'url': '{urlText}' is not an http or https address.");
        }

        var methodText = (await context.EvaluateAsync<string>("method"))?.Trim();
        var method = string.IsNullOrEmpty(methodText) ? "GET" : methodText.ToUpperInvariant();
        if (!Methods.Contains(method, StringComparer.Ordinal))
        {
            throw new ExpressionException($"Input 'method': '{methodText}' is not one of {string.Join(", ", Methods)}.");
        }

        var contentType = (await context.EvaluateAsync<string>("contentType"))?.Trim();
        var content = Content(await context.EvaluateAsync("content"), string.IsNullOrEmpty(contentType) ? null : contentType);
        var authorization = (await context.EvaluateAsync<string>("authorization"))?.Trim();
        var headers = Headers(await context.EvaluateAsync("requestHeaders"));
        return new HttpCall(new HttpMethod(method), url, content, string.IsNullOrEmpty(authorization) ? null : authorization, headers);
    }

    private static HttpContentSource? Content(JsonNode? value, string? contentType)
    {
        if (value is null || (value is JsonValue empty && empty.TryGetValue<string>(out var s) && s.Length == 0))
        {
            return null;
        }

        MediaTypeHeaderValue mediaType;
        try
        {
            mediaType = contentType is null
                ? new MediaTypeHeaderValue(value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? "text/plain" : "application/json") { CharSet = "utf-8" }
                : MediaTypeHeaderValue.Parse(contentType);
        }
        catch (FormatException)
        {
            throw new ExpressionException($"Input 'contentType': '{contentType}' is not a content type such as application/json.");
        }

        var text = value switch
        {
            JsonObject form when mediaType.MediaType is "application/x-www-form-urlencoded" =>
                string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value is JsonValue pv && pv.TryGetValue<string>(out var ps) ? ps : p.Value?.ToJsonString() ?? "")}")),
            JsonValue v when v.TryGetValue<string>(out var str) => str,
            _ => value.ToJsonString(),
        };
        return new HttpContentSource(Encoding.UTF8.GetBytes(text), mediaType);
    }

    private static List<KeyValuePair<string, string>> Headers(JsonNode? value)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (value is JsonValue text && text.TryGetValue<string>(out var json))
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                return result;
            }

            try
            {
                value = JsonNode.Parse(json);
            }
            catch (JsonException)
            {
                throw new ExpressionException("Input 'requestHeaders' must be an object such as {\"X-Api-Key\": \"...\"}.");
            }
        }

        if (value is null)
        {
            return result;
        }

        if (value is not JsonObject headers)
        {
            throw new ExpressionException("Input 'requestHeaders' must be an object such as {\"X-Api-Key\": \"...\"}.");
        }

        foreach (var (name, header) in headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExpressionException($"Input 'requestHeaders': header '{name}' cannot be set here (the address and the content type inputs set it).");
            }

            IEnumerable<JsonNode?> values = header is JsonArray array ? array : [header];
            foreach (var item in values)
            {
                result.Add(new(name, item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? ""));
            }
        }

        return result;
    }
}
