using System.Diagnostics;
using FlowDocs.Testing;
using Hangfire;
using Hangfire.Redis.StackExchange;
using MySql.Data.MySqlClient;
using StackExchange.Redis;

namespace FlowDocs.Server.Tests;

/// <summary>
/// The production shape of deploy/k8s, with real processes: worker processes of the built server share one
/// Redis queue, and a worker stopped as Kubernetes stops a pod (SIGTERM) loses no job.
/// </summary>
public sealed class ScaleOutTests
{
    private const int JobCount = 48;

    [Fact]
    public async Task Two_worker_processes_share_the_queue_and_a_stopped_worker_loses_no_job()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid().ToString("N")[..12];
        var prefix = $"{{flowdocs-scale-{id}}}:";
        var database = $"flowdocs_scale_{id}";
        var workDir = Directory.CreateTempSubdirectory("flowdocs-scale-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["FlowDocs__Role"] = "Worker",
            ["FlowDocs__DataPath"] = workDir,
            ["FlowDocs__Database__Provider"] = "MySql",
            ["FlowDocs__Database__ConnectionString"] = $"{BackingServices.MySql};Database={database}",
            ["FlowDocs__Database__MigrateOnStartup"] = "false",
            ["FlowDocs__Jobs__Provider"] = "Redis",
            ["FlowDocs__Jobs__ConnectionString"] = BackingServices.Redis,
            ["FlowDocs__Jobs__Prefix"] = prefix,
            ["FlowDocs__Jobs__WorkerCount"] = "4",
            ["FlowDocs__Blobs__Provider"] = "S3",
            ["FlowDocs__Blobs__S3__ServiceUrl"] = BackingServices.S3.ToString(),
            ["FlowDocs__Blobs__S3__Bucket"] = BackingServices.S3Bucket,
            ["FlowDocs__Blobs__S3__Prefix"] = $"scale-{id}/",
            ["FlowDocs__Blobs__S3__AccessKey"] = BackingServices.S3AccessKey,
            ["FlowDocs__Blobs__S3__SecretKey"] = BackingServices.S3SecretKey,
            ["FlowDocs__Identity__SigningCertificate__Base64"] = TestCertificates.SigningBase64,
            ["FlowDocs__Identity__SigningCertificate__Password"] = TestCertificates.Password,
            ["FlowDocs__Identity__EncryptionCertificate__Base64"] = TestCertificates.EncryptionBase64,
            ["FlowDocs__Identity__EncryptionCertificate__Password"] = TestCertificates.Password,
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        await using var redis = await ConnectionMultiplexer.ConnectAsync(BackingServices.Redis);
        var workers = new List<Process>();
        try
        {
            // As the Kubernetes migration Job does, before any worker starts.
            var migrate = await ServerProcess.RunAsync(workDir, environment, "migrate");
            Assert.True(migrate.ExitCode == 0, migrate.StdOut + migrate.StdErr);
            workers.Add(StartWorker(workDir, environment));
            workers.Add(StartWorker(workDir, environment));
            await WaitForAsync(async () => await redis.GetDatabase().SetLengthAsync($"{prefix}servers") == 2, "two Hangfire servers", ct);

            var storage = new RedisStorage(redis, new RedisStorageOptions { Prefix = prefix });
            var client = new BackgroundJobClient(storage);
            var jobs = Enumerable.Range(0, JobCount).Select(_ => client.Enqueue(() => Thread.Sleep(250))).ToList();
            var monitor = storage.GetMonitoringApi();
            await WaitForAsync(() => Task.FromResult(monitor.SucceededListCount() >= 8), "the first jobs", ct);

            // SIGTERM, as the kubelet stops a pod: the worker finishes or hands back what it is running.
            var stopped = workers[1];
            using (var kill = Process.Start("kill", ["-TERM", stopped.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(ct);
            }

            await stopped.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            await WaitForAsync(() => Task.FromResult(monitor.SucceededListCount() >= JobCount), $"all {JobCount} jobs to succeed", ct);

            var states = jobs.Select(j => monitor.JobDetails(j)).ToList();
            Assert.All(states, s => Assert.Equal("Succeeded", s.History[0].StateName));
            Assert.Equal(0, monitor.FailedCount());
            var servers = states
                .SelectMany(s => s.History.Where(h => h.StateName == "Processing").Select(h => h.Data["ServerId"]))
                .Select(serverId => serverId.Split(':')[1])
                .ToHashSet();
            Assert.Equal(workers.Select(w => w.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(), servers);
            Assert.Equal(0, stopped.ExitCode);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill(entireProcessTree: true);
                    await worker.WaitForExitAsync(CancellationToken.None);
                }

                worker.Dispose();
            }

            await using var connection = new MySqlConnection(BackingServices.MySql);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{database}`", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
            Directory.Delete(workDir, recursive: true);
        }
    }

    /// <summary>Starts the built server as a worker process, its output drained.</summary>
    internal static Process StartWorker(string workDir, Dictionary<string, string> environment, List<string>? output = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("FlowDocs__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drained so that a chatty worker never blocks on a full pipe; kept when the caller wants to show it.
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(List<string>? output, string? line)
    {
        if (output is not null && line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"Timed out waiting for {what}");
            }

            await Task.Delay(100, ct);
        }
    }
}
