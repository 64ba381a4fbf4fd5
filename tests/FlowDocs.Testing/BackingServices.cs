using Xunit;

namespace FlowDocs.Testing;

/// <summary>
/// Addresses of the tests' backing services (MySQL, Redis, S3), chosen in one place
/// (<see cref="BackingServiceSelection"/>): when a Docker engine answers, throw-away containers started by
/// Testcontainers; otherwise the real servers started by <c>scripts/test-services.sh</c> (MariaDB, Redis,
/// S3 emulator), whose addresses come in FLOWDOCS_TEST_*. Without them a test is skipped on a developer
/// machine, and fails when CI=true: CI must never go green because a service did not start.
/// </summary>
public static class BackingServices
{
    private static readonly Lazy<BackingServiceSource> source = new(() => BackingServiceSelection.Select(
        Environment.GetEnvironmentVariable,
        () => BackingServiceSelection.DockerAnswers(Environment.GetEnvironmentVariable("DOCKER_HOST"), TimeSpan.FromSeconds(2))));

    /// <summary>Where this test process's backing services come from (decided on first use).</summary>
    public static BackingServiceSource Source => source.Value;

    public static string MySql => Source == BackingServiceSource.Containers
        ? TestContainers.MySql
        : Require("FLOWDOCS_TEST_MYSQL", "MariaDB/MySQL");

    /// <summary>
    /// The connection string of one test's own database. Pooling is off: MySql.Data's idle-connection timer
    /// enumerates its pool dictionary while another thread may add a pool (they take different locks), and the
    /// timer's <c>async void</c> callback then crashes the process ("Collection was modified" in
    /// <c>MySqlPoolManager.CleanIdleConnections</c>). A server has one connection string, so it adds its pool
    /// once; tests add one per database, all through the run, which made that race end a CI run.
    /// </summary>
    public static string MySqlDatabase(string database) => $"{MySql};Database={database};Pooling=false";

    public static string Redis => Source == BackingServiceSource.Containers
        ? TestContainers.Redis
        : Require("FLOWDOCS_TEST_REDIS", "Redis");

    public static Uri S3 => Source == BackingServiceSource.Containers
        ? TestContainers.S3
        : new(Require("FLOWDOCS_TEST_S3", "the S3 emulator"));

    public static string S3Bucket => Source == BackingServiceSource.Containers
        ? TestContainers.Bucket
        : Environment.GetEnvironmentVariable("FLOWDOCS_TEST_S3_BUCKET") ?? "flowdocs-test";

    public const string S3AccessKey = "S3RVER";

    public const string S3SecretKey = "S3RVER";

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var message = $"{variable} is not set: {what} is not running. Run ./test.sh, or `source scripts/test-services.sh start` first.";
        if (IsCi)
        {
            throw new InvalidOperationException(message);
        }

        Assert.Skip(message);
        return string.Empty;
    }
}
