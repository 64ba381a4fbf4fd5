namespace FlowDocs.Workflows.Benchmark;

/// <summary>The job of measurement (a): Hangfire's own cost per job, with no work in it.</summary>
public static class NoOp
{
    public static void Run()
    {
    }
}

/// <summary>
/// How many callers start (and resume) workflows at once: as many as the Hangfire workers of (a) and the concurrent
/// workflows Workflow Core runs in (c), so that every measurement gets the same concurrency.
/// <c>FLOWDOCS_BENCH_CALLERS</c> overrides it.
/// </summary>
public static class BenchmarkLoad
{
    public static int Callers { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("FLOWDOCS_BENCH_CALLERS"), System.Globalization.CultureInfo.InvariantCulture, out var callers) && callers > 0 ? callers : 8;
}

/// <summary>
/// Runs a measurement to its steady state before it is timed. FlowDocs goes through far more code per workflow than
/// an in-memory engine (EF Core, MySql.Data, Hangfire), and tiered compilation keeps recompiling the hot part of it for
/// thousands of workflows: measured after a short warm-up, FlowDocs was timed mostly while the JIT still competed
/// for the two cores (perf: a fifth of the CPU samples of a 24-second run were in the JIT, and the rate kept rising
/// for about 5,000 workflows). Every measurement, the peer's too, is therefore warmed the same way: rounds of the
/// measured size for at least <see cref="MinimumTime"/> and until two consecutive rounds differ by less than 10 %
/// (at most 3 minutes).
/// </summary>
public static class Warmup
{
    /// <summary>The shortest warm-up; <c>FLOWDOCS_BENCH_WARMUP_SECONDS</c> overrides it.</summary>
    public static TimeSpan MinimumTime { get; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("FLOWDOCS_BENCH_WARMUP_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 ? seconds : 30);

    public static async Task RunAsync(string name, int count, Func<int, Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var total = System.Diagnostics.Stopwatch.StartNew();
        var previous = 0.0;
        var rounds = 0;
        while (true)
        {
            var round = System.Diagnostics.Stopwatch.StartNew();
            await run(count);
            var rate = count / round.Elapsed.TotalSeconds;
            rounds++;
            var steady = rounds >= 2 && total.Elapsed >= MinimumTime && Math.Abs(rate - previous) < 0.10 * previous;
            if (steady || total.Elapsed > TimeSpan.FromMinutes(3))
            {
                Console.WriteLine($"    {name}: warm-up {rounds} rounds in {total.Elapsed.TotalSeconds:0} s, last {rate:0}/s{(steady ? "" : " (not steady)")}");
                return;
            }

            previous = rate;
        }
    }
}
