using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Blobs;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The load command: one FlowDocs web process (Kestrel on loopback, in this process) and N clients uploading 4 KB
/// documents beside N clients reading their inbox, all at once. Clients honour 503 + Retry-After. Passes when no answer
/// is a 5xx other than 503-with-Retry-After, every upload is acknowledged within 60 s, no request goes unanswered, no
/// stored object is without a version, every acknowledged upload is exactly one document, and the process's memory is
/// back within 10 % of its start 60 s after the load.
///   dotnet run -c Release --project tests/FlowDocs.Documents.Benchmark -- load [clients=1000] [embedded|production]
/// </summary>
internal static class LoadRun
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var profile = args.Length > 1 && args[1] == "production" ? StoreProfile.Production : StoreProfile.Embedded;
        Console.WriteLine($"FlowDocs load: {clients} uploaders (4 KB) + {clients} inbox readers against one web process, {profile} profile, load average {LoadAverage()}");

        ConsoleHosting.UseServerContentRoot();
        await using var factory = new FlowDocsFactory(profile).With("Serilog:MinimumLevel:Default", "Error");
        if (profile == StoreProfile.Production)
        {
            // As a deployment connects: pooled (the test default turns pooling off, for many databases in one process;
            // here there is one), the pool at MySql.Data's default of 100, above reads + writes + workers.
            factory.With(DataModule.ConnectionStringKey, $"{BackingServices.MySql};Database={factory.MySqlDatabase};Pooling=true;Maximum Pool Size=100");
        }

        factory.UseKestrel(0);
        factory.StartServer();
        var tenant = Guid.NewGuid();
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        Uri kestrel;
        using (var probe = factory.CreateDefaultClient())
        {
            kestrel = probe.BaseAddress!;
        }

        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = kestrel, Timeout = Timeout.InfiniteTimeSpan };

        // Warm-up: JIT, pools, thread pool growth and first blobs under a small concurrent burst, so that the baseline is
        // the process as it idles after having served, not a cold one; then the memory baseline.
        var warmUp = Math.Min(clients, 100);
        var warm = await Task.WhenAll(Enumerable.Range(0, warmUp).Select(i => ClientAsync(http, () => Upload(tenant, $"warm-{i}")))
            .Concat(Enumerable.Range(0, warmUp).Select(i => ClientAsync(http, () => Inbox(tenant, i)))));
        if (warm.Any(o => o.Status is not (HttpStatusCode.Created or HttpStatusCode.OK)))
        {
            Console.WriteLine("warm-up failed: " + string.Join(", ", warm.Select(o => o.Status?.ToString() ?? "unanswered").Distinct()));
            return 1;
        }

        await Task.Delay(TimeSpan.FromSeconds(10));
        GC.Collect();
        var rssStart = Rss();
        Console.WriteLine($"memory at start: {rssStart / 1048576} MiB RSS; {Breakdown()}");

        var uploads = new ConcurrentBag<Outcome>();
        var reads = new ConcurrentBag<Outcome>();
        var stopwatch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(i => Task.Run(async () => uploads.Add(await ClientAsync(http, () => Upload(tenant, $"load-{i}")))))
            .Concat(Enumerable.Range(0, clients).Select(i => Task.Run(async () => reads.Add(await ClientAsync(http, () => Inbox(tenant, i))))));
        await Task.WhenAll(tasks);
        var elapsed = stopwatch.Elapsed;

        Report("uploads", uploads, elapsed);
        Report("inbox reads", reads, elapsed);

        // What is stored: one document per acknowledged upload, no object without a version.
        var acked = uploads.Count(o => o.Status == HttpStatusCode.Created);
        int documents;
        int orphans;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
            documents = await db.Set<Document>().IgnoreQueryFilters().CountAsync(d => d.TenantId == tenant && d.Title.StartsWith("load-"));
            var referenced = (await db.Set<DocumentBlob>().IgnoreQueryFilters().Select(b => b.BlobKey).ToListAsync()).ToHashSet(StringComparer.Ordinal);
            orphans = 0;
            await foreach (var listing in scope.ServiceProvider.GetRequiredService<IBlobStore>().ListAsync($"{tenant:N}/blobs/", CancellationToken.None))
            {
                orphans += referenced.Contains(listing.Key) ? 0 : 1;
            }
        }

        Console.WriteLine($"stored: {documents} documents for {acked} acknowledged uploads, {orphans} objects without a version");
        var rssPeak = Rss();
        Console.WriteLine($"memory after the load: {rssPeak / 1048576} MiB RSS; waiting 60 s");
        http.Dispose(); // the clients' connections live in this process too: they go before the server is measured
        await Task.Delay(TimeSpan.FromSeconds(60));
        GC.Collect(); // as before the start figure
        var rssAfter = Rss();
        var ratio = (double)rssAfter / rssStart;
        Console.WriteLine($"memory 60 s after the load: {rssAfter / 1048576} MiB RSS = {ratio:0.00} × start; {Breakdown()}");
        // For the record, not the criterion: what remains once the GC gives back what it holds free (as it does under a
        // container's memory limit) — the part of the growth that is retained by the process rather than by the GC.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Console.WriteLine($"after an aggressive collection: {Rss() / 1048576} MiB RSS = {(double)Rss() / rssStart:0.00} × start; {Breakdown()}");

        var failures = new List<string>();
        var all = uploads.Concat(reads).ToList();
        if (all.Count(o => o.Status is { } s && (int)s >= 500 && s != HttpStatusCode.ServiceUnavailable) is > 0 and var serverErrors)
        {
            failures.Add($"{serverErrors} answers were 5xx other than 503");
        }

        if (all.Count(o => o.Status is null) is > 0 and var unanswered)
        {
            failures.Add($"{unanswered} requests went unanswered within {RequestTimeout.TotalSeconds} s");
        }

        if (uploads.Count(o => o.Status != HttpStatusCode.Created || o.Elapsed > TimeSpan.FromSeconds(60)) is > 0 and var late)
        {
            failures.Add($"{late} uploads were not acknowledged within 60 s");
        }

        if (documents != acked)
        {
            failures.Add($"{documents} documents stored for {acked} acknowledged uploads");
        }

        if (orphans > 0)
        {
            failures.Add($"{orphans} stored objects have no version");
        }

        if (ratio > 1.10)
        {
            failures.Add($"memory 60 s after the load is {ratio:0.00} × its start (limit 1.10)");
        }

        Console.WriteLine(failures.Count == 0 ? "load: PASS" : "load: FAIL — " + string.Join("; ", failures));
        return failures.Count == 0 ? 0 : 1;
    }

    private sealed record Outcome(HttpStatusCode? Status, TimeSpan Elapsed, int Attempts, int Refusals);

    /// <summary>One client: sends, and on 503 waits what Retry-After says and sends again (as a well-behaved client does).</summary>
    private static async Task<Outcome> ClientAsync(HttpClient http, Func<HttpRequestMessage> request)
    {
        var started = Stopwatch.StartNew();
        var attempts = 0;
        var refusals = 0;
        while (true)
        {
            attempts++;
            using var timeout = new CancellationTokenSource(RequestTimeout);
            try
            {
                using var response = await SendAsync(http, request(), timeout.Token);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta is { } wait)
                {
                    refusals++;
                    await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)));
                    continue;
                }

                return new Outcome(response.StatusCode, started.Elapsed, attempts, refusals);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return new Outcome(null, started.Elapsed, attempts, refusals);
            }
            catch (HttpRequestException)
            {
                return new Outcome(null, started.Elapsed, attempts, refusals);
            }
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response;
    }

    private static HttpRequestMessage Upload(Guid tenant, string name)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents?fileName={name}.txt") { Content = new ByteArrayContent(RandomBytes(4096)) };
        request.Headers.Add(TestAuthenticationHandler.Header, User(tenant, "uploader"));
        return request;
    }

    private static HttpRequestMessage Inbox(Guid tenant, int reader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks?view=Candidate");
        request.Headers.Add(TestAuthenticationHandler.Header, User(tenant, $"reader-{reader}"));
        return request;
    }

    private static string User(Guid tenant, string id) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(TestUser.Member(tenant, id)));

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static void Report(string what, ConcurrentBag<Outcome> outcomes, TimeSpan elapsed)
    {
        var times = outcomes.Select(o => o.Elapsed.TotalMilliseconds).Order().ToList();
        double Percentile(double p) => times.Count == 0 ? 0 : times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        var statuses = string.Join(", ", outcomes.GroupBy(o => o.Status?.ToString() ?? "unanswered").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} × {g.Key}"));
        Console.WriteLine(
            $"{what}: {statuses}; p50 {Percentile(0.5):0} ms, p99 {Percentile(0.99):0} ms, max {times.LastOrDefault():0} ms; "
            + $"{outcomes.Sum(o => o.Refusals)} refusals (503 + Retry-After) retried; all done in {elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Where the memory is: the managed heap (in use, and committed by the GC), and the threads (each has a stack).</summary>
    private static string Breakdown()
    {
        var gc = GC.GetGCMemoryInfo();
        using var process = Process.GetCurrentProcess();
        return $"managed heap {gc.HeapSizeBytes / 1048576} MiB in use, {gc.TotalCommittedBytes / 1048576} MiB committed; {process.Threads.Count} threads";
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
