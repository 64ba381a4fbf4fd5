using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpenIddict.Abstractions;

namespace FlowDocs.Identity.Admin.Users;

public sealed record UserResponse(Guid Id, string Email, string DisplayName, bool Enabled, bool LockedOut, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);

public sealed record CreateUserRequest(string? Email, string? DisplayName, IReadOnlyList<string>? Roles);

/// <summary>The created user and the one-time link with which they choose their password.</summary>
public sealed record InvitedUserResponse(UserResponse User, Uri SetPasswordLink);

public sealed record SetRolesRequest(IReadOnlyList<string>? Roles);

/// <summary>A tenant administrator's user management: list, invite, change roles, disable. Other tenants' users answer 404.</summary>
internal static class UserAdmin
{
    private const int MaxSearchLength = 256;

    public static void MapUserAdmin(this RouteGroupBuilder admin)
    {
        var users = admin.MapGroup("/users").WithTags("Admin: users").RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        users.MapGet("/", ListAsync).WithName("ListUsers").ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Users of the caller's tenant, by e-mail; search keeps those whose e-mail or name contains it (any case).");
        users.MapGet("/{id:guid}", GetAsync).WithName("GetUser").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One user of the caller's tenant.");
        users.MapPost("/", CreateAsync).WithName("CreateUser").ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Creates a user without a password and returns a one-time set-password link.");
        users.MapPost("/{id:guid}/invitation", InviteAsync).WithName("InviteUser").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A new one-time set-password link (the previous one stops working once used).");
        users.MapPut("/{id:guid}/roles", SetRolesAsync).WithName("SetUserRoles").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Replaces the user's roles; takes effect with the next token or sign-in.");
        users.MapPost("/{id:guid}/disable", DisableAsync).WithName("DisableUser").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Disables the user and revokes their tokens.");
        users.MapPost("/{id:guid}/enable", EnableAsync).WithName("EnableUser").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Enables a disabled user.");
    }

