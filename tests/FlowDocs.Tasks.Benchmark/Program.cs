// Inbox query benchmark: seeds MariaDB/MySQL with N tasks on M documents in one tenant (the worst case for
// the tenant filter), then times the inbox queries the API runs, through the same EF Core code, against a
// primary-key lookup measured in the same process as the baseline.
//   dotnet run -c Release --project tests/FlowDocs.Tasks.Benchmark -- [--tasks 1000000] [--documents 100000]
//       [--connection "Server=127.0.0.1;Port=3307;User ID=flowdocs;Password=flowdocs"] [--reseed] [--buffer-pool-mib 3072]
// The connection defaults to FLOWDOCS_TEST_MYSQL (set by `source scripts/test-services.sh start`).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.Benchmark;
using FlowDocs.Tasks.Inbox;
using FlowDocs.Tasks.TaskModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySql.Data.MySqlClient;

var options = BenchmarkOptions.Parse(args);
var connection = $"{options.Connection};Database={options.Database}";
var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    [DataModule.ProviderKey] = "MySql",
    [DataModule.ConnectionStringKey] = connection,
    ["Logging:LogLevel:Default"] = "Warning",
});
builder.AddData();
using var host = builder.Build();

await using (var admin = new MySqlConnection(options.Connection))
{
    await admin.OpenAsync();
    if (options.Reseed)
    {
        await Execute(admin, $"DROP DATABASE IF EXISTS `{options.Database}`");
    }

    await Execute(admin, $"CREATE DATABASE IF NOT EXISTS `{options.Database}`");
}

await host.Services.MigrateDatabaseAsync(CancellationToken.None);
var tenant = Guid.Parse("8d4c5d0e-0000-4000-8000-000000000001");
var random = new Random(42);
await using (var db = new MySqlConnection(connection))
{
    await db.OpenAsync();
    var existing = Convert.ToInt64(await Scalar(db, "SELECT COUNT(*) FROM UserTasks"), CultureInfo.InvariantCulture);
    if (existing != options.Tasks)
    {
        await Execute(db, "DELETE FROM UserTaskCandidates");
        await Execute(db, "DELETE FROM UserTasks");
        await Seed(db, options, tenant, random);
        await Execute(db, "ANALYZE TABLE UserTasks, UserTaskCandidates");
    }
    else
    {
        Console.WriteLine($"reusing {existing:N0} seeded tasks in {options.Database}");
    }
}

// Production-sized memory: RDS gives InnoDB about three quarters of the instance's memory, so a tenant's task
// tables (about 1.9 GB at 1 M tasks) live in the buffer pool; the test suite's MariaDB starts with 256 MiB.
// Then every index is read once, so the timings measure the queries rather than the first disk reads.
await using (var db = new MySqlConnection(connection))
{
    await db.OpenAsync();
    await Execute(db, $"SET GLOBAL innodb_buffer_pool_size = {options.BufferPoolMiB * 1024L * 1024L}");
    var pool = Convert.ToInt64(await Scalar(db, "SELECT @@innodb_buffer_pool_size"), CultureInfo.InvariantCulture);
    Console.WriteLine($"InnoDB buffer pool: {pool / 1048576:N0} MiB");
    foreach (var table in new[] { "UserTasks", "UserTaskCandidates" })
    {
        await Scalar(db, $"SELECT SUM(LENGTH(Id)) FROM {table}");
        var indexes = new List<string>();
        await using (var command = new MySqlCommand($"SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND INDEX_NAME <> 'PRIMARY'", db))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        foreach (var index in indexes)
        {
            await Scalar(db, $"SELECT COUNT(*) FROM {table} FORCE INDEX (`{index}`)");
        }
    }
}

var now = DateTimeOffset.UtcNow;
var taskIds = await SampleTaskIds(connection, 500);
var results = new List<(string Name, double P50, double P99)>();
results.Add(await Measure("baseline: task by id", options.Iterations, async (db, i) =>
    await db.Set<UserTask>().Include(t => t.Candidates).FirstOrDefaultAsync(t => t.Id == taskIds[i % taskIds.Count])));
foreach (var view in Enum.GetValues<InboxView>())
{
    foreach (var sort in new[] { TaskSort.Due, TaskSort.Priority })
    {
        results.Add(await Measure($"inbox {view}, sort {sort}", options.Iterations, async (db, i) =>
        {
            var user = BenchmarkUser.Pick(i, options);
            var filter = new InboxFilter(view, null, null, null, sort);
            var page = await InboxEndpoint.ReadPageAsync(db, filter, user, now, new PageRequest(1, PageRequest.DefaultSize), CancellationToken.None);
            await TaskListing.LoadCandidatesAsync(db, page, CancellationToken.None);
            return page;
        }));
    }
}

results.Add(await Measure("document's tasks", options.Iterations, async (db, i) =>
{
    var page = await db.Set<UserTask>().Where(t => t.DocumentId == BenchmarkUser.Document(i, options)).Sorted(TaskSort.Created).Take(51).ToListAsync();
    await TaskListing.LoadCandidatesAsync(db, page, CancellationToken.None);
    return page;
}));

var baseline = results[0];
Console.WriteLine();
Console.WriteLine($"{options.Tasks:N0} tasks, {options.Documents:N0} documents, {options.Users:N0} users, {options.Iterations} queries each");
Console.WriteLine($"{"query",-34} {"p50 ms",8} {"p99 ms",8} {"p99 / baseline",15}");
foreach (var (name, p50, p99) in results)
{
    Console.WriteLine($"{name,-34} {p50,8:F2} {p99,8:F2} {p99 / baseline.P99,14:F1}x");
}

