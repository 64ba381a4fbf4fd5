using FlowDocs.Identity.Account;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using OpenIddict.Server.AspNetCore;

namespace FlowDocs.Identity.Connect;

/// <summary>
/// RP-initiated logout: a GET only asks for confirmation (a link in a mail must not sign anyone out); the
/// antiforgery-protected POST ends the UI session and returns to the client's registered post-logout URI.
/// </summary>
internal static class EndSessionEndpoint
{
    public static IResult Confirm(HttpContext http, IAntiforgery antiforgery)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");
        var fields = string.Concat(request.GetParameters().Select(p => HtmlPage.Hidden(p.Key, (string?)p.Value)));
        return HtmlPage.Render("Sign out", "<p>Sign out of FlowDocs?</p>" + HtmlPage.Form(http, antiforgery, "/connect/logout", fields, "Sign out"));
    }

    public static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return HtmlPage.Render("Sign out", HtmlPage.Error("The form has expired. Sign out again."), StatusCodes.Status400BadRequest);
        }

        await http.SignOutAsync(IdentityModule.CookieScheme);
        return TypedResults.SignOut(
            new AuthenticationProperties { RedirectUri = "/account/login" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
