using System.Security.Cryptography;
using FlowDocs.Common;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FlowDocs.Identity;

/// <summary>
/// First start: the default tenant with the built-in roles, an administrator, and the UI's OpenID Connect
/// client. Replicas may start at the same moment: unique indexes decide who creates a row, the loser re-reads.
/// </summary>
public sealed partial class IdentityBootstrap(
    FlowDocsDbContext db,
    UserManager<FlowDocsUser> users,
    IOpenIddictApplicationManager applications,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<IdentityBootstrap> logger)
{
    public const string DefaultTenantName = "Default";

    public static IReadOnlyList<string> InitialRoles { get; } = [.. FlowDocsRoles.BuiltIn, FlowDocsRoles.Reviewer];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tenant = await EnsureDefaultTenantAsync(cancellationToken);
        await EnsureRolesAsync(tenant.Id, InitialRoles, cancellationToken);
        await EnsureAdministratorAsync(tenant.Id, cancellationToken);
        await EnsureStudioClientAsync(cancellationToken);
    }

    private async Task<Tenant> EnsureDefaultTenantAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Set<Tenant>().SingleOrDefaultAsync(t => t.IsDefault, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = DefaultTenantName, IsDefault = true, CreatedAt = clock.GetUtcNow() };
        db.Add(tenant);
        if (await TrySaveAsync(cancellationToken))
        {
            return tenant;
        }

        return await db.Set<Tenant>().SingleAsync(t => t.IsDefault, cancellationToken);
    }

    /// <summary>Creates the missing roles of a tenant; used by first start and when an admin creates a tenant.</summary>
    public async Task EnsureRolesAsync(Guid tenantId, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var present = await db.Roles.Where(r => r.TenantId == tenantId).Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var name in names.Except(present.OfType<string>(), StringComparer.OrdinalIgnoreCase))
        {
            db.Roles.Add(new FlowDocsRole
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Name = name,
                NormalizedName = name.ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
            });
        }

        await TrySaveAsync(cancellationToken);
    }

    private async Task EnsureAdministratorAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.IsPlatformAdmin, cancellationToken))
        {
            return;
        }

        var email = configuration.GetString(IdentitySettings.AdminEmailKey, IdentitySettings.DefaultAdminEmail);
        var configured = configuration.GetOptional(IdentitySettings.AdminPasswordKey);
        var password = configured ?? GeneratePassword();
        var admin = new FlowDocsUser
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            IsPlatformAdmin = true,
            CreatedAt = clock.GetUtcNow(),
        };

        IdentityResult result;
        try
        {
            result = await users.CreateAsync(admin, password);
        }
        catch (DbUpdateException)
        {
            // Another replica created the administrator first. Forget the failed insert, or the next save in
            // this scope (the UI client) would try it again.
            db.ChangeTracker.Clear();
            return;
        }

        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)))
            {
                return;
            }

            throw new FlowDocsConfigurationException(
                configured is null ? IdentitySettings.AdminEmailKey : IdentitySettings.AdminPasswordKey,
                string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        var roleIds = await db.Roles.Where(r => r.TenantId == tenantId && (r.Name == FlowDocsRoles.Admin || r.Name == FlowDocsRoles.Member))
            .Select(r => r.Id).ToListAsync(cancellationToken);
        db.UserRoles.AddRange(roleIds.Select(id => new IdentityUserRole<Guid> { UserId = admin.Id, RoleId = id }));
        await db.SaveChangesAsync(cancellationToken);

        if (configured is null)
        {
            LogGeneratedAdmin(logger, email, password, IdentitySettings.AdminPasswordKey);
        }
        else
        {
            LogConfiguredAdmin(logger, email);
        }
    }

    private async Task EnsureStudioClientAsync(CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = IdentitySettings.StudioClientId,
            DisplayName = "FlowDocs Studio",
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Roles,
                Permissions.Prefixes.Scope + IdentitySettings.ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in Uris(IdentitySettings.StudioRedirectUrisKey, "https://localhost:5001/signin-oidc"))
        {
            descriptor.RedirectUris.Add(uri);
        }

        foreach (var uri in Uris(IdentitySettings.StudioPostLogoutRedirectUrisKey, "https://localhost:5001/"))
        {
            descriptor.PostLogoutRedirectUris.Add(uri);
        }

        // Re-applied on every start so that changed redirect URIs in configuration take effect.
        var existing = await applications.FindByClientIdAsync(IdentitySettings.StudioClientId, cancellationToken);
        if (existing is not null)
        {
            try
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
            catch (OpenIddictExceptions.ConcurrencyException)
            {
                // Another replica applied the same configuration at the same moment; its update stands.
                db.ChangeTracker.Clear();
            }

            return;
        }

        try
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or OpenIddictExceptions.ValidationException)
        {
            // Another replica registered it first (OpenIddict's own uniqueness check may notice before the index does).
            db.ChangeTracker.Clear();
        }
    }

    private IEnumerable<Uri> Uris(string key, string fallback) =>
        configuration.GetString(key, fallback)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(raw => Uri.TryCreate(raw, UriKind.Absolute, out var uri)
                ? uri
                : throw new FlowDocsConfigurationException(key, $"'{raw}' is not valid; accepted values: absolute URLs separated by ';'"));

    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // A concurrent replica won the unique index; forget our copy and read theirs.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>A random password that satisfies the password rules (length, digit, upper, lower, symbol).</summary>
    internal static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20) + "aA1!";

    [LoggerMessage(LogLevel.Warning, "First start: created the administrator {Email} with the generated password {Password}. It is shown only this once; sign in and change it at /account/password, or set {Setting}.")]
    private static partial void LogGeneratedAdmin(ILogger logger, string email, string password, string setting);

    [LoggerMessage(LogLevel.Information, "First start: created the administrator {Email} with the configured password.")]
    private static partial void LogConfiguredAdmin(ILogger logger, string email);
}
