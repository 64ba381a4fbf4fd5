using FlowDocs.Common;
using FlowDocs.Common.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySql.Data.MySqlClient;

namespace FlowDocs.Data;

public static class DataModule
{
    public const string ProviderKey = Settings.Root + ":Database:Provider";
    public const string ConnectionStringKey = Settings.Root + ":Database:ConnectionString";
    public const string MigrateOnStartupKey = Settings.Root + ":Database:MigrateOnStartup";

    /// <summary>
    /// Registers <see cref="FlowDocsDbContext"/> on SQLite (embedded default, a file under the data folder)
    /// or MySQL, and its readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var provider = configuration.GetEnum(ProviderKey, DatabaseProvider.Sqlite);
        var settings = new DatabaseSettings(provider, configuration.GetBool(MigrateOnStartupKey, true));
        builder.Services.AddSingleton(settings);
        builder.Services.AddCurrentUser();

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                builder.RefuseEmbeddedInProduction(ProviderKey, "Sqlite", "MySql");
                var sqlite = SqliteConnectionString(builder);
                builder.Services.AddDbContext<FlowDocsDbContext, SqliteFlowDocsDbContext>(o => o.UseSqlite(sqlite).ConfigureWarnings(DemoteDuplicateErrors));
                break;
            case DatabaseProvider.MySql:
                var mysql = configuration.GetRequired(ConnectionStringKey, "a MySQL connection string, e.g. Server=db;Database=flowdocs;User ID=flowdocs;Password=...");
                try
                {
                    _ = new MySqlConnectionStringBuilder(mysql);
                }
                catch (ArgumentException ex)
                {
                    throw new FlowDocsConfigurationException(ConnectionStringKey, $"is not a valid MySQL connection string ({ex.Message.ReplaceLineEndings(" ")})");
                }

                builder.Services.AddDbContext<FlowDocsDbContext, MySqlFlowDocsDbContext>(o => o.UseMySQL(mysql)
                    .AddInterceptors(new MigrationLockInterceptor(), new PortableDeleteInterceptor()).ConfigureWarnings(DemoteDuplicateErrors));
                break;
            default:
                throw new FlowDocsConfigurationException(ProviderKey, $"'{provider}' is not supported");
        }

        builder.Services.AddHealthChecks().AddDbContextCheck<FlowDocsDbContext>("database", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>
    /// EF logs a lost connection or a failed query as an Error before the exception reaches its caller; the caller
    /// (the host's exception handler, a job) knows whether it was a fault or an outage and logs it once, at the
    /// level it deserves. SQL errors (<c>CommandError</c>) stay Errors.
    /// </summary>
    private static void DemoteDuplicateErrors(WarningsConfigurationBuilder warnings) => warnings.Log(
        (RelationalEventId.ConnectionError, LogLevel.Warning),
        (CoreEventId.QueryIterationFailed, LogLevel.Warning),
        (CoreEventId.SaveChangesFailed, LogLevel.Warning));

    private static string SqliteConnectionString(IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetOptional(ConnectionStringKey);
        if (configured is not null)
        {
            return configured;
        }

        var dataPath = builder.DataPath();
        Directory.CreateDirectory(dataPath);
        // Private cache (the default), not shared: in shared-cache mode SQLite locks whole tables, so concurrent
        // writers of one table starve each other's reads until the command times out (50 racing task
        // completions ended in 500s). With WAL, readers never wait and writers queue on the busy timeout.
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataPath, "flowdocs.db"),
        }.ToString();
    }

    /// <summary>Applies pending migrations; the <c>migrate</c> command and (by default) start-up call it.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

public sealed record DatabaseSettings(DatabaseProvider Provider, bool MigrateOnStartup);
