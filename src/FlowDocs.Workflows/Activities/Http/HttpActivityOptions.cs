using System.Net;
using FlowDocs.Common;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Workflows.Activities.Http;

/// <summary>
/// Limits and per-tenant permissions of the HTTP request activities. There is no per-tenant settings store, so the
/// permissions are configuration keyed by tenant id:
/// <c>FlowDocs:Workflows:Http:AllowedHosts:{tenantId}</c> (comma-separated host names, <c>*.example.com</c> for
/// sub-domains; default none, so nothing may be called) and <c>FlowDocs:Workflows:Http:AllowedNetworks:{tenantId}</c>
/// (comma-separated addresses or CIDR ranges of non-public networks that tenant may reach; default none).
/// </summary>
public sealed class HttpActivityOptions
{
    public const string Section = Settings.Root + ":Workflows:Http";
    public const string AllowedHostsKey = Section + ":AllowedHosts";
    public const string AllowedNetworksKey = Section + ":AllowedNetworks";
    public const string TimeoutSecondsKey = Section + ":TimeoutSeconds";
    public const string MaxResponseBytesKey = Section + ":MaxResponseBytes";
    public const string MaxRedirectsKey = Section + ":MaxRedirects";

    /// <summary>How long a request may take, from connecting to the last byte of the response (default 20 s, below the recovery sweep's 30).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Larger responses are refused (default 1 MiB).</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>How many redirects are followed (each checked like the first request; default 5).</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>The tenants' permissions; a tenant that is not listed may call nothing.</summary>
    public Dictionary<Guid, TenantHttpPolicy> Tenants { get; } = [];

    public TenantHttpPolicy For(Guid tenantId) => Tenants.GetValueOrDefault(tenantId) ?? TenantHttpPolicy.None;

    /// <summary>Reads the settings; a bad value fails start-up naming the setting.</summary>
    public static HttpActivityOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new HttpActivityOptions
        {
            Timeout = TimeSpan.FromSeconds(configuration.GetInt64(TimeoutSecondsKey, 20, 1, 600)),
            MaxResponseBytes = configuration.GetInt64(MaxResponseBytesKey, 1024 * 1024, 1, 1024L * 1024 * 1024),
            MaxRedirects = (int)configuration.GetInt64(MaxRedirectsKey, 5, 0, 20),
        };
        var hosts = ReadPerTenant(configuration, AllowedHostsKey);
        var networks = ReadPerTenant(configuration, AllowedNetworksKey);
        foreach (var tenant in hosts.Keys.Union(networks.Keys))
        {
            var allowedNetworks = new List<IPNetwork>();
            foreach (var text in networks.GetValueOrDefault(tenant) ?? [])
            {
                allowedNetworks.Add(NetworkAddresses.TryParseNetwork(text, out var network)
                    ? network
                    : throw new FlowDocsConfigurationException($"{AllowedNetworksKey}:{tenant}", $"'{text}' is not valid; accepted values: IP addresses or CIDR ranges such as 10.1.0.0/16, comma-separated"));
            }

            var allowedHosts = hosts.GetValueOrDefault(tenant) ?? [];
            foreach (var host in allowedHosts)
            {
                if (!TenantHttpPolicy.IsValidHostPattern(host))
                {
                    throw new FlowDocsConfigurationException($"{AllowedHostsKey}:{tenant}", $"'{host}' is not valid; accepted values: host names such as api.example.com or *.example.com, comma-separated");
                }
            }

            options.Tenants[tenant] = new TenantHttpPolicy(allowedHosts, allowedNetworks);
        }

        return options;
    }

    private static Dictionary<Guid, List<string>> ReadPerTenant(IConfiguration configuration, string key)
    {
        var result = new Dictionary<Guid, List<string>>();
        foreach (var child in configuration.GetSection(key).GetChildren())
        {
            if (!Guid.TryParse(child.Key, out var tenant))
            {
                throw new FlowDocsConfigurationException($"{key}:{child.Key}", "is not valid; the last part of the setting must be a tenant id (GUID)");
            }

            // A comma-separated value (environment variables), or an array (appsettings.json).
            var values = child.Value is { } text ? [text] : child.GetChildren().Select(c => c.Value ?? "");
            result[tenant] = values.SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        }

        return result;
    }
}

/// <summary>What one tenant's workflows may call: hosts by name, and non-public networks only when listed.</summary>
/// <param name="AllowedHosts">Host names; <c>*.example.com</c> matches every sub-domain of example.com (not example.com itself).</param>
/// <param name="AllowedNetworks">Non-public addresses the tenant may reach (loopback, private, link-local ...); public addresses need no entry.</param>
public sealed record TenantHttpPolicy(IReadOnlyList<string> AllowedHosts, IReadOnlyList<IPNetwork> AllowedNetworks)
{
    public static TenantHttpPolicy None { get; } = new([], []);

    public bool AllowsHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim('[', ']').TrimEnd('.');
        foreach (var pattern in AllowedHosts)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? name.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && name.Length > pattern.Length - 1
                : string.Equals(name, pattern.Trim('[', ']').TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Public addresses always; a non-public one only inside an allowed network.</summary>
    public bool AllowsAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalised = NetworkAddresses.Normalise(address);
        return NetworkAddresses.Classify(normalised) is null || AllowedNetworks.Any(n => n.Contains(normalised));
    }

    internal static bool IsValidHostPattern(string host)
    {
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host.Trim('[', ']');
        return name.Length > 0 && (IPAddress.TryParse(name, out _) || Uri.CheckHostName(name) == UriHostNameType.Dns);
    }
}
