using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Data;

/// <summary>
/// The one database of FlowDocs. Each provider has a derived context type so that each keeps its own
/// migrations (<see cref="SqliteFlowDocsDbContext"/>, <see cref="MySqlFlowDocsDbContext"/>); everything else
/// asks for this base type.
/// </summary>
public abstract class FlowDocsDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FlowDocsDbContext).Assembly);
    }
}

public sealed class SqliteFlowDocsDbContext(DbContextOptions<SqliteFlowDocsDbContext> options) : FlowDocsDbContext(options);

public sealed class MySqlFlowDocsDbContext(DbContextOptions<MySqlFlowDocsDbContext> options) : FlowDocsDbContext(options);
