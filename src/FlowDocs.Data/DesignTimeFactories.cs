using FlowDocs.Common.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlowDocs.Data;

// Used by `dotnet ef migrations add` only (see scripts/add-migration.sh); no database is contacted.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFlowDocsDbContext>
{
    public SqliteFlowDocsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFlowDocsDbContext>().UseSqlite("Data Source=design.db").Options, new NoTenant());
}

internal sealed class MySqlDesignTimeFactory : IDesignTimeDbContextFactory<MySqlFlowDocsDbContext>
{
    public MySqlFlowDocsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MySqlFlowDocsDbContext>().UseMySQL("Server=localhost;Database=flowdocs").Options, new NoTenant());
}

internal sealed class NoTenant : ITenantContext
{
    public Guid? TenantId => null;

    public void Enter(Guid tenantId) => throw new NotSupportedException("Design-time contexts have no tenant.");
}
