using System.Net;
using System.Net.Sockets;

namespace FlowDocs.Workflows.Activities.Http;

/// <summary>
/// Which addresses are public. Everything else — this server (loopback), link-local (cloud metadata services such
/// as 169.254.169.254), private networks, shared address space, multicast, documentation and reserved ranges, in IPv4
/// and IPv6 (including IPv4 embedded in IPv6) — is refused unless a tenant lists it in its allowed networks.
/// </summary>
public static class NetworkAddresses
{
    private static readonly (IPNetwork Network, string What)[] NonPublic =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private network address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) network address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address (this server itself)"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (such as a cloud metadata service)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private network address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved address"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.88.99.0/24"), "a reserved address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private network address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved (benchmarking) address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address (this server itself)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a reserved address"),
        (IPNetwork.Parse("100::/64"), "a reserved address"),
        (IPNetwork.Parse("2001::/23"), "a reserved address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("fc00::/7"), "a private network address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a private network address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>
    /// The IPv4 address inside an IPv4-mapped, NAT64 or 6to4 IPv6 address (those reach the IPv4 address), else the address.
    /// </summary>
    public static IPAddress Normalise(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        // IPv4-compatible (deprecated ::a.b.c.d), other than :: and ::1.
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6None) && !address.Equals(IPAddress.IPv6Loopback))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return new IPAddress(bytes, address.ScopeId == 0 ? 0 : address.ScopeId);
    }

    /// <summary>Null for a public address; otherwise what kind of non-public address it is, in words.</summary>
    public static string? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalised = Normalise(address);
        if (normalised.Equals(IPAddress.Broadcast))
        {
            return "a broadcast address";
        }

        foreach (var (network, what) in NonPublic)
        {
            if (network.BaseAddress.AddressFamily == normalised.AddressFamily && network.Contains(normalised))
            {
                return what;
            }
        }

        return null;
    }

    /// <summary>An address (a single-address network) or a CIDR range.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text.Trim('[', ']'), out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }
}
