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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace FlowDocs.Identity.Account;

/// <summary>Login, logout and set-password pages; the OpenID Connect authorization endpoint sends people here.</summary>
internal static class AccountEndpoints
{
    public const string LoginRateLimit = "identity-login";

    public static void MapAccount(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? signedOut) =>
            LoginPage(http, antiforgery, returnUrl, email: null, error: null, notice: signedOut is null ? null : "You are signed out."));
        account.MapPost("/login", LoginAsync).RequireRateLimiting(LoginRateLimit).DisableAntiforgery();
        account.MapGet("/logout", (HttpContext http, IAntiforgery antiforgery) => HtmlPage.Render(
            "Sign out",
            HtmlPage.Form(http, antiforgery, "/account/logout", string.Empty, "Sign out")));
        account.MapPost("/logout", LogoutAsync).DisableAntiforgery();
        account.MapGet("/denied", () => HtmlPage.Render("Access denied", "<p>Your account may not open this page.</p>", StatusCodes.Status403Forbidden));
        account.MapGet("/set-password", OpenSetPasswordAsync);
        account.MapPost("/set-password", SetPasswordAsync).RequireRateLimiting(LoginRateLimit).DisableAntiforgery();
        account.MapGet("/password", async (HttpContext http, IAntiforgery antiforgery) =>
            (await http.AuthenticateAsync(IdentityModule.CookieScheme)).Succeeded
                ? ChangePasswordPage(http, antiforgery, Rules(http), error: null)
                : (IResult)TypedResults.Redirect("/account/login?returnUrl=%2Faccount%2Fpassword"));
        account.MapPost("/password", ChangePasswordAsync).RequireRateLimiting(LoginRateLimit).DisableAntiforgery();
    }

    /// <summary>The password rules in words, from the options that enforce them.</summary>
    private static string Rules(HttpContext http) =>
        PasswordRules.Describe(http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.Password);

    private static ContentHttpResult LoginPage(
        HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? email, string? error, int status = StatusCodes.Status200OK, string? notice = null) =>
        HtmlPage.Render(
            "Sign in",
            HtmlPage.Success(notice) + HtmlPage.Error(error) + HtmlPage.Form(
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
        return TypedResults.Redirect("/account/login?signedOut=1");
    }

    /// <summary>What a link that was used already (or never was valid) shows instead of the form.</summary>
    private const string UsedLinkMessage =
        "This invitation link has already been used or is no longer valid. If you have set your password, sign in with it; otherwise ask your administrator for a new invitation.";

    private static ContentHttpResult UsedLinkPage() =>
        HtmlPage.Render(
            "This link is used up",
            HtmlPage.Error(UsedLinkMessage) + "<p><a href=\"/account/login\">Go to sign in</a></p>",
            StatusCodes.Status400BadRequest);

    /// <summary>The invitation's page: the form only while the link still works, with the user's e-mail shown (and offered to password managers).</summary>
    private static async Task<IResult> OpenSetPasswordAsync(HttpContext http, IAntiforgery antiforgery, UserManager<FlowDocsUser> users, string? userId, string? token)
    {
        var user = await InvitedUserAsync(users, userId, token);
        return user is null ? UsedLinkPage() : SetPasswordPage(http, antiforgery, user, token, error: null);
    }

    /// <summary>The user the link is for, when the link still works: a reset token is bound to the security stamp, which a successful reset changes.</summary>
    private static async Task<FlowDocsUser?> InvitedUserAsync(UserManager<FlowDocsUser> users, string? userId, string? token)
    {
        var user = Guid.TryParse(userId, out _) ? await users.FindByIdAsync(userId!) : null;
        return user is { Enabled: true } && !string.IsNullOrEmpty(token)
            && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<FlowDocsUser>.ResetPasswordTokenPurpose, token)
            ? user
            : null;
    }

    private static ContentHttpResult SetPasswordPage(HttpContext http, IAntiforgery antiforgery, FlowDocsUser user, string? token, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render(
            "Set your password",
            HtmlPage.Error(error) + "<p>Choose the password you will sign in to FlowDocs with.</p>" + HtmlPage.Form(
                http,
                antiforgery,
                "/account/set-password",
                HtmlPage.Hidden("userId", user.Id.ToString()) + HtmlPage.Hidden("token", token) +
                $"""
                <label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" readonly value="{HtmlPage.Encode(user.Email)}">
                <label for="password">New password</label><input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules">
                {HtmlPage.Hint("password-rules", Rules(http))}
                """,
                "Set password and sign in"),
            status);

    private static async Task<IResult> SetPasswordAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<FlowDocsUser> users, FlowDocsDbContext db, FlowDocsPrincipals principals,
        CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return HtmlPage.Render("Set your password", HtmlPage.Error("The form has expired. Open the link again."), StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var userId = form["userId"].ToString();
        var token = form["token"].ToString();
        var user = await InvitedUserAsync(users, userId, token);
        if (user is null)
        {
            return UsedLinkPage();
        }

        // A reset token is bound to the security stamp, which a successful reset changes: the link works once.
        var result = await users.ResetPasswordAsync(user, token, form["password"].ToString());
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? UsedLinkPage()
                : SetPasswordPage(http, antiforgery, user, token, string.Join(" ", result.Errors.Select(e => e.Description)), StatusCodes.Status400BadRequest);
        }

        if (!await users.IsEmailConfirmedAsync(user))
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        // The link proved who they are and they just chose the password: they are signed in and land on My work, which
        // confirms it. A tenant switched off meanwhile gets the sign-in page (which says no) instead.
        if (!await TokenEndpoint.TenantEnabledAsync(db, user.TenantId, cancellationToken))
        {
            return TypedResults.Redirect("/account/login");
        }

        await SignInCookieAsync(http, principals, user, cancellationToken);
        return TypedResults.Redirect("/studio?passwordSet=true");
    }

    private static ContentHttpResult ChangePasswordPage(HttpContext http, IAntiforgery antiforgery, string rules, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render(
            "Change your password",
            HtmlPage.Error(error) + HtmlPage.Form(
                http,
                antiforgery,
                "/account/password",
                $"""
                <label for="currentPassword">Current password</label><input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required>
                <label for="newPassword">New password</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required aria-describedby="password-rules">
                {HtmlPage.Hint("password-rules", rules)}
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
            return ChangePasswordPage(http, antiforgery, Rules(http), "The form has expired. Open the page again.", StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var errors = await Caller.ChangePassword.ChangeAsync(users, tokens, user, form["currentPassword"].ToString(), form["newPassword"].ToString(), cancellationToken);
        if (errors is not null)
        {
            return ChangePasswordPage(http, antiforgery, Rules(http), string.Join(" ", errors.Values.SelectMany(v => v)), StatusCodes.Status422UnprocessableEntity);
        }

        await SignInCookieAsync(http, principals, user, cancellationToken);
        return HtmlPage.Render("Password changed", HtmlPage.Success("Your password is changed.") + "<p><a href=\"/studio\">Back to FlowDocs Studio</a></p>");
    }
}
