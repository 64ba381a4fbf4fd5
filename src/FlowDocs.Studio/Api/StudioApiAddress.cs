using FlowDocs.Common;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Studio.Api;

/// <summary>
/// The address the Studio calls the API on: the configured one, else this server's own listening address. Resolved
/// lazily because Kestrel knows its port (port 0, containers) only once it listens.
/// </summary>
public sealed class StudioApiAddress(IConfiguration configuration, IServer server)
{
    private Uri? _resolved;

    public Uri Resolve()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var configured = configuration.GetOptional(StudioModule.ApiBaseAddressKey);
        if (configured is not null)
        {
            return _resolved = configuration.GetAbsoluteUri(StudioModule.ApiBaseAddressKey, "the URL the Studio calls the API on");
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return _resolved = Pick(addresses)
            ?? throw new InvalidOperationException($"The server listens on no address the Studio can call; set {StudioModule.ApiBaseAddressKey}.");
    }

    /// <summary>
    /// Prefers plain HTTP (a loopback call needs no certificate the server may not trust) and turns wildcard hosts into
    /// loopback, where this process is certainly listening.
    /// </summary>
    public static Uri? Pick(IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var candidates = addresses
            .Select(a => a.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://[::1]", StringComparison.Ordinal))
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .ToList();
        return candidates.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp) ?? candidates.FirstOrDefault();
    }
}
