using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace FlowDocs.Common.Security;

/// <summary>Reads the caller from the request's authenticated principal.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;

    public bool IsAuthenticated => Principal is not null;

    public Guid TenantId =>
        Guid.TryParse(Principal?.FindFirstValue(FlowDocsClaims.Tenant), out var tenant)
            ? tenant
            : throw new InvalidOperationException("The caller has no tenant claim.");

    public string UserId =>
        Principal?.FindFirstValue(FlowDocsClaims.Subject) ?? Principal?.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("The caller is not authenticated.");

    public string? DisplayName => Principal?.FindFirstValue(FlowDocsClaims.Name) ?? Principal?.Identity?.Name;

    public IReadOnlyCollection<string> Roles =>
        Principal?.FindAll(FlowDocsClaims.Role).Concat(Principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray()
        ?? [];

    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

/// <summary>
/// Tenant of the current scope: explicitly entered (jobs), else the authenticated caller's tenant claim.
/// </summary>
public sealed class ScopedTenantContext(IHttpContextAccessor accessor) : ITenantContext
{
    private Guid? _entered;

    public Guid? TenantId =>
        _entered ?? (Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(FlowDocsClaims.Tenant), out var tenant) ? tenant : null);

    public void Enter(Guid tenantId) => _entered = tenantId;
}
