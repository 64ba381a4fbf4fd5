using FlowDocs.Common;
using FlowDocs.Data;
using FlowDocs.Documents;
using FlowDocs.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FlowDocs.Server.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("flowdocs-config-").FullName;

    public void Dispose() => Directory.Delete(_workDir, recursive: true);

    [Fact]
    public async Task Unknown_provider_stops_startup_with_one_line_naming_setting_and_accepted_values()
    {
        var (exitCode, _, stderr) = await ServerProcess.RunAsync(_workDir, new Dictionary<string, string>
        {
            ["FlowDocs__Database__Provider"] = "Oracle",
        });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal("Configuration error: FlowDocs:Database:Provider: 'Oracle' is not valid; accepted values: Sqlite, MySql", line);
    }

    [Fact]
    public async Task Production_refuses_embedded_stores_unless_allowed()
    {
        var refused = await ServerProcess.RunAsync(_workDir, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });

        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Configuration error: FlowDocs:Database:Provider: 'Sqlite' is an embedded store and is refused in Production; accepted values: MySql", line, StringComparison.Ordinal);
        Assert.Contains("FlowDocs:AllowEmbeddedStores=true", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_command_creates_the_schema_and_exits()
    {
        var (exitCode, stdout, stderr) = await ServerProcess.RunAsync(_workDir, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["FlowDocs__DataPath"] = Path.Combine(_workDir, "data"),
        }, "migrate");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        Assert.Contains("Database is up to date", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_workDir, "data", "flowdocs.db")));
    }

    [Fact]
    public void MySql_without_connection_string_names_the_missing_setting()
    {
        var error = Assert.Throws<FlowDocsConfigurationException>(() => Build(b => b.AddData(), ("FlowDocs:Database:Provider", "MySql")));

        Assert.Equal("FlowDocs:Database:ConnectionString", error.Setting);
        Assert.StartsWith("Configuration error: FlowDocs:Database:ConnectionString: is required", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "FlowDocs:Database:Provider", "Oracle", "accepted values: Sqlite, MySql" },
        { "FlowDocs:Database:MigrateOnStartup", "yes", "accepted values: true, false" },
        { "FlowDocs:Jobs:Provider", "Kafka", "accepted values: Sqlite, Redis, InMemory" },
        { "FlowDocs:Jobs:Provider", "1", "accepted values: Sqlite, Redis, InMemory" },
        { "FlowDocs:Jobs:WorkerCount", "0", "a whole number from 1 to 256" },
        { "FlowDocs:Blobs:Provider", "Azure", "accepted values: FileSystem, S3" },
        { "FlowDocs:Role", "scheduler", "accepted values: All, Web, Worker" },
        { "FlowDocs:Telemetry:OtlpEndpoint", "collector:4317", "an absolute http(s) URL" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Each_bad_setting_is_named(string key, string value, string accepted)
    {
        var error = Assert.Throws<FlowDocsConfigurationException>(() => Build(AddAll, (key, value)));

        Assert.Equal(key, error.Setting);
        Assert.Contains(accepted, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("FlowDocs:Jobs:Provider", "Redis", "FlowDocs:Jobs:ConnectionString")]
    [InlineData("FlowDocs:Blobs:Provider", "S3", "FlowDocs:Blobs:S3:Bucket")]
    public void Production_stores_require_their_connection_settings(string key, string value, string missing)
    {
        var error = Assert.Throws<FlowDocsConfigurationException>(() => Build(AddAll, (key, value)));

        Assert.Equal(missing, error.Setting);
    }

    [Theory]
    [InlineData("FlowDocs:Jobs:Provider", "Sqlite", "Redis")]
    [InlineData("FlowDocs:Jobs:Provider", "InMemory", "Redis")]
    [InlineData("FlowDocs:Blobs:Provider", "FileSystem", "S3")]
    public void Production_refuses_each_embedded_store(string key, string value, string production)
    {
        Action<WebApplicationBuilder> add = key.StartsWith("FlowDocs:Blobs", StringComparison.Ordinal) ? b => b.AddDocuments() : b => b.AddJobs();

        var error = Assert.Throws<FlowDocsConfigurationException>(() => Build(add, "Production", (key, value)));

        Assert.Equal(key, error.Setting);
        Assert.Contains($"accepted values: {production}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_runs_embedded_stores_when_explicitly_allowed()
    {
        var app = Build(AddAll, "Production", ("FlowDocs:AllowEmbeddedStores", "true"));

        Assert.NotNull(app.Services.GetService<FlowDocs.Documents.Blobs.IBlobStore>());
    }

    [Fact]
    public void Otlp_endpoint_switches_on_tracing_and_metrics()
    {
        var app = Build(AddAll, ("FlowDocs:Telemetry:OtlpEndpoint", "http://127.0.0.1:4317"));

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void An_unknown_otlp_protocol_is_named_with_the_accepted_values()
    {
        var error = Assert.Throws<FlowDocsConfigurationException>(() => Build(
            AddAll, ("FlowDocs:Telemetry:OtlpEndpoint", "http://127.0.0.1:4318"), ("FlowDocs:Telemetry:OtlpProtocol", "udp")));

        Assert.Equal("FlowDocs:Telemetry:OtlpProtocol", error.Setting);
        Assert.Contains("accepted values: grpc, http/protobuf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_otlp_endpoint_no_telemetry_pipeline_runs()
    {
        var app = Build(AddAll);

        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    private static void AddAll(WebApplicationBuilder builder)
    {
        builder.AddHost();
        builder.AddData();
        builder.AddJobs();
        builder.AddDocuments();
        // The documents module asks the identity module's directory about owners; identity is not part of this host.
        builder.Services.AddSingleton<FlowDocs.Common.Security.IUserDirectory, NoUsers>();
    }

    private sealed class NoUsers : FlowDocs.Common.Security.IUserDirectory
    {
        public Task<bool> IsActiveUserAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<IReadOnlyList<string>> UsersInRoleAsync(string role, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([]);
    }

    private WebApplication Build(Action<WebApplicationBuilder> add, params (string Key, string Value)[] settings) =>
        Build(add, "Development", settings);

    private WebApplication Build(Action<WebApplicationBuilder> add, string environment, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = _workDir });
        builder.Configuration.AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))
                .Append(KeyValuePair.Create("FlowDocs:DataPath", (string?)Path.Combine(_workDir, "data"))));
        add(builder);
        return builder.Build();
    }
}
