using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlowDocs.Common.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowDocs.Testing;

/// <summary>
/// A caller for functional tests of modules other than identity: the request carries the user in a header
/// and <see cref="TestAuthenticationHandler"/> turns it into the same claims a FlowDocs token carries.
/// Identity's own tests use real tokens.
/// </summary>
public sealed record TestUser(Guid TenantId, string UserId, params string[] Roles)
{
    public static TestUser Member(Guid tenantId, string userId = "member-1") => new(tenantId, userId, FlowDocsRoles.Member);

    public static TestUser Admin(Guid tenantId, string userId = "admin-1") => new(tenantId, userId, FlowDocsRoles.Admin, FlowDocsRoles.Member);

    public string? DisplayName { get; init; }

    public bool PlatformAdmin { get; init; }

    /// <summary>The value of the <see cref="TestAuthenticationHandler.Header"/> header that authenticates as this user.</summary>
    public string ToHeader() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this)));

    internal static TestUser FromHeader(string header) =>
        JsonSerializer.Deserialize<TestUser>(Encoding.UTF8.GetString(Convert.FromBase64String(header)))
        ?? throw new InvalidOperationException("Empty test user header.");
}

public sealed class TestAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-FlowDocs-Test-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var user = TestUser.FromHeader(value.ToString());
        var claims = new List<Claim>
        {
            new(FlowDocsClaims.Subject, user.UserId),
            new(FlowDocsClaims.Tenant, user.TenantId.ToString()),
            new(FlowDocsClaims.Name, user.DisplayName ?? user.UserId),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(FlowDocsClaims.Role, r)));
        if (user.PlatformAdmin)
        {
            claims.Add(new Claim(FlowDocsClaims.PlatformAdmin, "true"));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, FlowDocsClaims.Name, FlowDocsClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