var worst = results.Skip(1).Max(r => r.P99);
Console.WriteLine($"worst inbox p99: {worst:F2} ms (target < 50 ms): {(worst < 50 ? "met" : "NOT met")}");
return worst < 50 ? 0 : 1;

async Task<(string, double, double)> Measure(string name, int iterations, Func<FlowDocsDbContext, int, Task<object?>> query)
{
    var timings = new double[iterations];
    for (var i = -20; i < iterations; i++)
    {
        using var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant);
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var started = Stopwatch.GetTimestamp();
        _ = await query(db, Math.Abs(i));
        if (i >= 0)
        {
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    Array.Sort(timings);
    var result = (name, timings[iterations / 2], timings[Math.Min(iterations - 1, (int)Math.Ceiling(iterations * 0.99) - 1)]);
    Console.WriteLine($"  {name}: p50 {result.Item2:F2} ms, p99 {result.Item3:F2} ms");
    return result;
}

static async Task Seed(MySqlConnection db, BenchmarkOptions options, Guid tenant, Random random)
{
    const int batch = 4000;
    var statuses = new[] { "Completed", "Completed", "Completed", "Completed", "Completed", "Completed", "Claimed", "Claimed", "Open", "Cancelled" };
    var started = Stopwatch.GetTimestamp();
    var seedNow = DateTime.UtcNow;
    var noDueDate = $"{UserTaskCandidate.NoDueDate.UtcDateTime:yyyy-MM-dd HH:mm:ss}";
    // Time-ordered ids (as the application's own), so the primary keys grow at their end instead of splitting
    // pages all over the index; batches go in as one transaction each.
    await Execute(db, "SET SESSION unique_checks = 0, foreign_key_checks = 0");
    for (var offset = 0; offset < options.Tasks; offset += batch)
    {
        var tasks = new StringBuilder("INSERT INTO UserTasks (Id, TenantId, DocumentId, DocumentVersionId, DocumentVersionNumber, Title, Assignee, Status, Priority, DueAt, Outcomes, CreatedBy, CreatedAt, UpdatedAt, ConcurrencyStamp) VALUES ");
        var candidates = new StringBuilder("INSERT INTO UserTaskCandidates (Id, TenantId, TaskId, Kind, Value, `Key`, IsOffered, DueSort, Priority) VALUES ");
        var anyCandidate = false;
        for (var n = offset; n < Math.Min(options.Tasks, offset + batch); n++)
        {
            var id = Guid.CreateVersion7();
            var status = statuses[random.Next(statuses.Length)];
            var offered = random.Next(10) < 4;
            string? assignee = status == "Open" && offered ? null : BenchmarkUser.Name(random.Next(options.Users));
            string? due = random.Next(4) == 0 ? null : $"{seedNow.AddHours(random.Next(-24 * 30, 24 * 30)):yyyy-MM-dd HH:mm:ss}";
            var priority = random.Next(4);
            var created = seedNow.AddMinutes(-n % 500_000);
            tasks.Append(n == offset ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $"('{id}','{tenant}','{BenchmarkUser.DocumentId(random.Next(options.Documents))}','{Guid.NewGuid()}',1,'Review {n}',")
                .Append(assignee is null ? "NULL" : $"'{assignee}'")
                .Append(CultureInfo.InvariantCulture, $",'{status}',{priority},{(due is null ? "NULL" : $"'{due}'")},'[\"Approve\",\"Reject\"]','{BenchmarkUser.Name(random.Next(options.Users))}','{created:yyyy-MM-dd HH:mm:ss}','{created:yyyy-MM-dd HH:mm:ss}','{Guid.NewGuid()}')");
            if (offered)
            {
                var role = BenchmarkUser.Role(random.Next(options.Roles));
                candidates.Append(anyCandidate ? "," : string.Empty)
                    .Append(CultureInfo.InvariantCulture, $"('{Guid.CreateVersion7()}','{tenant}','{id}','Role','{role}','role:{role}',{(assignee is null ? 1 : 0)},'{due ?? noDueDate}',{priority})");
                anyCandidate = true;
            }
        }

        await Execute(db, "START TRANSACTION");
        await Execute(db, tasks.ToString());
        if (anyCandidate)
        {
            await Execute(db, candidates.ToString());
        }

        await Execute(db, "COMMIT");

        var done = Math.Min(options.Tasks, offset + batch);
        if (done % 100_000 < batch || done == options.Tasks)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"seeded {done:N0} / {options.Tasks:N0} tasks ({done / elapsed:N0} rows/s)");
        }
    }
}

static async Task<List<Guid>> SampleTaskIds(string connection, int count)
{
    await using var db = new MySqlConnection(connection);
    await db.OpenAsync();
    await using var command = new MySqlCommand($"SELECT Id FROM UserTasks ORDER BY RAND() LIMIT {count}", db);
    await using var reader = await command.ExecuteReaderAsync();
    var ids = new List<Guid>();
    while (await reader.ReadAsync())
    {
        ids.Add(reader.GetGuid(0));
    }

    return ids;
}

static async Task Execute(MySqlConnection db, string sql)
{
    await using var command = new MySqlCommand(sql, db) { CommandTimeout = 600 };
    await command.ExecuteNonQueryAsync();
}

static async Task<object?> Scalar(MySqlConnection db, string sql)
{
    await using var command = new MySqlCommand(sql, db) { CommandTimeout = 600 };
    return await command.ExecuteScalarAsync();
}
