using System.Net;
using FlowDocs.Common;
using FlowDocs.Workflows.Activities.Http;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Workflows.Tests;

/// <summary>Which addresses count as internal, host patterns, and reading the tenants' permissions from configuration.</summary>
public sealed class HttpPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "a loopback address (this server itself)")]
    [InlineData("127.8.9.10", "a loopback address (this server itself)")]
    [InlineData("::1", "a loopback address (this server itself)")]
    [InlineData("::ffff:127.0.0.1", "a loopback address (this server itself)")]
    [InlineData("169.254.169.254", "a link-local address (such as a cloud metadata service)")]
    [InlineData("::ffff:169.254.169.254", "a link-local address (such as a cloud metadata service)")]
    [InlineData("64:ff9b::a9fe:a9fe", "a link-local address (such as a cloud metadata service)")]
    [InlineData("2002:a9fe:a9fe::1", "a link-local address (such as a cloud metadata service)")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("10.0.0.1", "a private network address")]
    [InlineData("172.16.5.4", "a private network address")]
    [InlineData("172.31.255.255", "a private network address")]
    [InlineData("192.168.1.1", "a private network address")]
    [InlineData("fd00::1", "a private network address")]
    [InlineData("100.64.0.1", "a shared (carrier-grade NAT) network address")]
    [InlineData("0.0.0.0", "an unspecified address")]
    [InlineData("::", "an unspecified address")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("255.255.255.255", "a broadcast address")]
    [InlineData("192.0.2.10", "a documentation address")]
    public void Internal_addresses_are_named(string address, string expected) =>
        Assert.Equal(expected, NetworkAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("93.184.215.14")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_public(string address) =>
        Assert.Null(NetworkAddresses.Classify(IPAddress.Parse(address)));

    [Fact]
    public void Hosts_match_exactly_or_by_sub_domain_and_networks_only_open_what_they_list()
    {
        var policy = new TenantHttpPolicy(["api.example.com", "*.partner.example"], [IPNetwork.Parse("10.1.0.0/16")]);

        Assert.True(policy.AllowsHost("API.example.com"));
        Assert.True(policy.AllowsHost("api.example.com."));
        Assert.False(policy.AllowsHost("evil-api.example.com"));
        Assert.False(policy.AllowsHost("api.example.com.evil.test"));
        Assert.True(policy.AllowsHost("eu.partner.example"));
        Assert.False(policy.AllowsHost("partner.example"));
        Assert.False(policy.AllowsHost("notpartner.example"));
        Assert.True(policy.AllowsAddress(IPAddress.Parse("10.1.2.3")));
        Assert.True(policy.AllowsAddress(IPAddress.Parse("::ffff:10.1.2.3")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("10.2.0.1")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.AllowsAddress(IPAddress.Parse("8.8.8.8")));
        Assert.False(TenantHttpPolicy.None.AllowsHost("api.example.com"));
    }

    [Fact]
    public void Tenants_permissions_are_read_per_tenant_from_strings_or_arrays()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{HttpActivityOptions.AllowedHostsKey}:{a}"] = "api.example.com, *.partner.example",
            [$"{HttpActivityOptions.AllowedNetworksKey}:{a}"] = "10.1.0.0/16,192.168.7.7",
            [$"{HttpActivityOptions.AllowedHostsKey}:{b}:0"] = "crm.example.org",
            [HttpActivityOptions.TimeoutSecondsKey] = "12",
            [HttpActivityOptions.MaxResponseBytesKey] = "4096",
        }).Build();

        var options = HttpActivityOptions.FromConfiguration(configuration);

        Assert.Equal(["api.example.com", "*.partner.example"], options.For(a).AllowedHosts);
        Assert.True(options.For(a).AllowsAddress(IPAddress.Parse("192.168.7.7")));
        Assert.Equal(["crm.example.org"], options.For(b).AllowedHosts);
        Assert.Empty(options.For(b).AllowedNetworks);
        Assert.Empty(options.For(Guid.NewGuid()).AllowedHosts);
        Assert.Equal((TimeSpan.FromSeconds(12), 4096L, 5), (options.Timeout, options.MaxResponseBytes, options.MaxRedirects));
    }

    [Theory]
    [InlineData("AllowedNetworks:{tenant}", "10.0.0.0/33")]
    [InlineData("AllowedHosts:{tenant}", "http://api.example.com")]
    [InlineData("AllowedHosts:Contoso", "api.example.com")]
    [InlineData("TimeoutSeconds", "0")]
    public void A_bad_setting_fails_naming_it(string key, string value)
    {
        var fullKey = $"{HttpActivityOptions.Section}:{key.Replace("{tenant}", Guid.NewGuid().ToString(), StringComparison.Ordinal)}";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [fullKey] = value }).Build();

        var error = Assert.Throws<FlowDocsConfigurationException>(() => HttpActivityOptions.FromConfiguration(configuration));

        Assert.Contains(fullKey, error.Message, StringComparison.Ordinal);
    }
}
