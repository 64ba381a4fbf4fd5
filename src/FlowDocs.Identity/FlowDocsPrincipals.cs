using System.Security.Claims;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FlowDocs.Identity;

/// <summary>
/// Builds the one claim set FlowDocs uses everywhere (cookie, access token, test users): sub, name, email,
/// tenant, role*, platform_admin. <see cref="ICurrentUser"/> and <see cref="ITenantContext"/> read exactly these.
/// </summary>
public sealed class FlowDocsPrincipals(FlowDocsDbContext db)
{
    public async Task<ClaimsIdentity> ForUserAsync(FlowDocsUser user, string authenticationType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var roles = await RolesOfAsync(user.Id, cancellationToken);
        var identity = new ClaimsIdentity(authenticationType, FlowDocsClaims.Name, FlowDocsClaims.Role);
        identity.AddClaim(new Claim(FlowDocsClaims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(FlowDocsClaims.Name, user.DisplayName));
        identity.AddClaim(new Claim(FlowDocsClaims.Email, user.Email ?? string.Empty));
        identity.AddClaim(new Claim(FlowDocsClaims.Tenant, user.TenantId.ToString()));
        identity.AddClaims(roles.Select(r => new Claim(FlowDocsClaims.Role, r)));
        if (user.IsPlatformAdmin)
        {
            identity.AddClaim(new Claim(FlowDocsClaims.PlatformAdmin, "true"));
        }

        return identity;
    }

    public static ClaimsIdentity ForServiceClient(ServiceClient client, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(client);
        var identity = new ClaimsIdentity(authenticationType, FlowDocsClaims.Name, FlowDocsClaims.Role);
        identity.AddClaim(new Claim(FlowDocsClaims.Subject, client.ClientId));
        identity.AddClaim(new Claim(FlowDocsClaims.Name, client.DisplayName));
        identity.AddClaim(new Claim(FlowDocsClaims.Tenant, client.TenantId.ToString()));
        identity.AddClaims(client.Roles.Select(r => new Claim(FlowDocsClaims.Role, r)));
        return identity;
    }

    public async Task<IReadOnlyList<string>> RolesOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await (from userRole in db.UserRoles
               join role in db.Roles on userRole.RoleId equals role.Id
               where userRole.UserId == userId
               orderby role.Name
               select role.Name!).ToListAsync(cancellationToken);

    /// <summary>
    /// Every FlowDocs claim goes into the access token (the API needs tenant and roles); the identity token
    /// carries the profile claims only when the matching scope was granted.
    /// </summary>
    public static void SetDestinations(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        principal.SetDestinations(claim => claim.Type switch
        {
            FlowDocsClaims.Name when principal.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            FlowDocsClaims.Email when principal.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
            FlowDocsClaims.Role when principal.HasScope(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
            FlowDocsClaims.Tenant or FlowDocsClaims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
    }
}
