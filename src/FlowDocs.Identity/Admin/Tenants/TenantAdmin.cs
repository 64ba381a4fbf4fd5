using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Identity.Admin.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpenIddict.Abstractions;

namespace FlowDocs.Identity.Admin.Tenants;

public sealed record TenantResponse(Guid Id, string Name, bool Enabled, bool IsDefault, DateTimeOffset CreatedAt);

public sealed record CreateTenantRequest(string? Name, string? AdminEmail, string? AdminDisplayName);

/// <summary>The new tenant and the one-time link with which its first administrator sets a password.</summary>
public sealed record CreatedTenantResponse(TenantResponse Tenant, Guid AdminUserId, Uri AdminSetPasswordLink);

/// <summary>Tenants: the platform administrator's business only.</summary>
internal static class TenantAdmin
{
    public static void MapTenantAdmin(this RouteGroupBuilder admin)
    {
        var tenants = admin.MapGroup("/tenants").WithTags("Admin: tenants").RequireAuthorization(FlowDocsPolicies.PlatformAdmin);
        tenants.MapGet("/", ListAsync).WithName("ListTenants").WithSummary("Every tenant.");
        tenants.MapGet("/{id:guid}", GetAsync).WithName("GetTenant").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One tenant.");
        tenants.MapPost("/", CreateAsync).WithName("CreateTenant").ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Creates a tenant with the built-in roles and its first administrator (invited).");
        tenants.MapPost("/{id:guid}/disable", (Guid id, FlowDocsDbContext db, ICurrentUser caller, IOpenIddictTokenManager tokens, CancellationToken ct) => SetEnabledAsync(id, false, db, caller, tokens, ct))
            .WithName("DisableTenant").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Its users and clients can no longer sign in or get tokens.");
        tenants.MapPost("/{id:guid}/enable", (Guid id, FlowDocsDbContext db, ICurrentUser caller, IOpenIddictTokenManager tokens, CancellationToken ct) => SetEnabledAsync(id, true, db, caller, tokens, ct))
            .WithName("EnableTenant").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Enables a disabled tenant.");
    }

    private static async Task<Ok<PagedList<TenantResponse>>> ListAsync(FlowDocsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Set<Tenant>().OrderBy(t => t.Name).ToListAsync(cancellationToken)).Select(ToResponse).ToList().ToWholePage());

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(Guid id, FlowDocsDbContext db, CancellationToken cancellationToken) =>
        await db.Set<Tenant>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is { } tenant
            ? TypedResults.Ok(ToResponse(tenant))
            : AdminRules.NotFound("tenant", id);

    private static async Task<Results<Created<CreatedTenantResponse>, ProblemHttpResult>> CreateAsync(
        CreateTenantRequest request, HttpContext http, FlowDocsDbContext db, UserManager<FlowDocsUser> users, IdentityBootstrap bootstrap,
        IConfiguration configuration, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (name is null or { Length: 0 or > 200 })
        {
            errors["name"] = ["name is required (at most 200 characters)."];
        }

        var email = request.AdminEmail?.Trim();
        if (!AdminRules.IsValidEmail(email))
        {
            errors["adminEmail"] = ["adminEmail must be an e-mail address (at most 256 characters)."];
        }

        if (errors.Count > 0)
        {
            return AdminRules.Invalid(errors);
        }

        if (await db.Set<Tenant>().AnyAsync(t => t.Name == name, cancellationToken))
        {
            return AdminRules.Conflict($"A tenant named {name} already exists.");
        }

        if (await users.FindByEmailAsync(email!) is not null)
        {
            return AdminRules.Conflict($"A user with the e-mail address {email} already exists.");
        }

        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = name!, CreatedAt = clock.GetUtcNow() };
        db.Add(tenant);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return AdminRules.Conflict($"A tenant named {name} already exists.");
        }

        await bootstrap.EnsureRolesAsync(tenant.Id, IdentityBootstrap.InitialRoles, cancellationToken);
        var (roleIds, _) = await AdminRules.ResolveRolesAsync(db, tenant.Id, [FlowDocsRoles.Admin, FlowDocsRoles.Member], cancellationToken);
        var admin = await UserAdmin.CreateInvitedAsync(
            db, users, tenant.Id, email!, request.AdminDisplayName?.Trim() is { Length: > 0 and <= 200 } display ? display : email!, roleIds, clock);
        if (admin.User is null)
        {
            return AdminRules.Conflict($"A user with the e-mail address {email} already exists.");
        }

        var token = await users.GeneratePasswordResetTokenAsync(admin.User);
        return TypedResults.Created(
            $"/api/admin/tenants/{tenant.Id}",
            new CreatedTenantResponse(ToResponse(tenant), admin.User.Id, AdminRules.SetPasswordLink(http, configuration, admin.User.Id, token)));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SetEnabledAsync(
        Guid id, bool enabled, FlowDocsDbContext db, ICurrentUser caller, IOpenIddictTokenManager tokens, CancellationToken cancellationToken)
    {
        var tenant = await db.Set<Tenant>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
        {
            return AdminRules.NotFound("tenant", id);
        }

        if (!enabled && tenant.Id == caller.TenantId)
        {
            return AdminRules.Conflict("You cannot disable your own tenant.");
        }

        tenant.Enabled = enabled;
        await db.SaveChangesAsync(cancellationToken);
        if (!enabled)
        {
            // Tokens already issued to the tenant's users and clients stop working now, not when they expire.
            var subjects = await db.Users.Where(u => u.TenantId == id).Select(u => u.Id.ToString()).ToListAsync(cancellationToken);
            subjects.AddRange(await db.Set<ServiceClient>().IgnoreQueryFilters().Where(c => c.TenantId == id).Select(c => c.ClientId).ToListAsync(cancellationToken));
            foreach (var subject in subjects)
            {
                await tokens.RevokeBySubjectAsync(subject, cancellationToken);
            }
        }

        return TypedResults.Ok(ToResponse(tenant));
    }

    private static TenantResponse ToResponse(Tenant tenant) => new(tenant.Id, tenant.Name, tenant.Enabled, tenant.IsDefault, tenant.CreatedAt);
}
