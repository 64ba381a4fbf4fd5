using System.Globalization;
using FlowDocs.Common.Security;

namespace FlowDocs.Tasks.Benchmark;

internal sealed record BenchmarkOptions(string Connection, string Database, int Tasks, int Documents, int Users, int Roles, int Iterations, bool Reseed, int BufferPoolMiB)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var connection = Value("--connection") ?? Environment.GetEnvironmentVariable("FLOWDOCS_TEST_MYSQL")
            ?? throw new InvalidOperationException("Give --connection or set FLOWDOCS_TEST_MYSQL (source scripts/test-services.sh start).");
        return new BenchmarkOptions(
            connection,
            Value("--database") ?? "flowdocs_bench_tasks",
            Number("--tasks", 1_000_000),
            Number("--documents", 100_000),
            Number("--users", 2_000),
            Number("--roles", 20),
            Number("--iterations", 300),
            args.Contains("--reseed"),
            Number("--buffer-pool-mib", 3072));
    }
}

/// <summary>The caller of a benchmark query: user i of the seeded population with two of the seeded roles.</summary>
internal sealed class BenchmarkUser(string userId, string[] roles) : ICurrentUser
{
    public bool IsAuthenticated => true;

    public Guid TenantId => Guid.Empty;

    public string UserId => userId;

    public string? DisplayName => userId;

    public IReadOnlyCollection<string> Roles => roles;

    public bool IsInRole(string role) => roles.Contains(role, StringComparer.Ordinal);

    public static string Name(int i) => $"user-{i:D5}";

    public static string Role(int i) => $"role-{i:D2}";

    public static Guid DocumentId(int i) => new(i, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);

    public static Guid Document(int i, BenchmarkOptions options) => DocumentId((i * 7919) % options.Documents);

    public static BenchmarkUser Pick(int i, BenchmarkOptions options) =>
        new(Name((i * 104_729) % options.Users), [Role(i % options.Roles), Role((i + 1) % options.Roles)]);
}
