using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data.Identity;
using FlowDocs.Identity.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;

namespace FlowDocs.Identity.Caller;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// A signed-in user changes their own password, proving the current one. Every other session of that user ends:
/// the new security stamp ends UI cookies at their next request, and the user's tokens are revoked (access tokens are
/// checked against the database, so at once; refresh tokens can no longer be redeemed), as disabling a user does.
/// The caller's own UI cookie is re-issued with the new stamp.
/// </summary>
internal static class ChangePassword
{
    public static void MapChangePassword(this RouteGroupBuilder api) =>
        api.MapPost("/me/password", HandleAsync)
            .WithName("ChangePassword")
            .WithTags("Identity")
            .WithSummary("Change the signed-in user's password (the current one is required); the user's other sessions end.")
            .RequireAuthorization(FlowDocsPolicies.Person)
            .RequireRateLimiting(AccountEndpoints.LoginRateLimit)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        ChangePasswordRequest request, ICurrentUser user, HttpContext http, UserManager<FlowDocsUser> users, IOpenIddictTokenManager tokens,
        FlowDocsPrincipals principals, CancellationToken cancellationToken)
    {
        // The Person policy has let only users in; one deleted meanwhile has no password to change.
        var account = await users.FindByIdAsync(user.UserId);
        if (account is null)
        {
            return ApiProblems.NotFound($"User {user.UserId} does not exist.");
        }

        var errors = await ChangeAsync(users, tokens, account, request.CurrentPassword, request.NewPassword, cancellationToken);
        if (errors is not null)
        {
            return ApiProblems.Invalid(errors);
        }

        if (http.User.Identity?.AuthenticationType == IdentityModule.CookieScheme)
        {
            await AccountEndpoints.SignInCookieAsync(http, principals, account, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    /// <summary>Checks and changes the password; the problems per field, or null when it changed.</summary>
    internal static async Task<IDictionary<string, string[]>?> ChangeAsync(
        UserManager<FlowDocsUser> users, IOpenIddictTokenManager tokens, FlowDocsUser account, string? currentPassword, string? newPassword,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Check(!string.IsNullOrEmpty(currentPassword), "currentPassword", "currentPassword is required.")
            .Check(!string.IsNullOrEmpty(newPassword), "newPassword", "newPassword is required.")
            .Check(string.IsNullOrEmpty(newPassword) || newPassword != currentPassword, "newPassword", "newPassword must differ from currentPassword.");
        if (!errors.IsEmpty)
        {
            return errors.ToDictionary();
        }

        if (!await users.CheckPasswordAsync(account, currentPassword!))
        {
            return new Dictionary<string, string[]> { ["currentPassword"] = ["currentPassword is not correct."] };
        }

        var result = await users.ChangePasswordAsync(account, currentPassword!, newPassword!);
        if (!result.Succeeded)
        {
            return new Dictionary<string, string[]> { ["newPassword"] = [.. result.Errors.Select(e => e.Description)] };
        }

        await tokens.RevokeBySubjectAsync(account.Id.ToString(), cancellationToken);
        return null;
    }
}
