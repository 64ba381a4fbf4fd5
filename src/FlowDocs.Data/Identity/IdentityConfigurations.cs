using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenIddict.EntityFrameworkCore.Models;

namespace FlowDocs.Data.Identity;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("Tenants");
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class FlowDocsUserConfiguration : IEntityTypeConfiguration<FlowDocsUser>
{
    public void Configure(EntityTypeBuilder<FlowDocsUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.HasIndex(u => u.TenantId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FlowDocsRoleConfiguration : IEntityTypeConfiguration<FlowDocsRole>
{
    public void Configure(EntityTypeBuilder<FlowDocsRole> builder)
    {
        // Role names are unique per tenant, not globally: every tenant has its own Admin, Reviewer, ...
        builder.HasIndex(r => r.NormalizedName).HasDatabaseName("RoleNameIndex").IsUnique(false);
        builder.HasIndex(r => new { r.TenantId, r.NormalizedName }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceClientConfiguration : IEntityTypeConfiguration<ServiceClient>
{
    public void Configure(EntityTypeBuilder<ServiceClient> builder)
    {
        builder.ToTable("ServiceClients");
        builder.Property(c => c.ClientId).HasMaxLength(100);
        builder.Property(c => c.DisplayName).HasMaxLength(200);
        // Stored as one comma-separated column: role names cannot contain commas (see role validation), and
        // not every provider maps primitive collections.
        builder.Property(c => c.Roles).HasMaxLength(2000).HasConversion(
            roles => string.Join(',', roles),
            column => column.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
            new ValueComparer<List<string>>(
                (a, b) => a!.SequenceEqual(b!),
                roles => roles.Aggregate(0, (hash, role) => HashCode.Combine(hash, role.GetHashCode(StringComparison.Ordinal))),
                roles => roles.ToList()));
        builder.HasIndex(c => c.ClientId).IsUnique();
    }
}

// MySQL limits an index to 3,072 bytes; OpenIddict's (application, status, subject, type) indexes overflow with
// utf8mb4 at the default 400-character subject. Subjects here are user ids and client ids, far below 191.
internal sealed class OpenIddictTokenConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreToken<Guid>>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreToken<Guid>> builder) =>
        builder.Property(t => t.Subject).HasMaxLength(191);
}

internal sealed class OpenIddictAuthorizationConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreAuthorization<Guid>>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreAuthorization<Guid>> builder) =>
        builder.Property(a => a.Subject).HasMaxLength(191);
}
