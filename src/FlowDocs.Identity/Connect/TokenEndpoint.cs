using System.Security.Claims;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FlowDocs.Identity.Connect;

/// <summary>
/// The token endpoint after OpenIddict has validated the request and the client: decides who the token is
/// for. Users and clients are re-read on every exchange so a disabled account stops getting tokens at once.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task<Results<SignInHttpResult, ForbidHttpResult>> ExchangeAsync(
        HttpContext http, FlowDocsDbContext db, UserManager<FlowDocsUser> users, FlowDocsPrincipals principals, CancellationToken cancellationToken)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");

        if (request.IsClientCredentialsGrantType())
        {
            var client = await db.Set<ServiceClient>().IgnoreQueryFilters()
                .SingleOrDefaultAsync(c => c.ClientId == request.ClientId, cancellationToken);
            if (client is null || !client.Enabled || !await TenantEnabledAsync(db, client.TenantId, cancellationToken))
            {
                return Reject(Errors.InvalidClient, "The client is disabled.");
            }

            var identity = FlowDocsPrincipals.ForServiceClient(client, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var principal = new ClaimsPrincipal(identity);
            principal.SetScopes(request.GetScopes().Intersect([IdentitySettings.ApiScope], StringComparer.Ordinal));
            principal.SetResources(IdentitySettings.ApiAudience);
            FlowDocsPrincipals.SetDestinations(principal);
            return TypedResults.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = result.Principal?.GetClaim(Claims.Subject);
            var user = subject is null ? null : await users.FindByIdAsync(subject);
            if (user is null || !user.Enabled || await users.IsLockedOutAsync(user)
                || !await TenantEnabledAsync(db, user.TenantId, cancellationToken))
            {
                return Reject(Errors.InvalidGrant, "The user can no longer sign in.");
            }

            // Fresh claims: role changes since the last refresh take effect with the next access token.
            var identity = await principals.ForUserAsync(user, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, cancellationToken);
            var principal = new ClaimsPrincipal(identity);
            principal.SetScopes(result.Principal!.GetScopes());
            principal.SetResources(result.Principal!.GetResources());
            FlowDocsPrincipals.SetDestinations(principal);
            return TypedResults.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Reject(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    internal static async Task<bool> TenantEnabledAsync(FlowDocsDbContext db, Guid tenantId, CancellationToken cancellationToken) =>
        await db.Set<Tenant>().AnyAsync(t => t.Id == tenantId && t.Enabled, cancellationToken);

    internal static ForbidHttpResult Reject(string error, string description) =>
        TypedResults.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
