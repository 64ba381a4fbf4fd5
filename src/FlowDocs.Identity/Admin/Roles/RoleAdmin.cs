using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Data.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Identity.Admin.Roles;

public sealed record RoleResponse(Guid Id, string Name, bool BuiltIn);

public sealed record CreateRoleRequest(string? Name);

/// <summary>The tenant's roles: the built-in ones and its own (e.g. Legal), which tasks and approvals can target.</summary>
internal static class RoleAdmin
{
    public static void MapRoleAdmin(this RouteGroupBuilder admin)
    {
        var roles = admin.MapGroup("/roles").WithTags("Admin: roles").RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        roles.MapGet("/", ListAsync).WithName("ListRoles").WithSummary("The roles of the caller's tenant.");
        roles.MapPost("/", CreateAsync).WithName("CreateRole").ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Adds a role to the caller's tenant.");
        roles.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteRole")
            .WithSummary("Removes one of the tenant's own roles that no user, service client or open task offer still uses.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, FlowDocsDbContext db, ICurrentUser caller, CancellationToken cancellationToken)
    {
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == id && r.TenantId == caller.TenantId, cancellationToken);
        if (role is null)
        {
            return AdminRules.NotFound("role", id);
        }

        var name = role.Name!;
        if (IdentityBootstrap.InitialRoles.Contains(name, StringComparer.Ordinal))
        {
            return AdminRules.Conflict($"The role {name} is built in and cannot be deleted.");
        }

        // A role still in use would silently take access away from its holders and strand the tasks offered to it.
        var users = await db.UserRoles.CountAsync(ur => ur.RoleId == id, cancellationToken);
        var clients = (await db.Set<ServiceClient>().AsNoTracking().Select(c => c.Roles).ToListAsync(cancellationToken))
            .Count(roles => roles.Contains(name, StringComparer.Ordinal));
        var offerKey = UserTaskCandidate.KeyOf(CandidateKind.Role, name);
        var tasks = await db.Set<UserTaskCandidate>().CountAsync(c => c.Key == offerKey && c.IsOffered, cancellationToken);
        if (users + clients + tasks > 0)
        {
            return AdminRules.Conflict(
                $"The role {name} is still held by {users} user(s) and {clients} service client(s), and offered {tasks} open task(s); take it away from them first.");
        }

        db.Roles.Remove(role);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PagedList<RoleResponse>>> ListAsync(FlowDocsDbContext db, ICurrentUser caller, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.Where(r => r.TenantId == caller.TenantId).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(roles.Select(ToResponse).ToList().ToWholePage());
    }

    private static async Task<Results<Created<RoleResponse>, ProblemHttpResult>> CreateAsync(
        CreateRoleRequest request, FlowDocsDbContext db, ICurrentUser caller, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (AdminRules.ValidateRoleName(name) is { } error)
        {
            return AdminRules.Invalid("name", error);
        }

        var role = new FlowDocsRole
        {
            Id = Guid.CreateVersion7(),
            TenantId = caller.TenantId,
            Name = name,
            NormalizedName = name!.ToUpperInvariant(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        if (await db.Roles.AnyAsync(r => r.TenantId == caller.TenantId && r.NormalizedName == role.NormalizedName, cancellationToken))
        {
            return AdminRules.Conflict($"The role {name} already exists.");
        }

        db.Roles.Add(role);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return AdminRules.Conflict($"The role {name} already exists.");
        }

        return TypedResults.Created($"/api/admin/roles/{role.Id}", ToResponse(role));
    }

    private static RoleResponse ToResponse(FlowDocsRole role) =>
        new(role.Id, role.Name!, IdentityBootstrap.InitialRoles.Contains(role.Name, StringComparer.Ordinal));
}
