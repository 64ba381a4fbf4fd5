using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.MySql;
using Testcontainers.Redis;

namespace FlowDocs.Testing;

/// <summary>
/// The backing services as throw-away containers (BackingServiceSource.Containers): started on first use,
/// once per test process, and removed by Testcontainers' reaper when the process ends. The same shapes as
/// the native servers: a MySQL login that may create databases, Redis without a password, an S3 API that
/// accepts the emulator's keys and already has the bucket.
/// </summary>
internal static class TestContainers
{
    /// <summary>The MySQL version RDS runs (EngineVersion in deploy/cloudformation/environment.yaml).</summary>
    public const string MySqlImage = "mysql:8.4.7";

    /// <summary>The Redis major.minor ElastiCache runs (EngineVersion in deploy/cloudformation/environment.yaml).</summary>
    public const string RedisImage = "redis:7.2";

    /// <summary>An S3-compatible server that accepts any keys and creates the initial buckets itself.</summary>
    public const string S3Image = "adobe/s3mock:3.12.0";

    public const string Bucket = "flowdocs-test";

    private const string MySqlPassword = "flowdocs";

    private static readonly Lazy<string> mySql = new(() =>
    {
        var container = new MySqlBuilder(MySqlImage).WithUsername("root").WithPassword(MySqlPassword).Build();
        Start(container);
        return $"Server={container.Hostname};Port={container.GetMappedPublicPort(3306)};User ID=root;Password={MySqlPassword};SslMode=Disabled;AllowPublicKeyRetrieval=true";
    });

    private static readonly Lazy<string> redis = new(() =>
    {
        var container = new RedisBuilder(RedisImage).Build();
        Start(container);
        return container.GetConnectionString();
    });

    private static readonly Lazy<Uri> s3 = new(() =>
    {
        var container = new ContainerBuilder(S3Image)
            .WithPortBinding(9090, true)
            .WithEnvironment("initialBuckets", Bucket)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(9090).ForPath("/")))
            .Build();
        Start(container);
        return new UriBuilder("http", container.Hostname, container.GetMappedPublicPort(9090)).Uri;
    });

    public static string MySql => mySql.Value;

    public static string Redis => redis.Value;

    public static Uri S3 => s3.Value;

    private static void Start(IContainer container)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        container.StartAsync(timeout.Token).GetAwaiter().GetResult();
    }
}
