namespace FlowDocs.Testing;

/// <summary>
/// Sends every request to <paramref name="target"/> (scheme, host and port), keeping path and query: lets production code
/// that calls a fixed host (Entra ID's https://login.microsoftonline.com) talk to a loopback mock instead.
/// </summary>
public sealed class RerouteHandler(Uri target) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
