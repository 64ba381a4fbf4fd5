using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Testing;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

/// <summary>
/// Behind the ingress TLS ends early: with ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (set by deploy/) a plain-HTTP
/// request marked X-Forwarded-Proto: https is served; without the header the server refuses plain HTTP.
/// </summary>
public sealed class IngressTests : IAsyncDisposable
{
    private readonly IdentityHost _host = new(StoreProfile.Embedded);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Forwarded_https_is_accepted_and_plain_http_is_refused()
    {
        _host.Factory.With("FORWARDEDHEADERS_ENABLED", "true");
        var http = _host.Factory.CreateClient(new() { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, new Uri("/.well-known/openid-configuration", UriKind.Relative));
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        var accepted = await http.SendAsync(forwarded, Cancellation);
        var refused = await http.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), Cancellation);
        var error = await refused.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.StartsWith("https://", (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("HTTPS", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_run_may_allow_plain_http()
    {
        _host.Factory.With(IdentitySettings.AllowHttpKey, "true");
        var http = _host.Factory.CreateClient(new() { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });

        var discovery = await http.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.StartsWith("http://localhost/", (await discovery.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
    }
}
