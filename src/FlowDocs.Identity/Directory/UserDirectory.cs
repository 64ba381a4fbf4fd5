using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Identity.Directory;

/// <summary>Answers other modules' "who is in this tenant" questions from the Identity tables.</summary>
internal sealed class UserDirectory(FlowDocsDbContext db, ITenantContext tenant) : IUserDirectory
{
    public async Task<bool> IsActiveUserAsync(string userId, CancellationToken cancellationToken)
    {
        // Only the id's own spelling (what a token's subject carries): callers compare user ids as strings, so
        // " ID ", "{id}" or upper case would name a user nobody ever is.
        if (tenant.TenantId is not { } tenantId || !Guid.TryParse(userId, out var id) || !string.Equals(id.ToString(), userId, StringComparison.Ordinal))
        {
            return false;
        }

        return await db.Set<FlowDocsUser>().AsNoTracking()
            .AnyAsync(u => u.Id == id && u.TenantId == tenantId && u.Enabled, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> UsersInRoleAsync(string role, CancellationToken cancellationToken)
    {
        if (tenant.TenantId is not { } tenantId || string.IsNullOrWhiteSpace(role))
        {
            return [];
        }

        var normalized = role.Trim().ToUpperInvariant();
        var ids = await (
            from r in db.Set<FlowDocsRole>().AsNoTracking()
            where r.TenantId == tenantId && r.NormalizedName == normalized
            join ur in db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<Guid>>() on r.Id equals ur.RoleId
            join u in db.Set<FlowDocsUser>() on ur.UserId equals u.Id
            where u.TenantId == tenantId && u.Enabled
            orderby u.Id
            select u.Id).ToListAsync(cancellationToken);
        return [.. ids.Select(id => id.ToString())];
    }
}
