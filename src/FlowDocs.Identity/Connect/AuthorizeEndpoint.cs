using System.Security.Claims;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FlowDocs.Identity.Connect;

/// <summary>
/// The authorization endpoint after OpenIddict validated the client, redirect URI and PKCE parameters: sends
/// a visitor without the UI cookie to the login page and comes back here; first-party clients need no consent.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static async Task<IResult> AuthorizeAsync(
        HttpContext http, FlowDocsDbContext db, UserManager<FlowDocsUser> users, FlowDocsPrincipals principals, CancellationToken cancellationToken)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");

        var cookie = await http.AuthenticateAsync(IdentityModule.CookieScheme);
        var subject = cookie.Succeeded ? cookie.Principal.GetClaim(Claims.Subject) : null;
        var user = subject is null ? null : await users.FindByIdAsync(subject);
        if (user is null || !user.Enabled || await users.IsLockedOutAsync(user)
            || !await TokenEndpoint.TenantEnabledAsync(db, user.TenantId, cancellationToken))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return TokenEndpoint.Reject(Errors.LoginRequired, "The user is not signed in.");
            }

            // Back to this very request after the login page; a form_post request is replayed as a query.
            var parameters = http.Request.HasFormContentType
                ? (await http.Request.ReadFormAsync(cancellationToken)).ToList()
                : http.Request.Query.ToList();
            return TypedResults.Challenge(
                new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters) },
                [IdentityModule.CookieScheme]);
        }

        var identity = await principals.ForUserAsync(user, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, cancellationToken);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        if (request.HasScope(IdentitySettings.ApiScope))
        {
            principal.SetResources(IdentitySettings.ApiAudience);
        }

        FlowDocsPrincipals.SetDestinations(principal);
        return TypedResults.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
