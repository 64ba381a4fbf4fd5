using FlowDocs.Common;
using FlowDocs.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Identity.Admin;

/// <summary>Problems and checks shared by the admin use cases.</summary>
internal static class AdminRules
{
    public const int MaxRoleNameLength = 64;

    public static ProblemHttpResult NotFound(string what, Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"The {what} does not exist.", detail: $"No {what} {id} exists in your tenant.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The request conflicts with the current state.", detail: detail);

    public static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request is not valid.",
            Detail = string.Join(" ", errors.SelectMany(e => e.Value)),
        });

    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Role names are matched case-insensitively within the tenant; returns the role ids, or the unknown names.</summary>
    public static async Task<(List<Guid> Ids, List<string> Unknown)> ResolveRolesAsync(
        FlowDocsDbContext db, Guid tenantId, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var normalized = names.Select(n => n.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var found = await db.Roles.Where(r => r.TenantId == tenantId && normalized.Contains(r.NormalizedName!))
            .Select(r => new { r.Id, r.NormalizedName }).ToListAsync(cancellationToken);
        var unknown = names.Where(n => !found.Any(f => string.Equals(f.NormalizedName, n.Trim(), StringComparison.OrdinalIgnoreCase))).ToList();
        return (found.Select(f => f.Id).ToList(), unknown);
    }

    public static bool IsValidEmail(string? email) =>
        email is { Length: > 2 and <= 256 } && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < email.Length - 1
        && !email.Any(char.IsWhiteSpace);

    public static string? ValidateRoleName(string? name) => name switch
    {
        null or "" => "name is required.",
        { Length: > MaxRoleNameLength } => $"name must be at most {MaxRoleNameLength} characters.",
        _ when name.Any(c => c == ',' || char.IsWhiteSpace(c) || char.IsControl(c)) => "name must not contain commas, spaces or control characters.",
        _ => null,
    };

    public static Dictionary<string, string[]> Errors(IdentityResult result, string field) =>
        new() { [field] = result.Errors.Select(e => e.Description).ToArray() };

    /// <summary>
    /// The one-time link to the set-password page: on the configured public issuer when set (behind an ingress
    /// the request's host is internal), else on the host the admin called.
    /// </summary>
    public static Uri SetPasswordLink(HttpContext http, IConfiguration configuration, Guid userId, string token)
    {
        var issuer = configuration.GetOptional(IdentitySettings.IssuerKey);
        var root = issuer is not null ? issuer.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return new Uri($"{root}/account/set-password?userId={userId}&token={Uri.EscapeDataString(token)}");
    }
}