    private static async Task<Results<Ok<PagedList<UserResponse>>, ProblemHttpResult>> ListAsync(
        FlowDocsDbContext db, ICurrentUser caller, TimeProvider clock, int? page, int? pageSize, string? search, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var request) is { } error)
        {
            return AdminRules.Invalid(page is < 1 ? "page" : "pageSize", error);
        }

        if (search is { Length: > MaxSearchLength })
        {
            return AdminRules.Invalid("search", $"search is at most {MaxSearchLength} characters.");
        }

        var users = db.Users.Where(u => u.TenantId == caller.TenantId);
        if (search?.Trim() is { Length: > 0 } term)
        {
            // The normalized e-mail is upper case (Identity's normalizer); the name is compared in upper case too, so
            // the search ignores case on SQLite and MySQL alike.
            var upper = term.ToUpperInvariant();
#pragma warning disable CA1862, CA1304, CA1311 // EF Core translates ToUpper + Contains to SQL (UPPER, LIKE); neither a culture nor a StringComparison is translatable.
            users = users.Where(u => u.NormalizedEmail!.Contains(upper) || u.DisplayName.ToUpper().Contains(upper));
#pragma warning restore CA1862, CA1304, CA1311
        }

        var rows = await users
            .OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id)
            .Skip(request.Skip).Take(request.PageSize + 1)
            .ToListAsync(cancellationToken);
        var roles = await RolesByUserAsync(db, rows.Select(u => u.Id).ToList(), cancellationToken);
        return TypedResults.Ok(rows.Select(u => ToResponse(u, roles, clock)).ToList().ToPage(request));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(
        Guid id, FlowDocsDbContext db, ICurrentUser caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await FindAsync(db, caller, id, cancellationToken);
        return user is null ? AdminRules.NotFound("user", id) : TypedResults.Ok(await ResponseAsync(db, user, clock, cancellationToken));
    }

    private static async Task<Results<Created<InvitedUserResponse>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, HttpContext http, FlowDocsDbContext db, UserManager<FlowDocsUser> users, ICurrentUser caller,
        IConfiguration configuration, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim();
        if (!AdminRules.IsValidEmail(email))
        {
            errors["email"] = ["email must be an e-mail address (at most 256 characters)."];
        }

        var displayName = request.DisplayName?.Trim();
        if (displayName is null or { Length: 0 or > 200 })
        {
            errors["displayName"] = ["displayName is required (at most 200 characters)."];
        }

        var (roleIds, unknown) = await AdminRules.ResolveRolesAsync(db, caller.TenantId, request.Roles ?? [], cancellationToken);
        if (unknown.Count > 0)
        {
            errors["roles"] = [$"These roles do not exist in your tenant: {string.Join(", ", unknown)}."];
        }

        if (errors.Count > 0)
        {
            return AdminRules.Invalid(errors);
        }

        var result = await CreateInvitedAsync(db, users, caller.TenantId, email!, displayName!, roleIds, clock);
        if (result.User is null)
        {
            return result.Duplicate
                ? AdminRules.Conflict($"A user with the e-mail address {email} already exists.")
                : AdminRules.Invalid(result.Errors!);
        }

        var token = await users.GeneratePasswordResetTokenAsync(result.User);
        var response = new InvitedUserResponse(
            await ResponseAsync(db, result.User, clock, cancellationToken),
            AdminRules.SetPasswordLink(http, configuration, result.User.Id, token));
        return TypedResults.Created($"/api/admin/users/{result.User.Id}", response);
    }

    /// <summary>Creates a user without a password (they set it through the invitation link); shared with tenant creation.</summary>
    internal static async Task<(FlowDocsUser? User, bool Duplicate, Dictionary<string, string[]>? Errors)> CreateInvitedAsync(
        FlowDocsDbContext db, UserManager<FlowDocsUser> users, Guid tenantId, string email, string displayName, IReadOnlyList<Guid> roleIds, TimeProvider clock)
    {
        var user = new FlowDocsUser
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAt = clock.GetUtcNow(),
        };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user);
        }
        catch (DbUpdateException)
        {
            // Two admins invited the same address at the same moment: the unique index decided.
            return (null, true, null);
        }

        if (!created.Succeeded)
        {
            var duplicate = created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail));
            return (null, duplicate, AdminRules.Errors(created, "email"));
        }

        db.UserRoles.AddRange(roleIds.Select(r => new IdentityUserRole<Guid> { UserId = user.Id, RoleId = r }));
        await db.SaveChangesAsync();
        return (user, false, null);
    }

    private static async Task<Results<Ok<Uri>, ProblemHttpResult>> InviteAsync(
        Guid id, HttpContext http, FlowDocsDbContext db, UserManager<FlowDocsUser> users, ICurrentUser caller, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var user = await FindAsync(db, caller, id, cancellationToken);
        if (user is null)
        {
            return AdminRules.NotFound("user", id);
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        return TypedResults.Ok(AdminRules.SetPasswordLink(http, configuration, user.Id, token));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> SetRolesAsync(
        Guid id, SetRolesRequest request, FlowDocsDbContext db, ICurrentUser caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await FindAsync(db, caller, id, cancellationToken);
        if (user is null)
        {
            return AdminRules.NotFound("user", id);
        }

        if (request.Roles is null)
        {
            return AdminRules.Invalid("roles", "roles is required (an empty list removes every role).");
        }

        var (roleIds, unknown) = await AdminRules.ResolveRolesAsync(db, caller.TenantId, request.Roles, cancellationToken);
        if (unknown.Count > 0)
        {
            return AdminRules.Invalid("roles", $"These roles do not exist in your tenant: {string.Join(", ", unknown)}.");
        }

        if (user.Id.ToString() == caller.UserId && !request.Roles.Contains(FlowDocsRoles.Admin, StringComparer.OrdinalIgnoreCase))
        {
            return AdminRules.Conflict("You cannot remove the Admin role from yourself; another administrator must do it.");
        }

        db.UserRoles.RemoveRange(await db.UserRoles.Where(ur => ur.UserId == user.Id).ToListAsync(cancellationToken));
        db.UserRoles.AddRange(roleIds.Select(r => new IdentityUserRole<Guid> { UserId = user.Id, RoleId = r }));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, user, clock, cancellationToken));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> DisableAsync(
        Guid id, FlowDocsDbContext db, UserManager<FlowDocsUser> users, IOpenIddictTokenManager tokens, ICurrentUser caller,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await FindAsync(db, caller, id, cancellationToken);
        if (user is null)
        {
            return AdminRules.NotFound("user", id);
        }

        if (user.Id.ToString() == caller.UserId)
        {
            return AdminRules.Conflict("You cannot disable yourself.");
        }

        user.Enabled = false;
        await users.UpdateSecurityStampAsync(user);
        // Access and refresh tokens already issued stop working now, not when they expire.
        await tokens.RevokeBySubjectAsync(user.Id.ToString(), cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, user, clock, cancellationToken));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> EnableAsync(
        Guid id, FlowDocsDbContext db, ICurrentUser caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await FindAsync(db, caller, id, cancellationToken);
        if (user is null)
        {
            return AdminRules.NotFound("user", id);
        }

        user.Enabled = true;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, user, clock, cancellationToken));
    }

    private static Task<FlowDocsUser?> FindAsync(FlowDocsDbContext db, ICurrentUser caller, Guid id, CancellationToken cancellationToken) =>
        db.Users.SingleOrDefaultAsync(u => u.Id == id && u.TenantId == caller.TenantId, cancellationToken);

    private static async Task<UserResponse> ResponseAsync(FlowDocsDbContext db, FlowDocsUser user, TimeProvider clock, CancellationToken cancellationToken) =>
        ToResponse(user, await RolesByUserAsync(db, [user.Id], cancellationToken), clock);

    private static async Task<ILookup<Guid, string>> RolesByUserAsync(FlowDocsDbContext db, List<Guid> userIds, CancellationToken cancellationToken) =>
        (await (from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userIds.Contains(userRole.UserId)
                select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken))
        .ToLookup(r => r.UserId, r => r.Name!);

    private static UserResponse ToResponse(FlowDocsUser user, ILookup<Guid, string> roles, TimeProvider clock) =>
        new(user.Id, user.Email!, user.DisplayName, user.Enabled, user.LockoutEnd > clock.GetUtcNow(),
            roles[user.Id].Order(StringComparer.Ordinal).ToList(), user.CreatedAt);
}
