using System.Net;
using System.Net.Sockets;

namespace FlowDocs.Workflows.Activities.Http;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the workflow HTTP client: resolves the host itself, checks
/// every address against the calling tenant's policy and connects only to the checked addresses. A host name that
/// resolves to a public address when the activity looks but to an internal one when the socket connects (DNS
/// rebinding) therefore cannot reach the internal one: the address checked is the address connected to.
/// </summary>
internal static class GuardedConnector
{
    /// <summary>The tenant policy travels with each request; a request without one may reach public addresses only.</summary>
    public static readonly HttpRequestOptionsKey<TenantHttpPolicy> PolicyKey = new("FlowDocs.Workflows.Http.Policy");

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var policy = context.InitialRequestMessage.Options.TryGetValue(PolicyKey, out var p) ? p : TenantHttpPolicy.None;
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"'{host}' has no address.");
        }

        foreach (var address in addresses)
        {
            if (!policy.AllowsAddress(address))
            {
                throw new HttpRequestRefusedException(
                    $"The request to '{host}' was refused: it leads to {address}, {NetworkAddresses.Classify(address)}. Workflows may only call internal networks an administrator has allowed for this tenant.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
