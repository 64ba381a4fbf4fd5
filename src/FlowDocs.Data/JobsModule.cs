using FlowDocs.Common;
using FlowDocs.Data.Events;
using FlowDocs.Data.RecurringJobs;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace FlowDocs.Data;

public static class JobsModule
{
    public const string ProviderKey = Settings.Root + ":Jobs:Provider";
    public const string ConnectionStringKey = Settings.Root + ":Jobs:ConnectionString";
    public const string PrefixKey = Settings.Root + ":Jobs:Prefix";
    public const string WorkerCountKey = Settings.Root + ":Jobs:WorkerCount";

    /// <summary>
    /// Hangfire client everywhere (the web role enqueues), Hangfire server only in the worker role.
    /// Storage: SQLite file (embedded default), Redis (production) or in-memory (tests, throw-away runs).
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var provider = configuration.GetEnum(ProviderKey, JobStorageProvider.Sqlite);

        // Hangfire's log provider is static: a host that ran in this process before (tests, benchmarks) leaves it on its
        // disposed logger factory, and storage constructors log through it. Back to Hangfire's default until AddHangfire
        // below installs this host's.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        var storage = CreateStorage(builder, provider);

        builder.Services.AddSingleton(storage);
        builder.Services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage));

        if (builder.GetServerRole().RunsWorker())
        {
            var workers = (int)configuration.GetInt64(WorkerCountKey, Math.Max(Environment.ProcessorCount * 4, 8), 1, 256);
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = workers;
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        builder.Services.AddHealthChecks().AddCheck<JobStorageHealthCheck>("jobs", tags: [HealthTags.Ready]);
        builder.Services.AddRecurringJobGuard();
        builder.Services.AddEventOutbox();
        return builder;
    }

    private static JobStorage CreateStorage(IHostApplicationBuilder builder, JobStorageProvider provider)
    {
        var configuration = builder.Configuration;
        switch (provider)
        {
            case JobStorageProvider.Sqlite:
                builder.RefuseEmbeddedInProduction(ProviderKey, "Sqlite", "Redis");
                var path = configuration.GetOptional(ConnectionStringKey);
                if (path is null)
                {
                    var dataPath = builder.DataPath();
                    Directory.CreateDirectory(dataPath);
                    path = Path.Combine(dataPath, "jobs.db");
                }

                // One laptop, one process: poll the queue every second so a workflow continues right after a task completes
                // (the storage's default waits many seconds between polls).
                return new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
            case JobStorageProvider.InMemory:
                builder.RefuseEmbeddedInProduction(ProviderKey, "InMemory", "Redis");
                return new Hangfire.InMemory.InMemoryStorage();
            case JobStorageProvider.Redis:
                var connection = configuration.GetRequired(ConnectionStringKey, "a Redis connection string, e.g. redis:6379,password=...");
                ConfigurationOptions options;
                try
                {
                    options = ConfigurationOptions.Parse(connection);
                }
                catch (ArgumentException ex)
                {
                    throw new FlowDocsConfigurationException(ConnectionStringKey, $"is not a valid Redis connection string ({ex.Message.ReplaceLineEndings(" ")})");
                }

                // Keep retrying in the background rather than failing start-up: readiness reports the outage.
                options.AbortOnConnectFail = false;
                var multiplexer = ConnectionMultiplexer.Connect(options);
                return new RedisStorage(multiplexer, new RedisStorageOptions
                {
                    Prefix = configuration.GetString(PrefixKey, "{flowdocs}:"),
                });
            default:
                throw new FlowDocsConfigurationException(ProviderKey, $"'{provider}' is not supported");
        }
    }
}

/// <summary>Readiness: one round trip to the job storage.</summary>
internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            _ = connection.GetAllItemsFromSet("flowdocs:health");
            return Task.FromResult(HealthCheckResult.Healthy(storage.GetType().Name));
        }
#pragma warning disable CA1031 // A health check reports every failure instead of throwing.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"{storage.GetType().Name} is unreachable", ex));
        }
    }
}
