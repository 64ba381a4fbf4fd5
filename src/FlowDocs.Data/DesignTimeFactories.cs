using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlowDocs.Data;

// Used by `dotnet ef migrations add` only (see scripts/add-migration.sh); no database is contacted.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFlowDocsDbContext>
{
    public SqliteFlowDocsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFlowDocsDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class MySqlDesignTimeFactory : IDesignTimeDbContextFactory<MySqlFlowDocsDbContext>
{
    public MySqlFlowDocsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MySqlFlowDocsDbContext>().UseMySQL("Server=localhost;Database=flowdocs").Options);
}
