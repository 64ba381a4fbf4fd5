using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace FlowDocs.Workflows.Activities.Http;

/// <summary>A request as the activity's inputs describe it.</summary>
internal sealed record HttpCall(HttpMethod Method, Uri Url, HttpContentSource? Content, string? Authorization, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>The request body: the bytes and their media type (kept so a 307/308 redirect can send them again).</summary>
internal sealed record HttpContentSource(byte[] Bytes, MediaTypeHeaderValue ContentType);

internal enum HttpCallOutcome
{
    Response,
    Timeout,
    FailedToConnect,
}

/// <summary>What came back: the status and the parsed body, or why nothing came back.</summary>
internal sealed record HttpCallResult(HttpCallOutcome Outcome, int StatusCode, JsonNode? ParsedContent, string Summary);

/// <summary>
/// Sends workflow HTTP requests through <see cref="IHttpClientFactory"/> (client <see cref="ClientName"/>) within the
/// tenant's policy: only allowed hosts, only public addresses unless the tenant allows a network (checked at connect
/// time by <see cref="GuardedConnector"/>), redirects followed by hand and checked like the first request, one timeout
/// for the whole exchange, and a response size limit. A refusal throws <see cref="HttpRequestRefusedException"/>.
/// </summary>
internal sealed class HttpRequestSender(IHttpClientFactory clients, IOptions<HttpActivityOptions> options)
{
    public const string ClientName = "FlowDocs.Workflows.Http";

    private static readonly HashSet<int> RedirectCodes = [301, 302, 303, 307, 308];

    public HttpActivityOptions Options => options.Value;

    public async Task<HttpCallResult> SendAsync(Guid tenantId, HttpCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var settings = options.Value;
        var policy = settings.For(tenantId);
        var client = clients.CreateClient(ClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var (method, url, content, authorization) = (call.Method, call.Url, call.Content, call.Authorization);
        CheckTarget(policy, url, redirectedFrom: null);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(method, url);
                request.Options.Set(GuardedConnector.PolicyKey, policy);
                if (policy.AllowedNetworks.Count > 0)
                {
                    // A connection that may lead into an allowed internal network is never pooled, so another
                    // tenant's request to the same host name cannot reuse it.
                    request.Headers.ConnectionClose = true;
                }

                foreach (var (name, value) in call.Headers)
                {
                    if (!request.Headers.TryAddWithoutValidation(name, value))
                    {
                        throw new HttpRequestRefusedException($"Header '{name}' cannot be set on a request.");
                    }
                }

                if (authorization is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                }

                if (content is not null)
                {
                    request.Content = new ByteArrayContent(content.Bytes);
                    request.Content.Headers.ContentType = content.ContentType;
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (RedirectCodes.Contains(status) && response.Headers.Location is { } location)
                {
                    if (redirects >= settings.MaxRedirects)
                    {
                        throw new HttpRequestRefusedException($"'{url.Host}' redirected the request more than {settings.MaxRedirects} times; it was not followed further.");
                    }

                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    CheckTarget(policy, next, redirectedFrom: url);
                    if (status == 303 || (status is 301 or 302 && method == HttpMethod.Post))
                    {
                        method = method == HttpMethod.Head ? HttpMethod.Head : HttpMethod.Get;
                        content = null;
                    }

                    if (!string.Equals(next.Host, url.Host, StringComparison.OrdinalIgnoreCase))
                    {
                        authorization = null;
                    }

                    url = next;
                    continue;
                }

                var parsed = await ReadAsync(response, url, settings.MaxResponseBytes, timeout.Token);
                return new HttpCallResult(HttpCallOutcome.Response, status, parsed, $"{method} {Describe(url)} answered {status}.");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HttpCallResult(HttpCallOutcome.Timeout, 0, null,
                $"'{url.Host}' did not answer within {Seconds(settings.Timeout)} ({method} {Describe(url)}).");
        }
        catch (HttpRequestException ex) when (Refusal(ex) is { } refused)
        {
            throw refused;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return new HttpCallResult(HttpCallOutcome.FailedToConnect, 0, null, $"Could not reach '{url.Host}' ({method} {Describe(url)}): {ex.Message}");
        }
    }

    private static string Seconds(TimeSpan span) =>
        span == TimeSpan.FromSeconds(1) ? "1 second" : $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds";

    /// <summary>The URL without its query (which may carry secrets), for journals and incidents.</summary>
    public static string Describe(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetLeftPart(UriPartial.Path);
    }

    private static void CheckTarget(TenantHttpPolicy policy, Uri url, Uri? redirectedFrom)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new HttpRequestRefusedException(redirectedFrom is null
                ? $"Only http and https addresses can be called, not '{Describe(url)}'."
                : $"'{redirectedFrom.Host}' redirected the request to '{Describe(url)}', which is not an http or https address; the redirect was not followed.");
        }

        if (!policy.AllowsHost(url.IdnHost))
        {
            throw new HttpRequestRefusedException(redirectedFrom is null
                ? $"Calling '{url.Host}' is not allowed: it is not on this tenant's list of allowed hosts. An administrator can add it (setting {HttpActivityOptions.AllowedHostsKey})."
                : $"'{redirectedFrom.Host}' redirected the request to '{url.Host}', which is not on this tenant's list of allowed hosts; the redirect was not followed.");
        }
    }

    private static HttpRequestRefusedException? Refusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>The body as JSON when the server says it is JSON (and it parses), else as text; null when empty.</summary>
    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, Uri url, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new HttpRequestRefusedException(TooLarge(url, maxBytes));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new HttpRequestRefusedException(TooLarge(url, maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return null;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (IsJson(mediaType))
        {
            try
            {
                return JsonNode.Parse(bytes.Span);
            }
            catch (JsonException)
            {
                // Mislabelled: kept as text.
            }
        }

        return JsonValue.Create(EncodingOf(response).GetString(bytes.Span));
    }

    private static string TooLarge(Uri url, long maxBytes) =>
        $"The answer from '{url.Host}' is larger than the limit of {(maxBytes >= 1024 ? $"{(maxBytes / 1024).ToString(CultureInfo.InvariantCulture)} KB" : $"{maxBytes.ToString(CultureInfo.InvariantCulture)} bytes")}; it was not read ({Describe(url)}).";

    internal static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static Encoding EncodingOf(HttpResponseMessage response)
    {
        var charset = response.Content.Headers.ContentType?.CharSet?.Trim('"');
        if (charset is null)
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    /// <summary>The handler of <see cref="ClientName"/>: no proxy, no automatic redirects, connections through <see cref="GuardedConnector"/>.</summary>
    public static SocketsHttpHandler CreateHandler(HttpActivityOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = GuardedConnector.ConnectAsync,
        };
    }
}
