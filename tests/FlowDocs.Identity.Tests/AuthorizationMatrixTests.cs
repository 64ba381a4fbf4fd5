using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

/// <summary>
/// Walks every <c>/api</c> operation of the OpenAPI document with real tokens of {no token, Member, Designer,
/// Admin, platform administrator, an administrator of another tenant}. The expected answer comes from the
/// endpoint's policies: an endpoint added without a policy, or one that leaks across tenants, fails here.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncDisposable
{
    private readonly IdentityHost _host = new(StoreProfile.Embedded);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private sealed record Persona(string Name, HttpClient Client, bool SameTenant, bool PlatformAdmin, bool Person, params string[] Roles)
    {
        public bool Satisfies(string policy) => policy switch
        {
            FlowDocsPolicies.Api => true,
            FlowDocsPolicies.TenantAdmin => Roles.Contains(FlowDocsRoles.Admin),
            FlowDocsPolicies.Designer => Roles.Contains(FlowDocsRoles.Designer) || Roles.Contains(FlowDocsRoles.Admin),
            FlowDocsPolicies.PlatformAdmin => PlatformAdmin,
            FlowDocsPolicies.Person => Person,
            _ => throw new InvalidOperationException($"Policy '{policy}' is not in the authorization matrix; add what it requires."),
        };
    }

    private async Task<HttpClient> ServiceClientAsync(Guid tenant, params string[] roles) =>
        _host.WithToken((await _host.ClientCredentialsAsync(await _host.CreateServiceClientAsync(tenant, roles))).GetProperty("access_token").GetString()!);

    [Fact]
    public async Task Every_api_operation_answers_as_its_policy_says()
    {
        var tenant = await _host.DefaultTenantAsync();
        var platform = _host.WithToken((await _host.AuthorizationCodeAsync(AdminEmail, AdminPassword)).GetProperty("access_token").GetString()!);
        var other = await (await platform.PostAsJsonAsync(new Uri("/api/admin/tenants", UriKind.Relative), new { name = "Other", adminEmail = "admin@other.test" }, Cancellation))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var personas = new[]
        {
            new Persona("Member", await ServiceClientAsync(tenant, FlowDocsRoles.Member), true, false, false, FlowDocsRoles.Member),
            new Persona("Designer", await ServiceClientAsync(tenant, FlowDocsRoles.Designer, FlowDocsRoles.Member), true, false, false, FlowDocsRoles.Designer, FlowDocsRoles.Member),
            new Persona("Admin", await ServiceClientAsync(tenant, FlowDocsRoles.Admin, FlowDocsRoles.Member), true, false, false, FlowDocsRoles.Admin, FlowDocsRoles.Member),
            new Persona("PlatformAdmin", platform, true, true, true, FlowDocsRoles.Admin, FlowDocsRoles.Member),
            new Persona("OtherTenantAdmin", await ServiceClientAsync(other.GetProperty("tenant").GetProperty("id").GetGuid(), FlowDocsRoles.Admin, FlowDocsRoles.Designer, FlowDocsRoles.Member),
                false, false, false, FlowDocsRoles.Admin, FlowDocsRoles.Designer, FlowDocsRoles.Member),
        };

        // Ids of this tenant's resources: other tenants must get 404 for them, this tenant's readers 2xx.
        var adminUserId = (await platform.GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative), Cancellation)).GetProperty("userId").GetString()!;
        var serviceClientId = (await _host.CreateServiceClientAsync(tenant, FlowDocsRoles.Member)).Client.Id.ToString();
        var knownIds = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/api/admin/users/{id}"] = adminUserId,
            ["/api/admin/service-clients/{id}"] = serviceClientId,
        };

        var document = await _host.Anonymous().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative), Cancellation);
        var policies = PoliciesByRoute();
        var failures = new List<string>();
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var key = $"{method} {path.Name}";
                if (DeliberatelyAnonymous.Contains(key))
                {
                    // Callers that cannot hold a FlowDocs token (Graph's webhook) prove themselves otherwise; an empty
                    // call must still be refused, just not with 401.
                    Assert.True(policies.TryGetValue(key, out var none) && none.Count == 0, $"{key} is listed as anonymous but requires a policy");
                    var probe = await SendAsync(_host.Anonymous(), method, Fill(path.Name, null), binary: false);
                    Check(failures, key, "no token (anonymous by design)", probe, s => (int)s is >= 400 and < 500 && s != HttpStatusCode.Unauthorized, "a 4xx other than 401");
                    continue;
                }

                if (!policies.TryGetValue(key, out var required) || required.Count == 0)
                {
                    failures.Add($"{key}: has no authorization policy");
                    continue;
                }

                var known = knownIds.FirstOrDefault(k => path.Name.StartsWith(k.Key, StringComparison.Ordinal)).Value;
                var binary = operation.Value.TryGetProperty("requestBody", out var body)
                    && body.GetProperty("content").EnumerateObject().Any(c => c.Name == "application/octet-stream");
                var anonymous = await SendAsync(_host.Anonymous(), method, Fill(path.Name, known), binary);
                Check(failures, key, "no token", anonymous, s => s == HttpStatusCode.Unauthorized, "401");

                foreach (var persona in personas)
                {
                    var allowed = required.All(persona.Satisfies);
                    // Readers use this tenant's real ids; writers a random id, so the walk changes nothing.
                    var id = persona.SameTenant && method != HttpMethod.Get ? null : known;
                    var response = await SendAsync(persona.Client, method, Fill(path.Name, id), binary);
                    if (!allowed)
                    {
                        Check(failures, key, persona.Name, response, s => s == HttpStatusCode.Forbidden, "403");
                    }
                    else if (!persona.SameTenant && path.Name.Contains('{', StringComparison.Ordinal))
                    {
                        Check(failures, key, persona.Name, response, s => s == HttpStatusCode.NotFound, "404 (another tenant's id)");
                    }
                    else if (method == HttpMethod.Get && (known is not null || !path.Name.Contains('{', StringComparison.Ordinal)))
                    {
                        Check(failures, key, persona.Name, response, s => (int)s is >= 200 and < 300, "2xx");
                    }
                    else
                    {
                        Check(failures, key, persona.Name, response, s => (int)s is >= 200 and < 500 && s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), "a 2xx or a 4xx other than 401/403");
                    }
                }
            }
        }

        Assert.True(operations >= 15, $"Only {operations} /api operations were found in the OpenAPI document.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The /api operations that are anonymous on purpose, each with its own proof of the caller (see its docs).</summary>
    private static readonly HashSet<string> DeliberatelyAnonymous = new(StringComparer.Ordinal)
    {
        "POST /api/imports/webhooks/graph", // Graph's change notifications: validationToken handshake, clientState per subscription
    };

    private Dictionary<string, List<string>> PoliciesByRoute()
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var endpoint in _host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                _ => string.Empty,
            }))));
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var names = anonymous ? [] : endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? FlowDocsPolicies.Api).Distinct().ToList();
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                result[$"{method} {route}"] = names;
            }
        }

        return result;
    }

    // Version numbers are integers in the route; every other parameter is an id.
    private static string Fill(string path, string? id) =>
        System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", m => m.Value == "{number}" ? "1" : id ?? Guid.NewGuid().ToString());

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, bool binary)
    {
        // Writes carry an empty JSON object (or, for uploads, one byte): enough to reach the handler and its
        // tenant check, too little to change anything.
        using var request = new HttpRequestMessage(method, new Uri(binary ? path + "?fileName=probe.bin" : path, UriKind.Relative))
        {
            Content = method == HttpMethod.Get ? null : binary ? Probe() : JsonContent.Create(new { }),
        };
        return await client.SendAsync(request, Cancellation);

        static ByteArrayContent Probe()
        {
            var content = new ByteArrayContent([1]);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(0, 0, 1);
            return content;
        }
    }

    private static void Check(List<string> failures, string operation, string persona, HttpResponseMessage response, Func<HttpStatusCode, bool> expected, string what)
    {
        if (!expected(response.StatusCode))
        {
            failures.Add($"{operation} as {persona}: {(int)response.StatusCode}, expected {what}");
        }
    }
}
