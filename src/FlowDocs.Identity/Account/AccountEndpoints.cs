using System.Security.Claims;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Identity.Connect;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;

namespace FlowDocs.Identity.Account;

/// <summary>Login, logout and set-password pages; the OpenID Connect authorization endpoint sends people here.</summary>
internal static class AccountEndpoints
{
    public const string LoginRateLimit = "identity-login";

    public static void MapAccount(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            LoginPage(http, antiforgery, returnUrl, email: null, error: null));
        account.MapPost("/login", LoginAsync).RequireRateLimiting(LoginRateLimit).DisableAntiforgery();
        account.MapGet("/logout", (HttpContext http, IAntiforgery antiforgery) => HtmlPage.Render(
            "Sign out",
            HtmlPage.Form(http, antiforgery, "/account/logout", string.Empty, "Sign out")));
        account.MapPost("/logout", LogoutAsync).DisableAntiforgery();
        account.MapGet("/denied", () => HtmlPage.Render("Access denied", "<p>Your account may not open this page.</p>", StatusCodes.Status403Forbidden));
        account.MapGet("/set-password", (HttpContext http, IAntiforgery antiforgery, string? userId, string? token) =>
            SetPasswordPage(http, antiforgery, userId, token, error: null));
        account.MapPost("/set-password", SetPasswordAsync).RequireRateLimiting(LoginRateLimit).DisableAntiforgery();
        account.MapGet("/password", async (HttpContext http, IAntiforgery antiforgery) =>
            (await http.AuthenticateAsync(IdentityModule.CookieScheme)).Succeeded
                ? ChangePasswordPage(http, antiforgery, error: null)
                : (IResult)TypedResults.Redirect("/account/login?returnUrl=%2Faccount%2Fpassword"));
        account.MapPost("/password", ChangePasswordAsync).RequireRateLimiting(LoginRateLimit).DisableAntiforgery();
    }

    private static ContentHttpResult LoginPage(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? email, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render(
            "Sign in",
            HtmlPage.Error(error) + HtmlPage.Form(
                http,
                antiforgery,
                "/account/login",
                HtmlPage.Hidden("returnUrl", HtmlPage.SafeReturnUrl(returnUrl)) +
                $"""
                <label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required value="{HtmlPage.Encode(email)}">
                <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
                """,
                "Sign in"),
            status);

    private static async Task<IResult> LoginAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<FlowDocsUser> users, SignInManager<FlowDocsUser> signIn,
        FlowDocsDbContext db, FlowDocsPrincipals principals, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return HtmlPage.Render("Sign in", HtmlPage.Error("The form has expired. Open the sign-in page again."), StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var email = form["email"].ToString().Trim();
        var returnUrl = HtmlPage.SafeReturnUrl(form["returnUrl"]);
        var user = email.Length == 0 ? null : await users.FindByEmailAsync(email);
        if (user is null || !user.Enabled || !await TokenEndpoint.TenantEnabledAsync(db, user.TenantId, cancellationToken))
        {
            return LoginPage(http, antiforgery, returnUrl, email, "The e-mail address or password is wrong.", StatusCodes.Status401Unauthorized);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, form["password"].ToString(), lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return LoginPage(http, antiforgery, returnUrl, email, "The account is locked after too many failed attempts. Try again later.", StatusCodes.Status423Locked);
        }

        if (!result.Succeeded)
        {
            return LoginPage(http, antiforgery, returnUrl, email, "The e-mail address or password is wrong.", StatusCodes.Status401Unauthorized);
        }

        await SignInCookieAsync(http, principals, user, cancellationToken);
        return TypedResults.Redirect(returnUrl);
    }

    /// <summary>Issues the UI cookie for <paramref name="user"/>, carrying the security stamp its session is checked against.</summary>
    internal static async Task SignInCookieAsync(HttpContext http, FlowDocsPrincipals principals, FlowDocsUser user, CancellationToken cancellationToken)
    {
        var identity = await principals.ForUserAsync(user, IdentityModule.CookieScheme, cancellationToken);
        identity.AddClaim(new Claim(IdentityModule.SecurityStampClaim, user.SecurityStamp ?? string.Empty));
        await http.SignInAsync(IdentityModule.CookieScheme, new ClaimsPrincipal(identity));
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return HtmlPage.Render("Sign out", HtmlPage.Error("The form has expired. Open the sign-out page again."), StatusCodes.Status400BadRequest);
        }

        await http.SignOutAsync(IdentityModule.CookieScheme);
        return TypedResults.Redirect("/account/login");
    }

    private static ContentHttpResult SetPasswordPage(HttpContext http, IAntiforgery antiforgery, string? userId, string? token, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render(
            "Set your password",
            HtmlPage.Error(error) + HtmlPage.Form(
                http,
                antiforgery,
                "/account/set-password",
                HtmlPage.Hidden("userId", userId) + HtmlPage.Hidden("token", token) +
                """
                <label for="password">New password</label><input id="password" name="password" type="password" autocomplete="new-password" required>
                """,
                "Set password"),
            status);

    private static async Task<IResult> SetPasswordAsync(HttpContext http, IAntiforgery antiforgery, UserManager<FlowDocsUser> users, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return HtmlPage.Render("Set your password", HtmlPage.Error("The form has expired. Open the link again."), StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var userId = form["userId"].ToString();
        var token = form["token"].ToString();
        var user = Guid.TryParse(userId, out _) ? await users.FindByIdAsync(userId) : null;
        if (user is null || !user.Enabled)
        {
            return SetPasswordPage(http, antiforgery, userId, token, "This link is not valid.", StatusCodes.Status400BadRequest);
        }

        // A reset token is bound to the security stamp, which a successful reset changes: the link works once.
        var result = await users.ResetPasswordAsync(user, token, form["password"].ToString());
        if (!result.Succeeded)
        {
            var message = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? "This link is not valid or has already been used."
                : string.Join(" ", result.Errors.Select(e => e.Description));
            return SetPasswordPage(http, antiforgery, userId, token, message, StatusCodes.Status400BadRequest);
        }

        if (!await users.IsEmailConfirmedAsync(user))
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        return TypedResults.Redirect("/account/login");
    }

    private static ContentHttpResult ChangePasswordPage(HttpContext http, IAntiforgery antiforgery, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render(
            "Change your password",
            HtmlPage.Error(error) + HtmlPage.Form(
                http,
                antiforgery,
                "/account/password",
                """
                <label for="currentPassword">Current password</label><input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required>
                <label for="newPassword">New password</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
                """,
                "Change password") + "<p>Your other sessions end when the password changes.</p>",
            status);

    private static async Task<IResult> ChangePasswordAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<FlowDocsUser> users, IOpenIddictTokenManager tokens, FlowDocsPrincipals principals,
        CancellationToken cancellationToken)
    {
        var session = await http.AuthenticateAsync(IdentityModule.CookieScheme);
        var subject = session.Principal?.FindFirst(FlowDocsClaims.Subject)?.Value;
        var user = session.Succeeded && Guid.TryParse(subject, out _) ? await users.FindByIdAsync(subject!) : null;
        if (user is null)
        {
            return TypedResults.Redirect("/account/login?returnUrl=%2Faccount%2Fpassword");
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return ChangePasswordPage(http, antiforgery, "The form has expired. Open the page again.", StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var errors = await Caller.ChangePassword.ChangeAsync(users, tokens, user, form["currentPassword"].ToString(), form["newPassword"].ToString(), cancellationToken);
        if (errors is not null)
        {
            return ChangePasswordPage(http, antiforgery, string.Join(" ", errors.Values.SelectMany(v => v)), StatusCodes.Status422UnprocessableEntity);
        }

        await SignInCookieAsync(http, principals, user, cancellationToken);
        return HtmlPage.Render("Password changed", "<p>Your password is changed. <a href=\"/studio\">Back to FlowDocs Studio</a></p>");
    }
}
