using System.Linq.Expressions;
using FlowDocs.Common.Security;
using FlowDocs.Data.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlowDocs.Data;

/// <summary>
/// The one database of FlowDocs. Each provider has a derived context type so that each keeps its own
/// migrations (<see cref="SqliteFlowDocsDbContext"/>, <see cref="MySqlFlowDocsDbContext"/>); everything else
/// asks for this base type. Entity types and their configurations live in this assembly, one folder per
/// module; every <see cref="ITenantOwned"/> entity gets the tenant query filter.
/// It is also the store of ASP.NET Core Identity (users, roles), OpenIddict (applications, authorizations,
/// scopes, tokens; Guid keys) and the Data Protection key ring, which every web replica must share.
/// </summary>
public abstract class FlowDocsDbContext(DbContextOptions options, ITenantContext tenant)
    : IdentityDbContext<FlowDocsUser, FlowDocsRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The tenant this context reads and writes; null matches no tenant-owned row.</summary>
    public Guid? CurrentTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.UseOpenIddict<Guid>();
        builder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
        builder.ApplyConfigurationsFromAssembly(typeof(FlowDocsDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes()
                     .Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType) && e.BaseType is null))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
            builder.Entity(entity.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>().Where(e => e.State == EntityState.Added))
        {
            if (entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = CurrentTenantId
                    ?? throw new InvalidOperationException($"A {entry.Entity.GetType().Name} was added outside any tenant scope.");
            }
        }
    }

    // Builds e => e.TenantId == this.CurrentTenantId; EF evaluates the context property per query.
    private LambdaExpression TenantFilter(Type entityType)
    {
        var entity = Expression.Parameter(entityType, "e");
        var tenantId = Expression.Convert(Expression.Property(entity, nameof(ITenantOwned.TenantId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(tenantId, current), entity);
    }
}

public sealed class SqliteFlowDocsDbContext(DbContextOptions<SqliteFlowDocsDbContext> options, ITenantContext tenant)
    : FlowDocsDbContext(options, tenant)
{
    // SQLite cannot compare or order DateTimeOffset values; stored as sortable UTC ticks, every "due before",
    // "updated since" and "sort by date" query runs in the database on both providers.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class MySqlFlowDocsDbContext(DbContextOptions<MySqlFlowDocsDbContext> options, ITenantContext tenant)
    : FlowDocsDbContext(options, tenant)
{
    // Titles sort by their folded key (lower case, no accents) in code-point order, as SQLite compares text:
    // a binary collation keeps MySQL's own weights (which put '_' before letters, for one) out of the order.
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.Entity<Documents.Document>().Property(d => d.SortTitle).UseCollation("utf8mb4_bin");
    }
}
